package io.ftcoach.ingest.domain;

import java.util.List;

/**
 * What one source gave.
 *
 * @param position where the source stood when it was read: a file's sha-256, a PostgreSQL LSN, an API cursor
 */
public record SourceRows(SourceDefinition source, List<LabeledRow> rows, String position) {

    public SourceRows {
        rows = List.copyOf(rows);
    }
}
