package io.handoffkit.conformance.runner.report;

import java.util.HexFormat;

/** Classic 16-bytes-a-line hex dumps (offset, hex, printable ASCII), optionally clipped for reports. */
public final class HexDump {

    private HexDump() {}

    /** The whole dump. */
    public static String dump(byte[] bytes) {
        return dump(bytes, Integer.MAX_VALUE);
    }

    /** At most {@code limit} bytes; a clipped dump says how many bytes it left out. */
    public static String dump(byte[] bytes, int limit) {
        StringBuilder out = new StringBuilder();
        int shown = Math.min(bytes.length, limit);
        for (int line = 0; line < shown; line += 16) {
            out.append(String.format("%08x  ", line));
            for (int i = 0; i < 16; i++) {
                if (line + i < shown) {
                    out.append(String.format("%02x ", bytes[line + i] & 0xff));
                } else {
                    out.append("   ");
                }
                if (i == 7) {
                    out.append(' ');
                }
            }
            out.append(" |");
            for (int i = 0; i < 16 && line + i < shown; i++) {
                int b = bytes[line + i] & 0xff;
                out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.append("|\n");
        }
        if (shown < bytes.length) {
            out.append("... ").append(bytes.length - shown).append(" more bytes (").append(bytes.length).append(" in all)\n");
        }
        return out.toString();
    }

    /** Plain hex, clipped in the middle beyond {@code limit} bytes. */
    public static String hex(byte[] bytes, int limit) {
        HexFormat hex = HexFormat.of();
        if (bytes.length <= limit) {
            return hex.formatHex(bytes);
        }
        int half = limit / 2;
        return hex.formatHex(bytes, 0, half) + "...(" + bytes.length + " bytes)..." + hex.formatHex(bytes, bytes.length - half, bytes.length);
    }
}
