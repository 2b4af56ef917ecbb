package io.ftcoach.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/** A record that could not be read as an event; {@link #reason()} says which way it failed. */
public final class WireFormatException extends SerializationException {

    public enum Reason {
        /** Not framed as [0x00][4-byte schema id][Avro binary]. */
        NOT_WIRE_FORMAT,
        /** The registry knows no schema with the record's id. */
        UNKNOWN_SCHEMA_ID,
        /** The bytes do not decode with the writer schema, or cannot be resolved to the reader's. */
        UNDECODABLE,
        /** The registry could not be reached; the record itself may be fine. */
        REGISTRY_UNAVAILABLE
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
