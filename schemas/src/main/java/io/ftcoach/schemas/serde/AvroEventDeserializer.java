package io.ftcoach.schemas.serde;

import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the Confluent wire format. The writer's schema comes from the registry by id; the reader's schema is the
 * generated class's own, so a consumer built against an older schema reads events written with a newer one.
 * Every failure is a {@link WireFormatException} naming its {@link WireFormatException.Reason}.
 */
public class AvroEventDeserializer implements Deserializer<IndexedRecord> {

    private SchemaRegistryClient registry;
    private boolean specificReader = true;
    private final Map<Integer, DatumReader<IndexedRecord>> readers = new ConcurrentHashMap<>();

    public AvroEventDeserializer() {
    }

    public AvroEventDeserializer(SchemaRegistryClient registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        if (registry == null) {
            registry = new RestSchemaRegistryClient(config.registrySettings());
        }
        specificReader = config.specificReader();
    }

    @Override
    public IndexedRecord deserialize(String topic, Headers headers, byte[] data) {
        return deserialize(topic, data);
    }

    @Override
    public IndexedRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        int id = ConfluentWireFormat.schemaId(data);
        DatumReader<IndexedRecord> reader = readers.computeIfAbsent(id, this::readerFor);
        try {
            var decoder = DecoderFactory.get().binaryDecoder(data, ConfluentWireFormat.HEADER_LENGTH,
                    data.length - ConfluentWireFormat.HEADER_LENGTH, null);
            return reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Reason.UNDECODABLE,
                    "record on " + topic + " with schema id " + id + " does not decode: " + e, e);
        }
    }

    @SuppressWarnings("unchecked")
    private DatumReader<IndexedRecord> readerFor(int id) {
        Schema writer;
        try {
            writer = registry.getById(id);
        } catch (SchemaRegistryException.SchemaNotFoundException e) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID,
                    "the registry has no schema with id " + id, e);
        } catch (SchemaRegistryException e) {
            throw new WireFormatException(e.errorCode() == -1 ? WireFormatException.Reason.REGISTRY_UNAVAILABLE
                    : WireFormatException.Reason.UNKNOWN_SCHEMA_ID, e.getMessage(), e);
        }
        if (specificReader) {
            Class<?> type = SpecificData.get().getClass(writer);
            if (type != null && IndexedRecord.class.isAssignableFrom(type)) {
                Schema reader = SpecificData.get().getSchema(type);
                return (DatumReader<IndexedRecord>) (DatumReader<?>) new SpecificDatumReader<>(writer, reader);
            }
        }
        return new GenericDatumReader<>(writer);
    }
}
