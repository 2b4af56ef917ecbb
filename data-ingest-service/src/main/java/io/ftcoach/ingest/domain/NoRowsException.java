package io.ftcoach.ingest.domain;

/**
 * Every enabled source was read, and together they gave no rows: there is nothing to snapshot, so nothing is
 * stored and the previous snapshot stays the task's data. Unlike other source errors, running again gives the same
 * until a source's data changes.
 */
public class NoRowsException extends SourceException {

    public NoRowsException(String message) {
        super(message);
    }
}
