package io.ftcoach.platform.bench;

import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.infra.support.FreePorts;
import io.ftcoach.platform.launcher.Platform;
import io.ftcoach.platform.launcher.PlatformSettings;
import io.ftcoach.platform.launcher.ServiceApp;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.serde.AvroEventDeserializer;
import io.ftcoach.schemas.serde.AvroEventSerializer;
import io.ftcoach.schemas.serde.AvroSerdeConfig;
import io.ftcoach.schemas.testing.SampleEvents;
import io.ftcoach.schemas.topics.Topic;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On-demand benchmarks of the embedded platform ({@code ./mvnw -pl platform verify -Pbenchmarks}; excluded from
 * the default test run). Each writes {@code target/benchmarks/<name>.md} and prints it. Numbers from a shared,
 * loaded machine are indications, not verdicts: the targets are quoted beside them, never asserted.
 */
@Tag("benchmark")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformBenchmark {

    private static final int EVENTS = Integer.getInteger("benchmark.events", 1000);
    private static final int WARMUP = Integer.getInteger("benchmark.warmup", 100);
    private static final int SESSIONS = Integer.getInteger("benchmark.chat.sessions", 50);
    private static final int MESSAGES = Integer.getInteger("benchmark.chat.messages", 20);
    private static final int WARMUP_ROUNDS = Integer.getInteger("benchmark.chat.warmup.rounds", 3);
    /** A person's pause between a reply and the next message in the paced chat run: reading and typing. */
    private static final int THINK_MIN_MS = Integer.getInteger("benchmark.chat.think.min", 1000);
    private static final int THINK_MAX_MS = Integer.getInteger("benchmark.chat.think.max", 3000);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Path OUT = Path.of(System.getProperty("basedir", ".")).resolve("target/benchmarks");

    @TempDir
    static Path home;
    private static Platform platform;

    private static Platform platform() {
        if (platform == null) {
            platform = Platform.start(PlatformSettings.ephemeral(home.resolve("embedded")), line -> { }, false);
            platform.awaitHealthy(Duration.ofSeconds(120), null);
        }
        return platform;
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    /** {@code ftcoach up} in a process of its own, with the flags of the ftcoach script: time to healthy, RSS. */
    @Test
    @Order(1)
    void ftcoachUp() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("FTCOACH_HOME", home.resolve("up").toString());
        env.put("FTCOACH_KAFKA_PORT", Integer.toString(FreePorts.pick()));
        env.put("FTCOACH_REGISTRY_PORT", Integer.toString(FreePorts.pick()));
        for (ServiceApp app : ServiceApp.ALL) {
            env.put(app.portVariable(), Integer.toString(FreePorts.pick()));
        }
        List<String> flags = List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k", "-Xmx768m");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flags);
        // Surefire's class path (a manifest-only jar under Surefire) holds the platform and every service
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.ftcoach.platform.cli.Ftcoach", "up"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        pb.environment().remove("FTCOACH_KAFKA_BOOTSTRAP_SERVERS");
        pb.environment().remove("FTCOACH_SCHEMA_REGISTRY_URL");
        long start = System.nanoTime();
        Process up = pb.start();
        String healthyLine = null;
        long healthyNanos = 0;
        List<String> output = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(up.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                output.add(line);
                if (line.startsWith("All healthy")) {
                    healthyNanos = System.nanoTime() - start;
                    healthyLine = line;
                    break;
                }
            }
            assertThat(healthyLine).as("ftcoach up printed no 'All healthy' line:%n%s",
                    String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()))).isNotNull();
            Thread.sleep(3000);   // settled: consumers joined, first metrics scraped
            long settledRss = rssMegabytes(up.pid());
            up.destroy();   // SIGTERM: the shutdown hook closes the services, then the broker
            long stopStart = System.nanoTime();
            boolean stopped = up.waitFor(60, TimeUnit.SECONDS);
            double stopSeconds = (System.nanoTime() - stopStart) / 1e9;
            Matcher m = Pattern.compile("All healthy ([0-9.]+) s after start; resident memory (\\d+) MB").matcher(healthyLine);
            assertThat(m.find()).as(healthyLine).isTrue();
            String report = """
                    # `ftcoach up`

                    One process: KRaft broker, schema registry, five services; flags as the `ftcoach` script: `%s`.
                    Measured %s, %s.

                    | measurement | value | target |
                    |---|---|---|
                    | process start → all healthy (measured outside) | %.1f s | ≤ 30 s |
                    | JVM start → all healthy (printed by `ftcoach up`) | %s s | |
                    | resident memory when healthy (printed) | %s MB | ≤ 1536 MB |
                    | resident memory 3 s later (/proc/<pid>/status) | %d MB | ≤ 1536 MB |
                    | SIGTERM → process gone | %s | |
                    """.formatted(String.join(" ", flags), Instant.now(), machine(), healthyNanos / 1e9, m.group(1), m.group(2),
                    settledRss, stopped ? String.format(Locale.ROOT, "%.1f s", stopSeconds) : "not within 60 s");
            write("ftcoach-up", report);
        } finally {
            if (up.isAlive()) {
                up.destroyForcibly();
            }
        }
    }

    /**
     * One hop through the embedded broker three ways, each produce → consume, one event at a time: raw bytes (the
     * baseline), an Avro event through the registry serde, and an event a service consumes, applies and answers
     * (TrainingRequested → lineage-service writes the version's files → VersionRecorded).
     */
    @Test
    @Order(2)
    void eventHops() throws Exception {
        Platform p = platform();
        String run = UUID.randomUUID().toString().substring(0, 8);
        String rawTopic = "bench.raw-" + run;
        String avroTopic = "bench.avro-" + run;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(rawTopic, 1, (short) 1), new NewTopic(avroTopic, 1, (short) 1)))
                    .all().get();
        }
        Map<String, String> serde = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL, p.registryUrl());
        AvroEventSerializer avroOut = new AvroEventSerializer();
        avroOut.configure(serde, false);
        AvroEventDeserializer avroIn = new AvroEventDeserializer();
        avroIn.configure(serde, false);

        byte[] payload = new byte[512];
        // a first untimed pass of both, so neither pays for warming the broker's and the clients' code paths
        hop("warm-up", p, rawTopic, new ByteArraySerializer(), new ByteArrayDeserializer(), i -> payload);
        DataUpdated sample = SampleEvents.of(DataUpdated.class, "bench-" + run);
        hop("warm-up", p, avroTopic, avroOut, avroIn, i -> sample);
        Latencies raw = hop("raw byte[] produce → consume (baseline)", p, rawTopic, new ByteArraySerializer(),
                new ByteArrayDeserializer(), i -> payload);
        Latencies avro = hop("Avro event produce → consume (registry serde)", p, avroTopic, avroOut, avroIn,
                i -> sample);
        Latencies chain = chain(p, run, avroOut, avroIn);
        Latencies dataChain = dataChain(p, run, avroIn);

        String report = """
                # Event hops

                Embedded KRaft broker and registry, the five services running, one event at a time (latency, not
                throughput), %d events after %d warm-up events each. Measured %s, %s.
                Target: hop p99 ≤ 50 ms.

                %s
                %s
                %s
                %s
                %s

                Ratios (p50 / p99) against the raw baseline measured in the same run: Avro hop %.1f× / %.1f×;
                lineage chain %.1f× / %.1f×; data chain %.1f× / %.1f×.

                The chain is TrainingRequested → lineage-service (consume, idempotency check, write the version's
                lineage files atomically, publish VersionRecorded and wait for the acknowledgement) → VersionRecorded
                consumed here. A DataUpdated alone makes lineage-service re-render the versions trained on that
                snapshot without announcing them, so DataUpdated → VersionRecorded is not one hop; TrainingRequested is
                the lineage event that is always announced. The training-dispatcher and coach-service consume the same
                TrainingRequested events meanwhile, as they would in production.

                The data chain starts where DataUpdated does: each of its events is a real snapshot (a few rows
                imported through data-ingest-service's API, which publishes DataUpdated once the files are
                written); data-ingest-service's validation hook consumes it, reads and validates the snapshot's
                split files, stores the report and publishes DataValidated, consumed here. It is timed from the
                DataUpdated record's timestamp (set by the producer, same clock) to DataValidated's arrival here, so
                the HTTP import is not in it; lineage-service and task-service consume both events meanwhile.
                """.formatted(EVENTS, WARMUP, Instant.now(), machine(), Latencies.header(), raw.row(), avro.row(),
                chain.row(), dataChain.row(), avro.p50() / raw.p50(), avro.p99() / raw.p99(), chain.p50() / raw.p50(),
                chain.p99() / raw.p99(), dataChain.p50() / raw.p50(), dataChain.p99() / raw.p99());
        write("event-hops", report);
    }

    private static <V> Latencies hop(String name, Platform p, String topic, Serializer<V> valueSerializer,
                                     Deserializer<V> valueDeserializer, Function<Integer, V> event)
            throws Exception {
        TopicPartition tp = new TopicPartition(topic, 0);
        List<Long> nanos = new ArrayList<>();
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(producerProps(p), new StringSerializer(), valueSerializer);
             KafkaConsumer<String, V> consumer = new KafkaConsumer<>(consumerProps(p), new StringDeserializer(),
                     valueDeserializer)) {
            consumer.assign(List.of(tp));
            consumer.seekToEnd(List.of(tp));
            consumer.position(tp);
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                V value = event.apply(i);
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(topic, "k" + i, value));
                int received = 0;
                while (received == 0) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    received = records.count();
                    if (System.nanoTime() - start > WAIT.toNanos()) {
                        throw new AssertionError(name + ": event " + i + " not received within " + WAIT);
                    }
                }
                assertThat(received).isEqualTo(1);
                if (i >= WARMUP) {
                    nanos.add(System.nanoTime() - start);
                }
            }
        }
        return Latencies.of(name, nanos);
    }

    private static Latencies chain(Platform p, String run, AvroEventSerializer out, AvroEventDeserializer in) {
        String topic = Topic.VERSION_RECORDED.topicName();
        List<Long> nanos = new ArrayList<>();
        try (KafkaProducer<String, IndexedRecord> producer = new KafkaProducer<>(producerProps(p), new StringSerializer(), out);
             KafkaConsumer<String, IndexedRecord> consumer = new KafkaConsumer<>(consumerProps(p), new StringDeserializer(), in)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                String task = "bench-" + run + "-" + i;
                TrainingRequested requested = TrainingRequested.newBuilder()
                        .setEnvelope(Envelopes.start("task-service", task, "v1", Clock.systemUTC()))
                        .setBackend("baseline").setDataSnapshotId("sha256-" + task).setParentVersion(null)
                        .setConfig(TrainingConfig.newBuilder().setBaseModel("Qwen/Qwen3-4B").setMethod("lora")
                                .setLoraRank(8).setLoraAlpha(16).setLoraDropout(0.05).setEpochs(1)
                                .setLearningRate(2e-4).setBatchSize(8).build())
                        .setStatedChanges(List.of()).build();
                String cause = requested.getEnvelope().getEventId();
                long start = System.nanoTime();
                producer.send(new ProducerRecord<>(Topic.TRAINING_REQUESTED.topicName(), task, requested));
                boolean seen = false;
                while (!seen) {
                    for (var r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() instanceof VersionRecorded v && v.getEnvelope().getCausationId().equals(cause)) {
                            seen = true;
                        }
                    }
                    if (!seen && System.nanoTime() - start > WAIT.toNanos()) {
                        throw new AssertionError("No VersionRecorded for " + task + " within " + WAIT);
                    }
                }
                if (i >= WARMUP) {
                    nanos.add(System.nanoTime() - start);
                }
            }
        }
        return Latencies.of("TrainingRequested → lineage-service applies → VersionRecorded", nanos);
    }

    /** DataUpdated → data-ingest-service's validation hook → DataValidated, each DataUpdated a real snapshot. */
    private static Latencies dataChain(Platform p, String run, AvroEventDeserializer in) throws Exception {
        String task = "bench-data-" + run;
        post(p.urls().get("task-service") + "/api/tasks", "{\"name\":\"" + task
                + "\",\"labels\":[\"positive\",\"negative\"],\"inputTemplate\":\"{text}\"}", 201);
        String snapshots = p.urls().get("data-ingest-service") + "/api/tasks/" + task + "/snapshots";
        List<TopicPartition> partitions = new ArrayList<>();
        List<Long> nanos = new ArrayList<>();
        try (KafkaConsumer<String, IndexedRecord> consumer = new KafkaConsumer<>(consumerProps(p),
                new StringDeserializer(), in)) {
            for (Topic topic : List.of(Topic.DATA_UPDATED, Topic.DATA_VALIDATED)) {
                consumer.partitionsFor(topic.topicName()).forEach(i ->
                        partitions.add(new TopicPartition(topic.topicName(), i.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Map<String, Long> updatedAt = new HashMap<>();
            for (int i = 0; i < WARMUP + EVENTS; i++) {
                StringBuilder rows = new StringBuilder();
                for (int r = 0; r < 10; r++) {
                    rows.append(r == 0 ? "" : ",").append("{\"text\":\"review ").append(i).append('-').append(r)
                            .append(r % 2 == 0 ? " was delicious and arrived hot" : " was cold and late")
                            .append("\",\"label\":\"").append(r % 2 == 0 ? "positive" : "negative").append("\"}");
                }
                String imported = post(snapshots, "{\"train\":[" + rows + "],\"valid\":[{\"text\":\"valid " + i
                        + " tasty\",\"label\":\"positive\"}],\"test\":[{\"text\":\"test " + i
                        + " soggy\",\"label\":\"negative\"}]}", 201);
                Matcher m = Pattern.compile("\"eventId\"\\s*:\\s*\"([^\"]+)\"").matcher(imported);
                assertThat(m.find()).as(imported).isTrue();
                String cause = m.group(1);
                long deadline = System.nanoTime() + WAIT.toNanos();
                Long latencyMs = null;
                while (latencyMs == null) {
                    for (var r : consumer.poll(Duration.ofMillis(100))) {
                        if (r.value() instanceof DataUpdated u) {
                            updatedAt.put(u.getEnvelope().getEventId(), r.timestamp());
                        } else if (r.value() instanceof io.ftcoach.events.DataValidated v
                                && v.getEnvelope().getCausationId().equals(cause)) {
                            long arrived = System.currentTimeMillis();
                            Long sent = updatedAt.remove(cause);
                            assertThat(sent).as("DataUpdated %s was consumed before its DataValidated", cause)
                                    .isNotNull();
                            latencyMs = arrived - sent;
                        }
                    }
                    if (latencyMs == null && System.nanoTime() > deadline) {
                        throw new AssertionError("No DataValidated for snapshot import " + i + " within " + WAIT);
                    }
                }
                if (i >= WARMUP) {
                    nanos.add(latencyMs * 1_000_000);
                }
            }
        }
        return Latencies.of("DataUpdated → validation hook (data-ingest) → DataValidated", nanos);
    }

    /** 50 sessions talk at once; each message's reply time as the client sees it. No LLM is configured. */
    @Test
    @Order(3)
    void chatReplies() throws Exception {
        String chat = platform().urls().get("coach-service") + "/api/chat/sessions";
        List<String> script = List.of(
                "I want to fine-tune a model for sentiment on financial news, 800 rows in PostgreSQL, F1 0.8",
                "one 24 GB GPU", "cancel", "/frobnicate now");
        // warm-up, untimed: back-to-back rounds, so the timed replies run the compiled code a long-running service
        // runs (measured after a single warm-up round, the JIT compiled for seconds during the timed one) and find
        // the pools filled; the JIT's time during the timed round is reported (the broker's code compiles too)
        for (int round = 0; round < WARMUP_ROUNDS; round++) {
            backToBack(chat, script);
        }
        // the baseline: one session alone, the same messages one after another
        String alone = sessionId(chat);
        List<Long> sequential = new ArrayList<>();
        for (int m = 0; m < SESSIONS * MESSAGES / 5; m++) {
            long start = System.nanoTime();
            message(chat, alone, script.get(m % script.size()));
            sequential.add(System.nanoTime() - start);
        }
        Latencies one = Latencies.of("1 session, sequential (baseline)", sequential);
        long jitStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
        BackToBack round = backToBack(chat, script);
        long jitMs = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitStart;
        List<Long> nanos = round.nanos();
        double wall = round.wallSeconds();
        double cpuMs = round.cpuMs();
        double serverCpuMs = round.serverCpuMs();
        int cpus = Runtime.getRuntime().availableProcessors();
        Latencies replies = Latencies.of(SESSIONS + " concurrent sessions, back to back (saturation)", nanos);
        Latencies paced = paced(chat, script);
        String report = """
                # Chat replies

                coach-service in the embedded platform, no LLM configured (rules only). The latency is the HTTP
                round trip the client sees, session journal write included; the script is goal clarification, an
                answer, cancel, an unknown command, in turn. Measured %s, %s. Target: chat p99 ≤ 50 ms.

                - **back to back**: %d sessions send %d messages each at the same time, every session posting its
                  next message the moment the last reply arrives: a saturation test, whose latency is mostly the
                  queue of the other sessions' replies;
                - **paced**: %d sessions open at once, each a person who reads the reply and types the next message
                  (%d messages, %d–%d ms apart, seeded random), so the sessions' messages overlap as they happen.

                %s
                %s
                %s
                %s

                %d back-to-back replies in %.1f s: %.0f replies/s, %.2f ms of CPU per reply (the whole JVM: the
                platform and this client, over that phase), of which %.2f ms in the services' HTTP threads (Tomcat,
                Spring MVC, the coach). With %d CPUs and %d sessions waiting at once, a back-to-back reply's latency
                cannot be below about sessions × CPU per reply ÷ CPUs = %.0f ms. The JIT compiled for %d ms during
                the timed round (after %d untimed warm-up rounds of the same size). Ratio to the one-session baseline
                measured in the same run (p50 / p99): %.1f× / %.1f×.
                """.formatted(Instant.now(), machine(), SESSIONS, MESSAGES, SESSIONS, MESSAGES,
                THINK_MIN_MS, THINK_MAX_MS, Latencies.header(), one.row(), replies.row(), paced.row(), nanos.size(), wall, nanos.size() / wall, cpuMs / nanos.size(),
                serverCpuMs / nanos.size(), cpus, SESSIONS,
                SESSIONS * (cpuMs / nanos.size()) / cpus, jitMs, WARMUP_ROUNDS, replies.p50() / one.p50(),
                replies.p99() / one.p99());
        write("chat-replies", report);
    }

    /** One back-to-back round: the replies' latencies, and the CPU the JVM and the services' HTTP threads used. */
    private record BackToBack(List<Long> nanos, double wallSeconds, double cpuMs, double serverCpuMs) {
    }

    private static BackToBack backToBack(String chat, List<String> script) throws Exception {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService sessions = Executors.newFixedThreadPool(SESSIONS);
        List<Future<?>> running = new ArrayList<>();
        long wallStart;
        long cpuStart;
        long serverCpuStart;
        try {
            for (int s = 0; s < SESSIONS; s++) {
                running.add(sessions.submit(() -> {
                    String id = sessionId(chat);
                    go.await();
                    for (int m = 0; m < MESSAGES; m++) {
                        long start = System.nanoTime();
                        message(chat, id, script.get(m % script.size()));
                        nanos.add(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            wallStart = System.nanoTime();
            cpuStart = processCpuNanos();
            serverCpuStart = serverCpuNanos();
            go.countDown();
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            sessions.shutdownNow();
        }
        assertThat(nanos).hasSize(SESSIONS * MESSAGES);
        return new BackToBack(List.copyOf(nanos), (System.nanoTime() - wallStart) / 1e9,
                (processCpuNanos() - cpuStart) / 1e6, (serverCpuNanos() - serverCpuStart) / 1e6);
    }

    /** Every session a person: a pause to read and type before each message, the sessions' pauses overlapping. */
    private static Latencies paced(String chat, List<String> script) throws Exception {
        List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
        ExecutorService sessions = Executors.newFixedThreadPool(SESSIONS);
        List<Future<?>> running = new ArrayList<>();
        try {
            for (int s = 0; s < SESSIONS; s++) {
                java.util.Random think = new java.util.Random(s);
                running.add(sessions.submit(() -> {
                    String id = sessionId(chat);
                    for (int m = 0; m < MESSAGES; m++) {
                        Thread.sleep(THINK_MIN_MS + think.nextInt(THINK_MAX_MS - THINK_MIN_MS + 1));
                        long start = System.nanoTime();
                        message(chat, id, script.get(m % script.size()));
                        nanos.add(System.nanoTime() - start);
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get(5, TimeUnit.MINUTES);
            }
        } finally {
            sessions.shutdownNow();
        }
        assertThat(nanos).hasSize(SESSIONS * MESSAGES);
        return Latencies.of(SESSIONS + " concurrent sessions, paced like people typing", nanos);
    }

    /**
     * The benchmark's client is {@link java.net.HttpURLConnection} with keep-alive (one connection per session
     * thread, {@code http.maxConnections} raised by the benchmarks profile): it shares the two CPUs with the
     * platform, and java.net.http.HttpClient's asynchronous machinery cost more CPU per request than the coach's
     * own reply.
     */
    private static String post(String url, String json, int expectedStatus) throws IOException {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setConnectTimeout(5000);
        c.setReadTimeout(60_000);
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        c.setFixedLengthStreamingMode(body.length);
        try (var out = c.getOutputStream()) {
            out.write(body);
        }
        int status = c.getResponseCode();
        try (var in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            String answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(status).as(answer).isEqualTo(expectedStatus);
            return answer;
        }
    }

    private static String sessionId(String chat) throws Exception {
        String created = post(chat, "", 201);
        Matcher m = Pattern.compile("\"sessionId\"\\s*:\\s*\"([^\"]+)\"").matcher(created);
        assertThat(m.find()).as(created).isTrue();
        return m.group(1);
    }

    private static void message(String chat, String session, String text) throws Exception {
        post(chat + "/" + session + "/messages", "{\"text\":\"" + text + "\"}", 200);
    }

    private static Map<String, Object> producerProps(Platform p) {
        return Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0);
    }

    private static Map<String, Object> consumerProps(Platform p) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, p.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    }

    private static long rssMegabytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    /** The load average when this class was loaded: other work on the machine, before this benchmark's own. */
    private static final double[] LOAD_BEFORE = loadAverage();

    /**
     * What the figures were measured on: CPUs, and the load average before the benchmark started (the load during
     * it counts the benchmark's own threads, so it says little about other work), since these machines are shared.
     */
    private static String machine() {
        int cpus = Runtime.getRuntime().availableProcessors();
        double[] now = loadAverage();
        if (LOAD_BEFORE == null || now == null) {
            return "on " + cpus + " CPUs (load average unknown)";
        }
        return String.format(java.util.Locale.ROOT, "on %d CPUs, load average %.2f / %.2f / %.2f (1 / 5 / 15 min) "
                        + "before the benchmark started, %.2f (1 min) now, its own threads included%s", cpus,
                LOAD_BEFORE[0], LOAD_BEFORE[1], LOAD_BEFORE[2], now[0], LOAD_BEFORE[0] >= cpus
                        ? ": the machine was shared, figures are inflated" : "");
    }

    private static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[]{Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** CPU time of the embedded services' Tomcat threads (their names start with http-nio). */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("http-nio")) {
                total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
            }
        }
        return total;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static void write(String name, String markdown) throws IOException {
        Files.createDirectories(OUT);
        Path file = OUT.resolve(name + ".md");
        Files.writeString(file, markdown);
        System.out.println("\n" + markdown + "(written to " + file.toAbsolutePath() + ")\n");
    }
}
