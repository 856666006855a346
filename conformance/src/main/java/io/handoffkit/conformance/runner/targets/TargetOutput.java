package io.handoffkit.conformance.runner.targets;

import java.util.Arrays;

/**
 * What a started implementation printed, kept for the report: per start, what was started, its stdout
 * and stderr (the last {@link #LIMIT} characters of each) and how it ended.
 */
final class TargetOutput {

    static final int LIMIT = 64 * 1024;
    /** How much of the output a setup error's message carries. */
    static final int SETUP_ERROR_LINES = 15;

    private final StringBuilder text = new StringBuilder();

    synchronized void add(int start, String what, String stdout, String stderr, String ending) {
        text.append("--- start ").append(start).append(": ").append(what).append('\n');
        stream("stdout", stdout);
        stream("stderr", stderr);
        text.append("--- ").append(ending).append('\n');
    }

    synchronized String text() {
        return text.toString();
    }

    /** The last {@link #SETUP_ERROR_LINES} lines, for a setup error's message; empty when nothing was printed. */
    String lastLines() {
        String out = text().strip();
        if (out.isEmpty()) {
            return "";
        }
        String[] lines = out.split("\n");
        return "\n" + String.join("\n", Arrays.copyOfRange(lines, Math.max(0, lines.length - SETUP_ERROR_LINES), lines.length));
    }

    private void stream(String name, String printed) {
        boolean cut = printed.length() > LIMIT;
        String kept = cut ? printed.substring(printed.length() - LIMIT) : printed;
        text.append('[').append(name).append(cut ? ", last " + LIMIT + " characters" : "").append("]\n").append(kept);
        if (!kept.isEmpty() && !kept.endsWith("\n")) {
            text.append('\n');
        }
    }
}
