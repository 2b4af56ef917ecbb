package io.ftcoach.ingest.domain;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Rows as UTF-8 JSON Lines with a fixed field order (text, label, entity when present): equal rows, equal bytes. */
public final class JsonLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private JsonLines() {
    }

    public static byte[] write(List<LabeledRow> rows) {
        StringBuilder out = new StringBuilder();
        for (LabeledRow row : rows) {
            ObjectNode node = JSON.createObjectNode();
            node.put("text", row.text());
            node.put("label", row.label());
            if (row.entity() != null) {
                node.put("entity", row.entity());
            }
            out.append(JSON.writeValueAsString(node)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
