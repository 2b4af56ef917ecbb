package io.ftcoach.ingest.domain;

import tools.jackson.core.JsonGenerator;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Rows as UTF-8 JSON Lines with a fixed field order (text, label, entity when present): equal rows, equal bytes. */
public final class JsonLines {

    // no separator between root values: each row ends with its own newline
    private static final JsonMapper JSON = JsonMapper.builder(JsonFactory.builder().rootValueSeparator((String) null)
            .build()).build();

    private JsonLines() {
    }

    public static byte[] write(List<LabeledRow> rows) {
        // one generator for all rows rather than a tree and a generator per row; the character-based generator
        // escapes exactly as writeValueAsString did, so the bytes stay the same
        StringWriter out = new StringWriter(Math.max(16, rows.size() * 64));
        try (JsonGenerator g = JSON.createGenerator(out)) {
            for (LabeledRow row : rows) {
                g.writeStartObject();
                g.writeStringProperty("text", row.text());
                g.writeStringProperty("label", row.label());
                if (row.entity() != null) {
                    g.writeStringProperty("entity", row.entity());
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
