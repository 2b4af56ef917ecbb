package io.ftcoach.schemas.serde;

import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes Avro records in the Confluent wire format, registering the schema under {@code <topic>-value}
 * (TopicNameStrategy), and sets the CloudEvents headers from the event's envelope.
 */
public class AvroEventSerializer implements Serializer<IndexedRecord> {

    private SchemaRegistryClient registry;
    private boolean autoRegister = true;
    private String fallbackSource = "/ftcoach";
    private final Map<Schema, DatumWriter<IndexedRecord>> writers = new ConcurrentHashMap<>();

    /** For Kafka's reflective construction; {@link #configure} supplies the registry. */
    public AvroEventSerializer() {
    }

    public AvroEventSerializer(SchemaRegistryClient registry, boolean autoRegister) {
        this.registry = registry;
        this.autoRegister = autoRegister;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (registry == null) {
            registry = new RestSchemaRegistryClient(config.registrySettings());
        }
        autoRegister = config.autoRegister();
        fallbackSource = config.cloudEventsSource();
    }

    @Override
    public byte[] serialize(String topic, IndexedRecord event) {
        return serialize(topic, null, event);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, IndexedRecord event) {
        if (event == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("AvroEventSerializer has no schema registry: set "
                    + AvroSerdeConfig.SCHEMA_REGISTRY_URL);
        }
        Schema schema = event.getSchema();
        String subject = topic + "-value";
        int id;
        try {
            id = autoRegister ? registry.register(subject, schema) : registry.lookUp(subject, schema).id();
        } catch (SchemaRegistryException e) {
            throw new SerializationException("Cannot write " + schema.getFullName() + " to topic " + topic
                    + ": " + e.getMessage(), e);
        }
        byte[] body = encode(schema, event);
        if (headers != null) {
            Envelopes.of(event).ifPresent(env -> CloudEventHeaders.write(headers, schema.getName(), env, fallbackSource));
        }
        return ConfluentWireFormat.frame(id, body);
    }

    private byte[] encode(Schema schema, IndexedRecord event) {
        DatumWriter<IndexedRecord> writer = writers.computeIfAbsent(schema, s -> event instanceof SpecificRecord
                ? new SpecificDatumWriter<>(s) : new GenericDatumWriter<>(s));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(event, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot encode " + schema.getFullName() + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
