package io.handoffkit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import io.handoffkit.wire.Framing;
import java.io.IOException;
import java.util.Optional;

/**
 * One request line of {@code verdict --jsonl}: read with room for the largest legal frame (FRAME-3's
 * 16 MiB, as hex, and as many trailing bytes again), and with its {@code id} kept whenever the id came
 * before what is wrong with the line, so a caller can match even a refused line to its request.
 */
final class JsonLines {

    /** Hex digits of a 16 MiB frame with its header, followed by as many bytes again. */
    static final int MAX_STRING_LENGTH = 2 * 2 * (Framing.MAX_FRAME_BYTES + Framing.HEADER_LENGTH);

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(MAX_STRING_LENGTH).build())
            .build();

    static final ObjectMapper JSON = new ObjectMapper(FACTORY);

    /** A line read: the request object, or why it is not one and the id, if it could be read. */
    sealed interface Line {
        record Request(JsonNode request) implements Line {}

        record Refused(JsonNode id, String why) implements Line {}
    }

    private JsonLines() {}

    static Line read(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return new Line.Refused(idBefore(line).orElse(NullNode.getInstance()), describe(e));
        }
        if (node == null || !node.isObject()) {
            return new Line.Refused(NullNode.getInstance(), "the line is not a JSON object");
        }
        return new Line.Request(node);
    }

    /** The top-level "id" of a line that does not parse as a whole, read up to where it stops parsing. */
    private static Optional<JsonNode> idBefore(String line) {
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("id") && value.isScalarValue()) {
                    return Optional.of(JSON.readTree(p));
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            // the fault came before the id
        }
        return Optional.empty();
    }

    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (at character " + e.getLocation().getColumnNr() + ")";
        if (e instanceof StreamConstraintsException) {
            return "a value in the line is longer than any legal request (" + MAX_STRING_LENGTH + " characters; a 16 MiB frame"
                    + " in hex fits)" + where;
        }
        if (e instanceof JsonEOFException) {
            return "the line ends inside a JSON value" + where;
        }
        return "the line is not valid JSON" + where;
    }
}
