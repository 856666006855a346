package io.handoffkit.conformance.spec;

/** One numbered requirement of SPEC.md: its stable ID, level and title. */
public record Requirement(String id, Level level, String title) {

    public enum Level { MUST, SHOULD, MAY }
}
