package io.ftcoach.dispatcher;

import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.serde.AvroEventDeserializer;
import io.ftcoach.schemas.serde.AvroEventSerializer;
import io.ftcoach.schemas.serde.AvroSerdeConfig;
import io.ftcoach.schemas.topics.Topic;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Sends and reads events the way another system would: plain Kafka clients with the Confluent-wire-format serde
 * against the real broker and registry.
 */
final class KafkaEvents implements AutoCloseable {

    private final String bootstrapServers;
    private final String registryUrl;
    private final KafkaProducer<String, IndexedRecord> producer;

    KafkaEvents(String bootstrapServers, String registryUrl) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        AvroEventSerializer serializer = new AvroEventSerializer();
        serializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
    }

    /** Publishes to the event's catalogue topic, keyed by task id, and waits for the acknowledgement. */
    void send(SpecificRecord event) throws Exception {
        String key = Envelopes.of(event).orElseThrow().getTaskId();
        producer.send(new ProducerRecord<>(Topic.forEvent(event.getClass()).topicName(), key, event))
                .get(30, TimeUnit.SECONDS);
    }

    /**
     * Reads the type's topic from the beginning until {@code count} events match (failing after {@code timeout}),
     * then on to the current end, so the answer holds every matching event written so far: a test can assert
     * that exactly {@code count} were produced.
     */
    <T extends SpecificRecord> List<T> await(Class<T> type, Predicate<? super T> match, int count, Duration timeout) {
        String topic = Topic.forEvent(type).topicName();
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, IndexedRecord> consumer = consumer()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map((PartitionInfo p) -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                poll(consumer, type, match, found);
            }
            if (found.size() < count) {
                throw new AssertionError("Expected " + count + " matching " + type.getSimpleName() + " on " + topic
                        + " within " + timeout.toSeconds() + " s, saw " + found.size() + ": " + found);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                poll(consumer, type, match, found);
            }
        }
        return found;
    }

    private static <T extends SpecificRecord> void poll(KafkaConsumer<String, IndexedRecord> consumer, Class<T> type,
                                                         Predicate<? super T> match, List<T> found) {
        for (var record : consumer.poll(Duration.ofMillis(200))) {
            if (type.isInstance(record.value()) && match.test(type.cast(record.value()))) {
                found.add(type.cast(record.value()));
            }
        }
    }

    /** Events of one task: tests use their own task names, so they never see each other's events. */
    static <T extends SpecificRecord> Predicate<T> forTask(String taskId) {
        return e -> Envelopes.of(e).map(env -> env.getTaskId().equals(taskId)).orElse(false);
    }

    private KafkaConsumer<String, IndexedRecord> consumer() {
        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        deserializer.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl), false);
        // assigned partitions, no group: nothing to join or rebalance, so a read starts at once
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false), new StringDeserializer(), deserializer);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
