package io.handoffkit.conformance.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The subset of JSON Schema 2020-12 that handoff_vectors.schema.json uses,
 * validated by hand (no new dependency). A keyword outside the subset is an
 * error rather than silently ignored, so the schema cannot drift past what
 * this check enforces.
 */
final class MiniJsonSchema {

    private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "$defs", "title", "description");
    private static final Set<String> SUPPORTED = Set.of("$ref", "type", "enum", "const", "required", "properties",
            "additionalProperties", "propertyNames", "items", "minItems", "uniqueItems", "pattern", "minLength",
            "minimum", "maximum", "anyOf", "allOf", "if", "then", "else", "dependentRequired");

    private final JsonNode root;

    MiniJsonSchema(JsonNode root) {
        this.root = root;
    }

    /** Every violation as "path: message"; empty when the instance conforms. */
    List<String> validate(JsonNode instance) {
        List<String> errors = new ArrayList<>();
        validate(root, instance, "$", errors);
        return errors;
    }

    private void validate(JsonNode schema, JsonNode node, String path, List<String> errors) {
        if (schema.isBoolean()) {
            if (!schema.booleanValue()) {
                errors.add(path + ": not allowed here");
            }
            return;
        }
        for (Iterator<String> it = schema.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!ANNOTATIONS.contains(k) && !SUPPORTED.contains(k)) {
                throw new IllegalArgumentException("schema keyword '" + k + "' is not supported by MiniJsonSchema");
            }
        }
        if (schema.has("$ref")) {
            validate(resolve(schema.get("$ref").asText()), node, path, errors);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), node)) {
            errors.add(path + ": expected type " + schema.get("type") + ", got " + node.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) {
                found |= same(option, node);
            }
            if (!found) {
                errors.add(path + ": " + node + " is not one of " + schema.get("enum"));
            }
        }
        if (schema.has("const") && !same(schema.get("const"), node)) {
            errors.add(path + ": expected " + schema.get("const") + ", got " + node);
        }
        if (node.isTextual()) {
            if (schema.has("pattern") && !Pattern.compile(schema.get("pattern").asText()).matcher(node.asText()).find()) {
                errors.add(path + ": '" + abbreviate(node.asText()) + "' does not match " + schema.get("pattern").asText());
            }
            if (schema.has("minLength") && node.asText().codePointCount(0, node.asText().length()) < schema.get("minLength").asInt()) {
                errors.add(path + ": shorter than " + schema.get("minLength"));
            }
        }
        if (node.isNumber()) {
            if (schema.has("minimum") && node.decimalValue().compareTo(schema.get("minimum").decimalValue()) < 0) {
                errors.add(path + ": " + node + " is below " + schema.get("minimum"));
            }
            if (schema.has("maximum") && node.decimalValue().compareTo(schema.get("maximum").decimalValue()) > 0) {
                errors.add(path + ": " + node + " is above " + schema.get("maximum"));
            }
        }
        if (node.isObject()) {
            object(schema, node, path, errors);
        }
        if (node.isArray()) {
            if (schema.has("minItems") && node.size() < schema.get("minItems").asInt()) {
                errors.add(path + ": fewer than " + schema.get("minItems") + " items");
            }
            if (schema.path("uniqueItems").asBoolean(false)) {
                Set<JsonNode> seen = new HashSet<>();
                for (JsonNode item : node) {
                    if (!seen.add(item)) {
                        errors.add(path + ": duplicate item " + item);
                    }
                }
            }
            if (schema.has("items")) {
                for (int i = 0; i < node.size(); i++) {
                    validate(schema.get("items"), node.get(i), path + "[" + i + "]", errors);
                }
            }
        }
        if (schema.has("allOf")) {
            for (JsonNode sub : schema.get("allOf")) {
                validate(sub, node, path, errors);
            }
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode sub : schema.get("anyOf")) {
                any |= validate(sub, node).isEmpty();
            }
            if (!any) {
                errors.add(path + ": matches none of anyOf");
            }
        }
        if (schema.has("if")) {
            boolean holds = validate(schema.get("if"), node).isEmpty();
            JsonNode branch = holds ? schema.get("then") : schema.get("else");
            if (branch != null) {
                validate(branch, node, path, errors);
            }
        }
    }

    private void object(JsonNode schema, JsonNode node, String path, List<String> errors) {
        for (JsonNode r : schema.path("required")) {
            if (!node.has(r.asText())) {
                errors.add(path + ": missing required '" + r.asText() + "'");
            }
        }
        JsonNode properties = schema.path("properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String child = path + "." + e.getKey();
            if (schema.has("propertyNames")) {
                validate(schema.get("propertyNames"), com.fasterxml.jackson.databind.node.TextNode.valueOf(e.getKey()), child + "(name)", errors);
            }
            if (properties.has(e.getKey())) {
                validate(properties.get(e.getKey()), e.getValue(), child, errors);
            } else if (schema.has("additionalProperties")) {
                validate(schema.get("additionalProperties"), e.getValue(), child, errors);
            }
        }
        if (schema.has("dependentRequired")) {
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.get("dependentRequired").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (node.has(e.getKey())) {
                    for (JsonNode r : e.getValue()) {
                        if (!node.has(r.asText())) {
                            errors.add(path + ": '" + e.getKey() + "' requires '" + r.asText() + "'");
                        }
                    }
                }
            }
        }
    }

    private List<String> validate(JsonNode schema, JsonNode node) {
        List<String> errors = new ArrayList<>();
        validate(schema, node, "", errors);
        return errors;
    }

    private JsonNode resolve(String ref) {
        if (!ref.startsWith("#/")) {
            throw new IllegalArgumentException("only local $ref is supported: " + ref);
        }
        JsonNode target = root.at(ref.substring(1));
        if (target.isMissingNode()) {
            throw new IllegalArgumentException("unresolvable $ref " + ref);
        }
        return target;
    }

    private static boolean typeMatches(JsonNode type, JsonNode node) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, node)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> node.isObject();
            case "array" -> node.isArray();
            case "string" -> node.isTextual();
            case "integer" -> node.isIntegralNumber();
            case "number" -> node.isNumber();
            case "boolean" -> node.isBoolean();
            case "null" -> node.isNull();
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static boolean same(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
