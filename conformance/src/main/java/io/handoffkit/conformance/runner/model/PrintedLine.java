package io.handoffkit.conformance.runner.model;

import java.time.Instant;
import java.util.Optional;

/**
 * One line the implementation printed: when the runner read it ({@code at}; empty when the output
 * only came in at the end, as a container's logs do), during which start of the implementation,
 * on which stream ({@code stdout} or {@code stderr}). The instant places the line next to the case
 * that was running when it appeared.
 */
public record PrintedLine(Optional<Instant> at, int start, String stream, String text) {}
