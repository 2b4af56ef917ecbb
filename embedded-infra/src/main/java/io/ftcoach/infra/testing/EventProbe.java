package io.ftcoach.infra.testing;

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
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Sends events to, and reads events from, the catalogue's topics the way another system would: a plain Kafka
 * client with the Confluent-wire-format serde. For tests of any module.
 */
public final class EventProbe implements AutoCloseable {

    private final String bootstrapServers;
    private final Map<String, String> serdeConfig;
    private final KafkaProducer<String, IndexedRecord> producer;

    public EventProbe(String bootstrapServers, String registryUrl) {
        this(bootstrapServers, registryUrl, null);
    }

    /** For a registry guarded by a token (the platform started with FTCOACH_API_TOKEN). */
    public EventProbe(String bootstrapServers, String registryUrl, String registryToken) {
        this.bootstrapServers = bootstrapServers;
        this.serdeConfig = registryToken == null
                ? Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl)
                : Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, registryUrl, AvroSerdeConfig.BEARER_AUTH_TOKEN, registryToken);
        AvroEventSerializer serializer = new AvroEventSerializer();
        serializer.configure(serdeConfig, false);
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serializer);
    }

    public static EventProbe onSharedInfrastructure() {
        TestInfrastructure infra = TestInfrastructure.shared();
        return new EventProbe(infra.bootstrapServers(), infra.registryUrl());
    }

    /** Publishes an event to its catalogue topic, keyed by its task id, and waits for the acknowledgement. */
    public void send(SpecificRecord event) {
        Topic topic = Topic.forEvent(event.getClass());
        String key = Envelopes.of(event).orElseThrow().getTaskId();
        try {
            producer.send(new ProducerRecord<>(topic.topicName(), key, event)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Could not send " + event.getClass().getSimpleName(), e.getCause());
        }
    }

    /** The first event of the given type whose task id matches, read from the topic's beginning. */
    public <T extends SpecificRecord> T await(Class<T> type, String taskId, Duration timeout) {
        return awaitAll(type, e -> taskIdOf(e).equals(taskId), 1, timeout).get(0);
    }

    /** Reads the topic of {@code type} from the beginning until {@code count} matching events were seen. */
    public <T extends SpecificRecord> List<T> awaitAll(Class<T> type, Predicate<T> match, int count, Duration timeout) {
        Topic topic = Topic.forEvent(type);
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, IndexedRecord> consumer = consumer()) {
            consumer.subscribe(List.of(topic.topicName()));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (found.size() < count && System.nanoTime() < deadline) {
                poll(consumer, type, match, found);
            }
        }
        if (found.size() < count) {
            throw new AssertionError("Expected " + count + " matching " + type.getSimpleName() + " on "
                    + topic.topicName() + " within " + timeout.toSeconds() + " s, saw " + found.size());
        }
        return found;
    }

    /** Every event of the type for the task currently on the topic (reads to the end, then stops). */
    public <T extends SpecificRecord> List<T> readAll(Class<T> type, String taskId, Duration quiet) {
        Topic topic = Topic.forEvent(type);
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, IndexedRecord> consumer = consumer()) {
            consumer.subscribe(List.of(topic.topicName()));
            long lastSeen = System.nanoTime();
            while (System.nanoTime() - lastSeen < quiet.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    lastSeen = System.nanoTime();
                }
                for (var record : records) {
                    if (type.isInstance(record.value()) && taskIdOf(record.value()).equals(taskId)) {
                        found.add(type.cast(record.value()));
                    }
                }
            }
        }
        return found;
    }

    /**
     * Every event of the type for the task written to its topic up to now: reads from the beginning to the end
     * offsets taken at the call, then stops, without waiting for more. So an empty answer means that none has been
     * written so far, e.g. after the event that would have followed it was seen.
     */
    public <T extends SpecificRecord> List<T> readToEnd(Class<T> type, String taskId) {
        String topic = Topic.forEvent(type).topicName();
        List<T> found = new ArrayList<>();
        try (KafkaConsumer<String, IndexedRecord> consumer = consumer()) {
            // assigned partitions: no group to join, so the read starts at once
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
                poll(consumer, type, e -> taskIdOf(e).equals(taskId), found);
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

    private static String taskIdOf(IndexedRecord event) {
        return Envelopes.of(event).map(e -> e.getTaskId()).orElse("");
    }

    private KafkaConsumer<String, IndexedRecord> consumer() {
        AvroEventDeserializer deserializer = new AvroEventDeserializer();
        deserializer.configure(serdeConfig, false);
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), deserializer);
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
