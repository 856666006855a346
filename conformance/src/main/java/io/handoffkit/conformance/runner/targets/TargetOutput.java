package io.handoffkit.conformance.runner.targets;

import io.handoffkit.conformance.runner.model.PrintedLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a started implementation printed, kept for the report: per start, what was started, its
 * stdout and stderr lines (the last {@link #LIMIT} characters of each stream), each with the
 * instant the runner read it when it was read while the implementation ran, and how it ended.
 */
final class TargetOutput {

    static final int LIMIT = 64 * 1024;
    /** Characters kept per stream for the lines: enough for a whole run of a chatty implementation. */
    static final int LINES_LIMIT = 4 * 1024 * 1024;
    /** How much of the output a setup error's message carries. */
    static final int SETUP_ERROR_LINES = 15;

    private static final class Start {
        final String what;
        final Map<String, List<PrintedLine>> streams = new LinkedHashMap<>();
        final Map<String, Integer> kept = new LinkedHashMap<>();
        /** the streams whose oldest lines were dropped */
        final Set<String> cut = new HashSet<>();
        String ending = "";

        Start(String what) {
            this.what = what;
            for (String stream : List.of("stdout", "stderr")) {
                streams.put(stream, new ArrayList<>());
                kept.put(stream, 0);
            }
        }
    }

    private final Map<Integer, Start> starts = new LinkedHashMap<>();

    /** Start {@code start} ({@code what}: its command line or image) began. */
    synchronized void started(int start, String what) {
        starts.put(start, new Start(what));
    }

    /** A line read from {@code stream} while the implementation ran: stamped now. */
    synchronized void line(int start, String stream, String text) {
        keep(starts.get(start), new PrintedLine(Optional.of(Instant.now()), start, stream, text));
    }

    /** Start {@code start} ended ({@code ending}: how). */
    synchronized void ended(int start, String ending) {
        starts.get(start).ending = ending;
    }

    /** A start whose whole output arrives at its end (a container's logs): the lines have no instant. */
    synchronized void add(int start, String what, String stdout, String stderr, String ending) {
        started(start, what);
        Start s = starts.get(start);
        stdout.lines().forEach(l -> keep(s, new PrintedLine(Optional.empty(), start, "stdout", l)));
        stderr.lines().forEach(l -> keep(s, new PrintedLine(Optional.empty(), start, "stderr", l)));
        s.ending = ending;
    }

    synchronized List<PrintedLine> lines() {
        List<PrintedLine> all = new ArrayList<>();
        starts.values().forEach(s -> s.streams.values().forEach(all::addAll));
        all.sort(Comparator.comparing(l -> l.at().orElse(Instant.MAX)));
        return all;
    }

    synchronized String text() {
        StringBuilder text = new StringBuilder();
        starts.forEach((n, s) -> {
            text.append("--- start ").append(n).append(": ").append(s.what).append('\n');
            s.streams.forEach((name, lines) -> {
                StringBuilder printed = new StringBuilder();
                lines.forEach(l -> printed.append(l.text()).append('\n'));
                boolean cut = printed.length() > LIMIT || s.cut.contains(name);
                text.append('[').append(name).append(cut ? ", last " + LIMIT + " characters" : "").append("]\n")
                        .append(printed.length() > LIMIT ? printed.substring(printed.length() - LIMIT) : printed);
            });
            text.append("--- ").append(s.ending).append('\n');
        });
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

    /** Keep the line, dropping the oldest of its stream beyond {@link #LINES_LIMIT} characters. */
    private static void keep(Start s, PrintedLine line) {
        List<PrintedLine> lines = s.streams.get(line.stream());
        lines.add(line);
        int size = s.kept.get(line.stream()) + line.text().length() + 1;
        while (size > LINES_LIMIT && lines.size() > 1) {
            size -= lines.remove(0).text().length() + 1;
            s.cut.add(line.stream());
        }
        s.kept.put(line.stream(), size);
    }
}
