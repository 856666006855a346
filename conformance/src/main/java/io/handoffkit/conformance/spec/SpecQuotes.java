package io.handoffkit.conformance.spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The requirements of SPEC.md with the sentence each one states, so every case can quote the
 * requirement it checks. Headings are parsed by {@link SpecDocument}; the quote is the paragraph
 * under the heading up to its "Rationale:" / "Violation:" lines. The spec travels inside the
 * conformance jar (classpath {@code SPEC.md}).
 */
public final class SpecQuotes {

    private static final SpecQuotes BUNDLED = load();

    private final SpecDocument spec;
    private final Map<String, String> quotes;

    SpecQuotes(String markdown) {
        this.spec = SpecDocument.parse(markdown);
        this.quotes = new HashMap<>();
        List<String> lines = markdown.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!line.startsWith("### ")) {
                continue;
            }
            String id = line.substring(4).split(" ", 2)[0];
            StringBuilder quote = new StringBuilder();
            for (int j = i + 1; j < lines.size(); j++) {
                String l = lines.get(j).strip();
                if (l.startsWith("#") || l.startsWith("Rationale:") || l.startsWith("Violation:")) {
                    break;
                }
                if (!l.isEmpty()) {
                    quote.append(quote.length() == 0 ? "" : " ").append(l);
                }
            }
            quotes.put(id, quote.toString());
        }
    }

    /** The spec bundled in the jar. */
    public static SpecQuotes bundled() {
        return BUNDLED;
    }

    /** The version of the bundled spec. */
    public String version() {
        return spec.version();
    }

    public Optional<Requirement> requirement(String id) {
        return spec.find(id);
    }

    /** "OFFER-2 (MUST) Offer correlation: `frame.request_id` MUST equal ..." */
    public String quote(String id) {
        Requirement r = spec.find(id).orElseThrow(() -> new IllegalArgumentException("SPEC.md has no requirement " + id));
        String text = quotes.getOrDefault(id, "");
        return r.id() + " (" + r.level() + ") " + r.title() + (text.isEmpty() ? "" : ": " + text);
    }

    private static SpecQuotes load() {
        try (InputStream in = SpecQuotes.class.getResourceAsStream("/SPEC.md")) {
            if (in == null) {
                throw new IllegalStateException("SPEC.md is not on the classpath (it is bundled into the conformance jar)");
            }
            return new SpecQuotes(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
