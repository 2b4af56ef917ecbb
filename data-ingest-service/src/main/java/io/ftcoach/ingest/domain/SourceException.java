package io.ftcoach.ingest.domain;

/**
 * A source could not be read: the message names the source, the file and line or row where known, and the fix.
 * A run that meets one stores nothing.
 */
public class SourceException extends IllegalArgumentException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
