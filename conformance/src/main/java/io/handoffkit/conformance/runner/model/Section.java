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

    /**
     * What a section says about itself.
     *
     * @param id the name on the command line
     * @param title the name in the reports
     * @param description one line on what its cases do
     * @param propertyDriven whether its scenarios are property-driven
     */
    record About(String id, String title, String description, boolean propertyDriven) {}

    /** A section that keeps what it says in one {@link About}. */
    interface Described extends Section {

        About about();

        @Override
        default String id() {
            return about().id();
        }

        @Override
        default String title() {
            return about().title();
        }

        @Override
        default String description() {
            return about().description();
        }

        @Override
        default boolean propertyDriven() {
            return about().propertyDriven();
        }
    }
}
