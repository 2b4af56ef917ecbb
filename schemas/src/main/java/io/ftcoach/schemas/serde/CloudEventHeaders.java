package io.ftcoach.schemas.serde;

import io.ftcoach.events.Envelope;
import org.apache.kafka.common.header.Headers;

import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;

/**
 * CloudEvents 1.0 attributes in Kafka's binary content mode, so systems that route on headers need not decode
 * the Avro body. Set by {@link AvroEventSerializer} on every record it writes.
 */
public final class CloudEventHeaders {

    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    /** Content type of the record value: Avro binary in Confluent framing. */
    public static final String AVRO_CONTENT_TYPE = "application/vnd.apache.avro+binary; framing=confluent";
    /** Prefix of {@code ce_type}: {@code io.ftcoach.events.TaskCreated}. */
    public static final String TYPE_PREFIX = "io.ftcoach.events.";

    private CloudEventHeaders() {
    }

    static void write(Headers headers, String eventName, Envelope envelope, String fallbackSource) {
        String source = envelope.getSource() == null || envelope.getSource().isBlank()
                ? fallbackSource : "/ftcoach/" + envelope.getSource();
        put(headers, ID, envelope.getEventId());
        put(headers, TYPE, TYPE_PREFIX + eventName);
        put(headers, SOURCE, source);
        put(headers, TIME, DateTimeFormatter.ISO_INSTANT.format(envelope.getOccurredAt()));
        put(headers, SPEC_VERSION, SPEC_VERSION_VALUE);
        put(headers, SUBJECT, envelope.getTaskId());
        put(headers, CONTENT_TYPE, AVRO_CONTENT_TYPE);
    }

    private static void put(Headers headers, String key, String value) {
        headers.remove(key);
        headers.add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A header's value as text, or null when absent. */
    public static String read(Headers headers, String key) {
        var header = headers.lastHeader(key);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
