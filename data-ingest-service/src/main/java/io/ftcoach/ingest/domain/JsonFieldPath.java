package io.ftcoach.ingest.domain;

import tools.jackson.core.JsonPointer;
import tools.jackson.databind.JsonNode;

/**
 * Where a value sits in a JSON document, as data_source.yaml writes it: a JSON pointer ({@code /data/0/text}) or a
 * dotted path ({@code item.content}, {@code meta.next_cursor}, {@code tags[0]}). A leading {@code item.} is the
 * record itself (the spec's {@code text ← item.content}).
 */
record JsonFieldPath(String expression, JsonPointer pointer) {

    static JsonFieldPath parse(String expression) {
        String e = expression.strip();
        if (e.startsWith("/")) {
            return new JsonFieldPath(expression, JsonPointer.compile(e));
        }
        if (e.startsWith("item.")) {
            e = e.substring("item.".length());
        }
        StringBuilder pointer = new StringBuilder();
        for (String part : e.split("\\.")) {
            String name = part;
            String indexes = "";
            int bracket = part.indexOf('[');
            if (bracket > 0 && part.endsWith("]")) {
                name = part.substring(0, bracket);
                indexes = part.substring(bracket);
            }
            pointer.append('/').append(name.replace("~", "~0").replace("/", "~1"));
            for (String index : indexes.replace("]", "").split("\\[")) {
                if (!index.isEmpty()) {
                    pointer.append('/').append(index);
                }
            }
        }
        return new JsonFieldPath(expression, JsonPointer.compile(pointer.toString()));
    }

    /** The node, or null when it is missing or JSON null. */
    JsonNode find(JsonNode root) {
        JsonNode node = root.at(pointer);
        return node == null || node.isMissingNode() || node.isNull() ? null : node;
    }

    /** A scalar as its text, anything else as its JSON; null when missing. */
    String text(JsonNode root) {
        JsonNode node = find(root);
        if (node == null) {
            return null;
        }
        return node.isValueNode() ? node.asString() : node.toString();
    }
}
