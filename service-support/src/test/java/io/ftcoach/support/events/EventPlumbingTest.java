package io.ftcoach.support.events;

import io.ftcoach.events.TaskCreated;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.serde.CloudEventHeaders;
import io.ftcoach.schemas.serde.ConfluentWireFormat;
import io.ftcoach.schemas.testing.SampleEvents;
import io.ftcoach.schemas.topics.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared consumer plumbing against the real broker and registry: events arrive with their CloudEvents
 * headers, a redelivered event has one effect, and every kind of poison record lands in the dead-letter topic
 * with its reason while the consumer carries on.
 */
@SpringBootTest(classes = EventPlumbingTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.application.name=support-test", "ftcoach.service.enabled=true", "ftcoach.kafka.retry-attempts=2",
                "ftcoach.kafka.retry-initial-interval=20ms"})
class EventPlumbingTest {

    private static Path state;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        state = Files.createTempDirectory("support-test-state");
        TestInfrastructure.shared().springProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("ftcoach.state-dir", () -> state.toString());
        registry.add("ftcoach.workspace", () -> state.resolve("workspace").toString());
    }

    @Autowired
    EventPublisher publisher;
    @Autowired
    io.ftcoach.schemas.registry.SchemaRegistryClient registry;
    @Autowired
    EventPlumbingTestApplication.CountingListener listener;

    static KafkaProducer<String, byte[]> raw;

    @BeforeAll
    static void rawProducer() {
        raw = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().bootstrapServers()), new StringSerializer(), new ByteArraySerializer());
    }

    @AfterAll
    static void close() {
        raw.close();
    }

    @Test
    void publishedEventsCarryKeyHeadersAndWireFormat() throws Exception {
        TaskCreated event = SampleEvents.of(TaskCreated.class, "published-" + UUID.randomUUID());
        var result = publisher.publishAndWait(event);

        ConsumerRecord<String, byte[]> record = readAt(Topic.TASK_CREATED.topicName(),
                result.getRecordMetadata().partition(), result.getRecordMetadata().offset());
        assertThat(record.key()).isEqualTo(event.getEnvelope().getTaskId());
        assertThat(record.value()[0]).isEqualTo(ConfluentWireFormat.MAGIC_BYTE);
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.ID)).isEqualTo(event.getEnvelope().getEventId());
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.TYPE)).isEqualTo("io.ftcoach.events.TaskCreated");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SOURCE)).isEqualTo("/ftcoach/sample-source");
        assertThat(CloudEventHeaders.read(record.headers(), CloudEventHeaders.SPEC_VERSION)).isEqualTo("1.0");

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.containsKey(event.getEnvelope().getEventId()));
    }

    @Test
    void aRedeliveredEventHasOneEffect() {
        TaskCreated event = SampleEvents.of(TaskCreated.class, "twice-" + UUID.randomUUID());
        TaskCreated marker = SampleEvents.of(TaskCreated.class, event.getEnvelope().getTaskId());
        publisher.publishAndWait(event);
        publisher.publishAndWait(event);
        // same key, same partition: once the marker is applied, both copies have been seen
        publisher.publishAndWait(marker);

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.containsKey(marker.getEnvelope().getEventId()));
        assertThat(listener.applied.get(event.getEnvelope().getEventId())).isEqualTo(1);
        assertThat(state.resolve("support-test/processed-events/support-test.processed"))
                .content().contains(event.getEnvelope().getEventId());
    }

    @Test
    void poisonRecordsLandInTheDeadLetterTopicAndTheConsumerCarriesOn() throws Exception {
        String key = "dlt-" + UUID.randomUUID();
        String topic = Topic.TASK_CREATED.topicName();
        raw.send(new ProducerRecord<>(topic, key, "{\"not\":\"avro\"}".getBytes(StandardCharsets.UTF_8))).get();
        raw.send(new ProducerRecord<>(topic, key, ConfluentWireFormat.frame(987_654, new byte[]{2, 4, 6}))).get();
        // the right schema id, but bytes that are no TaskCreated (a negative string length)
        int taskCreatedId = registry.register(Topic.TASK_CREATED.valueSubject(), TaskCreated.getClassSchema());
        raw.send(new ProducerRecord<>(topic, key, ConfluentWireFormat.frame(taskCreatedId, new byte[]{1}))).get();
        TaskCreated failing = SampleEvents.of(TaskCreated.class, key);
        failing.setDomain("poison");
        publisher.publishAndWait(failing);
        TaskCreated after = SampleEvents.of(TaskCreated.class, key);
        publisher.publishAndWait(after);

        await().atMost(Duration.ofSeconds(30)).until(() -> listener.applied.containsKey(after.getEnvelope().getEventId()));

        List<ConsumerRecord<String, byte[]>> dead = readUntil(Topic.TASK_CREATED.deadLetterTopicName(),
                r -> r.key().equals(key), 4);
        assertThat(dead).hasSize(4);
        assertThat(header(dead.get(0), DeadLetterHeaders.REASON)).contains("NOT_WIRE_FORMAT");
        assertThat(dead.get(0).value()).asString(StandardCharsets.UTF_8).isEqualTo("{\"not\":\"avro\"}");
        assertThat(header(dead.get(1), DeadLetterHeaders.REASON)).contains("UNKNOWN_SCHEMA_ID").contains("987654");
        assertThat(header(dead.get(2), DeadLetterHeaders.REASON)).contains("UNDECODABLE")
                .contains("schema id " + taskCreatedId);
        assertThat(header(dead.get(3), DeadLetterHeaders.REASON)).contains("cannot handle task " + key);
        for (var r : dead) {
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_TOPIC)).isEqualTo(topic);
            assertThat(header(r, DeadLetterHeaders.ORIGINAL_OFFSET)).matches("\\d+");
            assertThat(header(r, DeadLetterHeaders.CONSUMER_GROUP)).isEqualTo("support-test");
        }
        assertThat(listener.applied).doesNotContainKey(failing.getEnvelope().getEventId());
    }

    private static String header(ConsumerRecord<?, ?> r, String name) {
        return CloudEventHeaders.read(r.headers(), name);
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static ConsumerRecord<String, byte[]> readAt(String topic, int partition, long offset) {
        try (var c = consumer()) {
            TopicPartition tp = new TopicPartition(topic, partition);
            c.assign(List.of(tp));
            c.seek(tp, offset);
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (r.offset() == offset) {
                        return r;
                    }
                }
            }
        }
        throw new AssertionError("no record at " + topic + "-" + partition + "@" + offset);
    }

    private static List<ConsumerRecord<String, byte[]>> readUntil(String topic, Predicate<ConsumerRecord<String, byte[]>> match,
                                                                  int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (var c = consumer()) {
            c.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 30_000;
            while (found.size() < count && System.currentTimeMillis() < deadline) {
                for (var r : c.poll(Duration.ofMillis(200))) {
                    if (match.test(r)) {
                        found.add(r);
                    }
                }
            }
        }
        found.sort((a, b) -> Long.compare(Long.parseLong(header(a, DeadLetterHeaders.ORIGINAL_OFFSET)),
                Long.parseLong(header(b, DeadLetterHeaders.ORIGINAL_OFFSET))));
        return found;
    }
}
