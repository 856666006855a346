package io.handoffkit.conformance.runner.report;

import io.handoffkit.conformance.runner.model.Transcript;
import java.util.Locale;

/** A transcript as text: one block per step, bytes as a hex dump. */
public final class TranscriptText {

    private TranscriptText() {}

    public static String render(Transcript t, int dumpLimit, String indent) {
        StringBuilder out = new StringBuilder();
        for (Transcript.Entry e : t.entries()) {
            out.append(head(e, indent)).append('\n');
            if (e.bytes().length > 0) {
                HexDump.dump(e.bytes(), dumpLimit).lines().forEach(l -> out.append(indent).append("    ").append(l).append('\n'));
            }
            if (e.direction() == Transcript.Direction.RECEIVED) {
                AckFields.of(e.bytes()).ifPresent(fields -> fields.forEach(l -> out.append(indent).append("    = ").append(l).append('\n')));
            }
        }
        return out.toString();
    }

    /** The step's line: when, which handoff, where, what, and its note. */
    static String head(Transcript.Entry e, String indent) {
        String head = String.format(Locale.ROOT, "%s%9.3f ms  #%d %-19s%s", indent, e.offsetNanos() / 1e6, e.handoff(),
                e.channel().label(), switch (e.direction()) {
                    case SENT -> "sent " + e.bytes().length + " bytes";
                    case RECEIVED -> "received " + e.bytes().length + " bytes";
                    case NOTE -> "";
                });
        return e.note().isEmpty() ? head : head + (e.direction() == Transcript.Direction.NOTE ? "" : " — ") + e.note();
    }
}
