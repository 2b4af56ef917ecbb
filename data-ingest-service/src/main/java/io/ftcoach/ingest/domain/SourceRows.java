package io.ftcoach.ingest.domain;

import java.util.List;

/**
 * What one source gave.
 *
 * @param position  where the source stood when it was read: a file's sha-256, a PostgreSQL LSN, an API cursor
 * @param rawOutput the source's {@code output.path} file when it holds more than the rows (llm_generated marks its
 *                  review sample there); null: the rows as JSON Lines
 */
public record SourceRows(SourceDefinition source, List<LabeledRow> rows, String position, byte[] rawOutput) {

    public SourceRows {
        rows = List.copyOf(rows);
    }

    public SourceRows(SourceDefinition source, List<LabeledRow> rows, String position) {
        this(source, rows, position, null);
    }
}
