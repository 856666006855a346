package io.handoffkit.conformance.runner.model;

/**
 * A part of a suite, as the reports group cases and {@code --section} selects them. Each suite
 * names its own sections (an enum in the suite's package), in the order they run.
 */
public interface Section {

    /** The name on the command line ({@code --section robustness}). */
    String id();

    /** The name in the reports' headings and tables. */
    String title();

    /** One line on what the section's cases do. */
    String description();

    /**
     * Whether the section's scenarios are property-driven: they run as long as their tries take
     * (no scenario time limit), and a rerun of one of their cases needs the run's seed and tries.
     */
    default boolean propertyDriven() {
        return false;
    }
}
