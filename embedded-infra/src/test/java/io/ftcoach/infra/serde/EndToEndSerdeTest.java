package io.ftcoach.infra.serde;

import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.registry.RegistryClientSettings;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import io.ftcoach.schemas.serde.AvroEventDeserializer;
import io.ftcoach.schemas.serde.AvroEventSerializer;
import io.ftcoach.schemas.serde.AvroSerdeConfig;
import io.ftcoach.schemas.serde.CloudEventHeaders;
import io.ftcoach.schemas.serde.ConfluentWireFormat;
import io.ftcoach.schemas.serde.WireFormatException;
import io.ftcoach.schemas.testing.SampleEvents;
import io.ftcoach.schemas.topics.Topic;
import io.ftcoach.events.Envelope;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every event type through the real broker and registry, with the platform's own serde configured the way services
 * configure it: by {@code schema.registry.url}.
 */
class EndToEndSerdeTest {

    private static final String TASK_ID = "entity-sentiment";

    private final TestInfrastructure infra = TestInfrastructure.shared();

    @Test
    void everyCatalogueEventRoundTripsWithCloudEventsHeadersAndTheRegistrysId() throws Exception {
        Map<Topic, SpecificRecord> sent = new LinkedHashMap<>();
        Map<Topic, RecordMetadata> where = new LinkedHashMap<>();
        Map<String, Object> producerConfig = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroEventSerializer.class,
                AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.registryUrl()));
        try (KafkaProducer<String, IndexedRecord> producer = new KafkaProducer<>(producerConfig)) {
            for (Topic topic : Topic.values()) {
                SpecificRecord event = SampleEvents.of(topic.eventType(), TASK_ID);
                sent.put(topic, event);
                where.put(topic, producer.send(new ProducerRecord<>(topic.topicName(), TASK_ID, event)).get());
            }
        }

        Map<Topic, ConsumerRecord<String, IndexedRecord>> decoded = readBack(where,
                Map.of(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroEventDeserializer.class,
                        AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.registryUrl()));
        Map<Topic, ConsumerRecord<String, byte[]>> raw = readBack(where,
                Map.of(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));

        RestSchemaRegistryClient registry = new RestSchemaRegistryClient(RegistryClientSettings.of(infra.registryUrl()));
        for (Topic topic : Topic.values()) {
            SpecificRecord event = sent.get(topic);
            ConsumerRecord<String, IndexedRecord> record = decoded.get(topic);
            assertThat(record).as(topic.topicName()).isNotNull();
            assertThat(record.key()).isEqualTo(TASK_ID);
            assertThat(record.value()).as(topic.topicName()).isInstanceOf(topic.eventType()).isEqualTo(event);

            Envelope envelope = Envelopes.of(event).orElseThrow();
            assertThat(header(record, CloudEventHeaders.ID)).isEqualTo(envelope.getEventId());
            assertThat(header(record, CloudEventHeaders.TYPE)).isEqualTo("io.ftcoach.events." + topic.eventName());
            assertThat(header(record, CloudEventHeaders.SOURCE)).isEqualTo("/ftcoach/" + envelope.getSource());
            assertThat(header(record, CloudEventHeaders.TIME))
                    .isEqualTo(DateTimeFormatter.ISO_INSTANT.format(envelope.getOccurredAt()));
            assertThat(header(record, CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");

            int registeredId = registry.lookUp(topic.valueSubject(), event.getSchema()).id();
            byte[] bytes = raw.get(topic).value();
            assertThat(bytes[0]).as("magic byte").isEqualTo((byte) 0);
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).as(topic.valueSubject()).isEqualTo(registeredId);
        }
    }

    @Test
    void recordsThatAreNotInTheWireFormatOrHaveAnUnknownIdAreRejectedWithTheirReason() throws Exception {
        String topic = "ftcoach.test.bad-input-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        byte[] notFramed = "{\"json\":\"instead of avro\"}".getBytes(StandardCharsets.UTF_8);
        byte[] unknownId = ConfluentWireFormat.frame(Integer.MAX_VALUE - 1, new byte[] {2, 'h', 'i'});
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, TASK_ID, notFramed)).get();
            producer.send(new ProducerRecord<>(topic, TASK_ID, unknownId)).get();
        }

        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.registryUrl()), false);
        try (KafkaConsumer<String, IndexedRecord> consumer = consumer(Map.of(), new StringDeserializer(), deserializer)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            assertThat(pollFailure(consumer).reason()).isEqualTo(WireFormatException.Reason.NOT_WIRE_FORMAT);
            consumer.seek(tp, 1);
            WireFormatException unknown = pollFailure(consumer);
            assertThat(unknown.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
            assertThat(unknown).hasMessageContaining(String.valueOf(Integer.MAX_VALUE - 1));
        }
    }

    @Test
    void aConsumerBuiltOnTheCurrentSchemaReadsEventsWrittenWithANewerOne() throws Exception {
        // a producer elsewhere already writes TaskCreated with one more (optional) field
        String topic = "ftcoach.test.evolution-" + UUID.randomUUID();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        io.ftcoach.events.TaskCreated event = SampleEvents.of(io.ftcoach.events.TaskCreated.class, TASK_ID);
        org.apache.avro.Schema current = io.ftcoach.events.TaskCreated.getClassSchema();
        List<org.apache.avro.Schema.Field> fields = new java.util.ArrayList<>();
        current.getFields().forEach(f -> fields.add(new org.apache.avro.Schema.Field(f, f.schema())));
        fields.add(new org.apache.avro.Schema.Field("reviewer", org.apache.avro.SchemaBuilder.unionOf().nullType().and()
                .stringType().endUnion(), "added by a newer producer", org.apache.avro.Schema.Field.NULL_DEFAULT_VALUE));
        org.apache.avro.Schema newer = org.apache.avro.Schema.createRecord(current.getName(), current.getDoc(),
                current.getNamespace(), false, fields);
        var out = new java.io.ByteArrayOutputStream();
        var encoder = org.apache.avro.io.EncoderFactory.get().binaryEncoder(out, null);
        new org.apache.avro.specific.SpecificDatumWriter<io.ftcoach.events.TaskCreated>(current).write(event, encoder);
        encoder.flush();
        org.apache.avro.generic.GenericData.Record written = new org.apache.avro.generic.GenericDatumReader<
                org.apache.avro.generic.GenericData.Record>(current, newer)
                .read(null, org.apache.avro.io.DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        written.put("reviewer", "ada");

        AvroEventSerializer serializer = new AvroEventSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.registryUrl()), false);
        try (KafkaProducer<String, IndexedRecord> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers()), new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>(topic, TASK_ID, written)).get();
        }

        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, infra.registryUrl()), false);
        try (KafkaConsumer<String, IndexedRecord> consumer = consumer(Map.of(), new StringDeserializer(), deserializer)) {
            TopicPartition tp = new TopicPartition(topic, 0);
            consumer.assign(List.of(tp));
            consumer.seek(tp, 0);
            IndexedRecord read = null;
            long deadline = System.currentTimeMillis() + 20_000;
            while (read == null && System.currentTimeMillis() < deadline) {
                for (var r : consumer.poll(Duration.ofMillis(200))) {
                    read = r.value();
                }
            }
            assertThat(read).isInstanceOf(io.ftcoach.events.TaskCreated.class).isEqualTo(event);
        }
        var registry = new RestSchemaRegistryClient(RegistryClientSettings.of(infra.registryUrl()));
        assertThat(registry.getLatest(topic + "-value").schema().getField("reviewer")).isNotNull();
    }

    private static WireFormatException pollFailure(KafkaConsumer<String, IndexedRecord> consumer) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                consumer.poll(Duration.ofMillis(200));
            } catch (RecordDeserializationException e) {
                assertThat(e.getCause()).isInstanceOf(WireFormatException.class);
                return (WireFormatException) e.getCause();
            }
        }
        throw new AssertionError("the bad record was never polled");
    }

    private <V> Map<Topic, ConsumerRecord<String, V>> readBack(Map<Topic, RecordMetadata> where,
                                                              Map<String, Object> valueConfig) {
        Map<Topic, ConsumerRecord<String, V>> out = new LinkedHashMap<>();
        Map<String, Object> config = new HashMap<>(valueConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        try (KafkaConsumer<String, V> consumer = consumer(config, null, null)) {
            Map<TopicPartition, Topic> partitions = new HashMap<>();
            where.forEach((topic, meta) -> partitions.put(new TopicPartition(meta.topic(), meta.partition()), topic));
            consumer.assign(partitions.keySet());
            where.forEach((topic, meta) -> consumer.seek(new TopicPartition(meta.topic(), meta.partition()), meta.offset()));
            long deadline = System.currentTimeMillis() + 30_000;
            while (out.size() < where.size() && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                    Topic topic = partitions.get(new TopicPartition(r.topic(), r.partition()));
                    if (r.offset() == where.get(topic).offset()) {
                        out.put(topic, r);
                    }
                }
            }
        }
        return out;
    }

    private <V> KafkaConsumer<String, V> consumer(Map<String, Object> extra, Deserializer<String> keys,
                                                  Deserializer<V> values) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        return keys == null ? new KafkaConsumer<>(config) : new KafkaConsumer<>(config, keys, values);
    }

    private static String header(ConsumerRecord<String, ?> record, String key) {
        return CloudEventHeaders.read(record.headers(), key);
    }
}
