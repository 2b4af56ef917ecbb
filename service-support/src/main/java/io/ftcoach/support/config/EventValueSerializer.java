package io.ftcoach.support.config;

import io.ftcoach.schemas.serde.AvroEventSerializer;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/** Lets one producer carry Avro events and, for dead letters, the raw bytes of records that never decoded. */
final class EventValueSerializer implements Serializer<Object> {

    private final AvroEventSerializer avro;

    EventValueSerializer(AvroEventSerializer avro) {
        this.avro = avro;
    }

    @Override
    public byte[] serialize(String topic, Object data) {
        return serialize(topic, null, data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data == null || data instanceof byte[]) {
            return (byte[]) data;
        }
        if (data instanceof IndexedRecord event) {
            return avro.serialize(topic, headers, event);
        }
        throw new SerializationException("Cannot write " + data.getClass().getName() + " to " + topic
                + ": events must be Avro records generated from schemas/src/main/avro");
    }
}
