package io.ftcoach.platform;

import io.ftcoach.events.Artifact;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.SourcePosition;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.platform.launcher.Platform;
import io.ftcoach.platform.launcher.PlatformSettings;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.serde.AvroEventSerializer;
import io.ftcoach.schemas.serde.AvroSerdeConfig;
import io.ftcoach.schemas.testing.SampleEvents;
import io.ftcoach.schemas.topics.Topic;
import io.ftcoach.support.events.DeadLetterHeaders;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults on the embedded platform, with the real broker and the five real service contexts: a service stopped
 * while its events are in flight loses none and applies none twice, and a poison record on every consumed topic
 * goes to that topic's dead-letter topic while its consumers carry on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultToleranceTest {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00.250Z");
    private static final String LINEAGE = "lineage-service";
    /**
     * Consumers the catalogue names that no listener of theirs subscribes to yet (so nothing of theirs could
     * dead-letter a poison there). The test asserts that exactly these stay silent: when one is wired up, drop it.
     */
    private static final Set<String> NOT_YET_SUBSCRIBED = Set.of(
            "ftcoach.task-created:lineage-service", "ftcoach.evaluation-requested:training-dispatcher",
            "ftcoach.diagnosis-completed:lineage-service");

    @TempDir
    static Path home;
    private static Platform platform;
    private static EventProbe probe;
    private static Admin admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startPlatform() {
        platform = Platform.start(PlatformSettings.ephemeral(home), line -> { }, false);
        platform.awaitHealthy(WAIT, null);
        probe = new EventProbe(platform.bootstrapServers(), platform.registryUrl());
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers()));
    }

    @AfterAll
    static void stopPlatform() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
        }
        if (probe != null) {
            probe.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    @Order(1)   // before the poison records: EventProbe reads the catalogue topics with a plain Avro deserializer
    void aServiceStoppedWithEventsInFlightLosesNoneAndAppliesNoneTwice(@TempDir Path tmp) throws Exception {
        String steady = "steady-" + RUN;
        String restarted = "restarted-" + RUN;

        // the reference: a task whose events lineage-service takes without interruption
        List<SpecificRecord> steadyHistory = history(steady);
        steadyHistory.forEach(probe::send);
        awaitQuiet();

        // the same history for a second task: lineage-service is stopped once it has announced a version, while
        // the next events race the stop; the last ones reach the broker while it is down
        List<SpecificRecord> history = history(restarted);
        history.subList(0, 5).forEach(probe::send);
        probe.await(VersionRecorded.class, restarted, WAIT);
        CompletableFuture<Void> racing = CompletableFuture.runAsync(() -> history.subList(5, 7).forEach(probe::send));
        platform.stopService(LINEAGE);
        assertThat(platform.service(LINEAGE).isActive()).isFalse();
        racing.get();
        history.subList(7, history.size()).forEach(probe::send);
        List<String> appliedWhileRunning = processedIds();
        assertThat(idsOf(history.subList(7, history.size()))).as("sent while stopped")
                .noneMatch(appliedWhileRunning::contains);

        platform.restartService(LINEAGE);
        platform.awaitHealthy(WAIT, null);
        awaitQuiet();

        // none lost: every event of the history is applied, once
        List<String> processed = processedIds();
        assertThat(processed).containsAll(idsOf(history)).doesNotHaveDuplicates();
        // none applied twice: no event caused two VersionRecorded
        Map<String, Long> announcements = probe.readToEnd(VersionRecorded.class, restarted).stream()
                .collect(Collectors.groupingBy(v -> v.getEnvelope().getCausationId(), Collectors.counting()));
        assertThat(announcements).isNotEmpty().allSatisfy((cause, n) -> assertThat(n).as(cause).isEqualTo(1));
        assertThat(announcements.keySet()).containsAll(idsOf(history.stream()
                .filter(e -> e instanceof TrainingRequested).toList()));

        // the files are those of an uninterrupted run: the same files as the steady task, and byte for byte
        // what lineage-service rebuilds from the topics alone
        Path workspace = home.resolve("workspace");
        Path rebuilt = tmp.resolve("rebuilt");
        HttpResponse<String> rebuild = http.send(HttpRequest.newBuilder(
                        URI.create(platform.urls().get(LINEAGE) + "/api/lineage/rebuild"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"" + rebuilt + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rebuild.statusCode()).as(rebuild.body()).isEqualTo(200);
        Map<String, String> live = files(workspace.resolve(restarted).resolve("versions"));
        assertThat(live).containsKeys("v1/lineage.yaml", "v2/lineage.yaml", "v2/results.json", "v2/model_info.json");
        assertThat(live).isEqualTo(files(rebuilt.resolve(restarted).resolve("versions")));
        assertThat(live.keySet().stream().map(f -> f.replace(restarted, "<task>")).toList())
                .isEqualTo(files(workspace.resolve(steady).resolve("versions")).keySet().stream()
                        .map(f -> f.replace(steady, "<task>")).toList());
        assertThat(files(workspace.resolve(steady).resolve("versions")))
                .isEqualTo(files(rebuilt.resolve(steady).resolve("versions")));
    }

    @Test
    @Order(2)
    void aPoisonRecordOnEveryConsumedTopicIsDeadLetteredAndItsConsumersCarryOn() throws Exception {
        record Sent(Topic topic, RecordMetadata poison, RecordMetadata valid) {
        }
        List<Sent> sent = new ArrayList<>();
        AvroEventSerializer avro = new AvroEventSerializer();
        avro.configure(Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, platform.registryUrl()), false);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            for (Topic topic : Topic.values()) {
                assertThat(topic.consumers()).as(topic.topicName()).isNotEmpty();
                String task = "poison-" + topic.name().toLowerCase().replace('_', '-') + "-" + RUN;
                RecordMetadata poison = raw.send(new ProducerRecord<>(topic.topicName(), task, poison(topic))).get();
                // the next record on the same partition: a consumer stuck on the poison never gets past it
                SpecificRecord valid = SampleEvents.of(topic.eventType(), task);
                RecordHeaders headers = new RecordHeaders();
                byte[] bytes = avro.serialize(topic.topicName(), headers, (IndexedRecord) valid);
                sent.add(new Sent(topic, poison, raw.send(new ProducerRecord<>(topic.topicName(), null, task, bytes,
                        headers)).get()));
            }
        }

        // every consumer group of each topic dead-letters the poison, raw bytes and origin intact
        Map<String, Set<String>> expected = new TreeMap<>();
        for (Sent s : sent) {
            for (String consumer : subscribed(s.topic())) {
                expected.computeIfAbsent(s.topic().deadLetterTopicName(), t -> new TreeSet<>())
                        .add(consumer + "@" + s.poison().partition() + ":" + s.poison().offset());
            }
        }
        Map<String, Set<String>> seen = readDeadLetters(expected, sent.stream()
                .collect(Collectors.toMap(s -> s.topic().deadLetterTopicName(), s -> poison(s.topic()))));
        List<String> missing = new ArrayList<>();
        expected.forEach((dlt, wanted) -> wanted.stream().filter(w -> !seen.getOrDefault(dlt, Set.of()).contains(w))
                .forEach(w -> missing.add(dlt + " from " + w)));
        assertThat(missing).as("dead letters not seen within %s", WAIT).isEmpty();
        assertThat(seen.values().stream().flatMap(Set::stream).map(w -> w.substring(0, w.indexOf('@'))))
                .as("every dead letter comes from a consumer the catalogue names").allMatch(
                        c -> Arrays.stream(Topic.values()).anyMatch(t -> t.consumers().contains(c)));
        for (String pair : NOT_YET_SUBSCRIBED) {
            String dlt = pair.substring(0, pair.indexOf(':')) + Topic.DEAD_LETTER_SUFFIX;
            String consumer = pair.substring(pair.indexOf(':') + 1);
            assertThat(seen.getOrDefault(dlt, Set.of())).as("%s now consumes %s: remove it from NOT_YET_SUBSCRIBED",
                    consumer, dlt).noneMatch(w -> w.startsWith(consumer + "@"));
        }

        // and each consumer carried on: its group committed past the well-formed event that followed the poison
        await().atMost(WAIT).untilAsserted(() -> {
            List<String> stuck = new ArrayList<>();
            for (Sent s : sent) {
                TopicPartition tp = new TopicPartition(s.topic().topicName(), s.valid().partition());
                for (String consumer : subscribed(s.topic())) {
                    OffsetAndMetadata at = admin.listConsumerGroupOffsets(consumer).partitionsToOffsetAndMetadata()
                            .get().get(tp);
                    if (at == null || at.offset() <= s.valid().offset()) {
                        stuck.add(consumer + " on " + tp + " at " + (at == null ? "nothing" : at.offset()));
                    }
                }
            }
            assertThat(stuck).isEmpty();
        });
        // the event after the poison was decoded: if it went to a dead-letter topic at all, it was for its content
        try (KafkaConsumer<byte[], byte[]> consumer = byteConsumer()) {
            List<TopicPartition> dlts = sent.stream()
                    .map(s -> new TopicPartition(s.topic().deadLetterTopicName(), s.valid().partition())).toList();
            consumer.assign(dlts);
            consumer.seekToBeginning(dlts);
            Map<TopicPartition, Long> end = consumer.endOffsets(dlts);
            Map<String, Long> validOffsets = sent.stream().collect(Collectors.toMap(
                    s -> s.topic().topicName() + "-" + s.valid().partition(), s -> s.valid().offset()));
            while (dlts.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    String origin = header(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_TOPIC)) + "-"
                            + header(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION));
                    if (Long.toString(validOffsets.getOrDefault(origin, -1L))
                            .equals(header(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET)))) {
                        assertThat(header(r.headers().lastHeader(DeadLetterHeaders.EXCEPTION)))
                                .as("the well-formed event after the poison on %s", origin)
                                .doesNotEndWith("WireFormatException").doesNotEndWith("DeserializationException");
                    }
                }
            }
        }
    }

    private static List<String> subscribed(Topic topic) {
        return topic.consumers().stream().filter(c -> !NOT_YET_SUBSCRIBED.contains(topic.topicName() + ":" + c))
                .toList();
    }

    private static byte[] poison(Topic topic) {
        // first byte 'n', not the Confluent wire format's magic byte 0
        return ("not an event on " + topic.topicName()).getBytes(StandardCharsets.UTF_8);
    }

    private static KafkaConsumer<byte[], byte[]> byteConsumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Reads the dead-letter topics until every expected consumer@partition:offset is seen; checks the bytes. */
    private Map<String, Set<String>> readDeadLetters(Map<String, Set<String>> expected, Map<String, byte[]> payloads) {
        Map<String, Set<String>> seen = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = byteConsumer()) {
            consumer.subscribe(List.copyOf(expected.keySet()));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline && expected.entrySet().stream()
                    .anyMatch(e -> !seen.getOrDefault(e.getKey(), Set.of()).containsAll(e.getValue()))) {
                for (var r : consumer.poll(Duration.ofMillis(300))) {
                    if (!"WireFormatException".equals(simpleName(header(r.headers().lastHeader(DeadLetterHeaders.EXCEPTION))))) {
                        continue;   // a well-formed event its consumer rejected for its content
                    }
                    assertThat(r.value()).as("dead letter on %s keeps the raw bytes", r.topic())
                            .isEqualTo(payloads.get(r.topic()));
                    assertThat(header(r.headers().lastHeader(DeadLetterHeaders.REASON))).contains("wire format");
                    seen.computeIfAbsent(r.topic(), t -> new HashSet<>()).add(
                            header(r.headers().lastHeader(DeadLetterHeaders.CONSUMER_GROUP)) + "@"
                                    + header(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_PARTITION)) + ":"
                                    + header(r.headers().lastHeader(DeadLetterHeaders.ORIGINAL_OFFSET)));
                }
            }
        }
        return seen;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static String header(Header h) {
        return h == null ? "" : new String(h.value(), StandardCharsets.UTF_8);
    }

    /** Waits until every service's group has consumed what it is assigned to its end, twice in a row. */
    private static void awaitQuiet() {
        List<String> groups = Stream.of("task-service", "data-ingest-service", "training-dispatcher", LINEAGE,
                "coach-service").toList();
        Map<TopicPartition, Long> previous = new HashMap<>();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(750)).until(() -> {
            Map<TopicPartition, Long> committed = new HashMap<>();
            List<TopicPartition> assigned = new ArrayList<>();
            for (var group : admin.describeConsumerGroups(groups).all().get().values()) {
                Map<TopicPartition, OffsetAndMetadata> offsets =
                        admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                for (var member : group.members()) {
                    for (TopicPartition tp : member.assignment().topicPartitions()) {
                        assigned.add(tp);
                        OffsetAndMetadata at = offsets.get(tp);
                        committed.merge(tp, at == null ? 0 : at.offset(), Math::min);
                    }
                }
            }
            Map<TopicPartition, Long> end = admin.listOffsets(assigned.stream().distinct()
                            .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest())))
                    .all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            boolean stable = end.equals(previous);
            previous.clear();
            previous.putAll(end);
            return stable && !assigned.isEmpty()
                    && end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) >= e.getValue());
        });
    }

    private static List<String> processedIds() throws IOException {
        return processedIds(LINEAGE);
    }

    /** The ids a service's consumer group recorded as applied (service-support's processed-events store). */
    private static List<String> processedIds(String service) throws IOException {
        Path file = home.resolve("state").resolve(service).resolve("processed-events").resolve(service + ".processed");
        return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList() : List.of();
    }

    private static List<String> idsOf(List<SpecificRecord> events) {
        return events.stream().map(e -> Envelopes.of(e).orElseThrow().getEventId()).toList();
    }

    private static Map<String, String> files(Path root) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(root.relativize(p).toString(), Files.readString(p));
            }
        }
        return out;
    }

    /** Two snapshots and two versions (v2 deployed), as the services would publish them; fixed clocks. */
    private static List<SpecificRecord> history(String task) {
        List<SpecificRecord> out = new ArrayList<>();
        out.add(data(task, "a", null, 4000, T0));
        out.add(data(task, "b", "a", 4200, T0.plus(Duration.ofDays(1))));
        out.addAll(version(task, "v1", null, "a", 8, T0.plusSeconds(3600), 0.74));
        out.addAll(version(task, "v2", "v1", "b", 16, T0.plus(Duration.ofDays(2)), 0.83));
        Envelope deploy = Envelopes.start("task-service", task, "v2", at(T0.plus(Duration.ofDays(3))));
        out.add(ModelDeployed.newBuilder().setEnvelope(Envelopes.causedBy(deploy, "training-dispatcher",
                        at(T0.plus(Duration.ofDays(3)).plusSeconds(60))))
                .setTarget("ollama").setLocation(task + ":v2")
                .setArtifacts(List.of(new Artifact("gguf", "models/gguf/" + task + "-v2-q8_0.gguf", null))).build());
        return out;
    }

    private static DataUpdated data(String task, String id, String parent, long train, Instant time) {
        return DataUpdated.newBuilder().setEnvelope(Envelopes.start("data-ingest-service", task, null, at(time)))
                .setSnapshotId("sha256-" + task + "-" + id).setParentSnapshotId(parent == null ? null
                        : "sha256-" + task + "-" + parent)
                .setDataSourceSha256("src-" + id).setTrainCount(train).setValidCount(500).setTestCount(500)
                .setClassDistribution(Map.of("positive", train / 2, "negative", train - train / 2))
                .setFiles(List.of(new Artifact("train", "data/train.jsonl", "f-" + id)))
                .setSourcePositions(List.of(new SourcePosition("reviews", "file", "line " + train)))
                .setChangesSinceTrained(null).build();
    }

    private static List<SpecificRecord> version(String task, String v, String parent, String snapshot, int rank,
                                                Instant time, double macroF1) {
        Envelope start = Envelopes.start("task-service", task, v, at(time));
        TrainingRequested requested = TrainingRequested.newBuilder().setEnvelope(start).setParentVersion(parent)
                .setBackend("baseline").setDataSnapshotId("sha256-" + task + "-" + snapshot)
                .setConfig(TrainingConfig.newBuilder().setBaseModel("Qwen/Qwen3-4B").setMethod("lora")
                        .setLoraRank(rank).setLoraAlpha(rank * 2).setLoraDropout(0.05).setEpochs(3)
                        .setLearningRate(2e-4).setBatchSize(8).build())
                .setStatedChanges(parent == null ? List.of() : List.of("more rows")).build();
        Envelope done = Envelopes.causedBy(start, "training-dispatcher", at(time.plusSeconds(1800)));
        TrainingCompleted completed = TrainingCompleted.newBuilder().setEnvelope(done).setJobId("job-" + task + v)
                .setBackend("baseline").setDurationMillis(1_800_000).setMetrics(Map.of("train_loss", 0.4))
                .setArtifacts(List.of(new Artifact("adapter", "models/adapter/" + v, null))).build();
        EvaluationReady evaluated = EvaluationReady.newBuilder()
                .setEnvelope(Envelopes.causedBy(done, "training-dispatcher", at(time.plusSeconds(2400))))
                .setAccuracy(macroF1 + 0.01).setMacroF1(macroF1)
                .setPerClass(List.of(new ClassMetrics("positive", 0.9, 0.8, 0.85, 250L),
                        new ClassMetrics("negative", 0.8, 0.8, 0.8, 250L)))
                .setMetrics(Map.of("macro_f1", macroF1)).setPrimaryMetric("macro_f1").setThreshold(0.80)
                .setPassed(macroF1 >= 0.80).build();
        return List.of(requested, completed, evaluated);
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
