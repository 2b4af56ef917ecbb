package io.ftcoach.platform.cli;

import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.platform.ops.OpsEndpoint;
import io.ftcoach.platform.ops.TopicsReader;
import io.ftcoach.platform.ops.TopicsReport;
import io.ftcoach.schemas.topics.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code ftcoach ops topics} against the real embedded broker: a topic of its own with two partitions and a
 * dead-letter topic, records with known timestamps, and a consumer group that committed part of the way.
 */
class OpsTopicsTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "ops-test-" + RUN;
    private static final String DLT = TOPIC + Topic.DEAD_LETTER_SUFFIX;
    private static final String GROUP = "ops-test-group-" + RUN;
    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07Z");
    private static String kafka;

    @BeforeAll
    static void writeRecordsAndCommitPartOfThem() throws Exception {
        kafka = TestInfrastructure.shared().bootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(DLT, 1, (short) 1))).all().get();
        }
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(TOPIC, 0, T0.plusSeconds(i).toEpochMilli(), "task-a", "event " + i)).get();
            }
            // the newest record is on partition 1, written before partition 0's last ones
            producer.send(new ProducerRecord<>(TOPIC, 1, T0.plusSeconds(30).toEpochMilli(), "task-b", "event b1")).get();
            producer.send(new ProducerRecord<>(TOPIC, 1, T0.plusSeconds(10).toEpochMilli(), "task-b", "event b2")).get();
            producer.send(new ProducerRecord<>(DLT, 0, T0.plusSeconds(40).toEpochMilli(), "task-a", "poison 1")).get();
            producer.send(new ProducerRecord<>(DLT, 0, T0.plusSeconds(50).toEpochMilli(), "task-b", "poison 2")).get();
        }

        Properties c = new Properties();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, GROUP);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (consumer.assignment().size() < 2 && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200));
            }
            assertThat(consumer.assignment()).as("partitions assigned to the test's consumer").hasSize(2);
            // one of partition 0's three records processed, none of partition 1's two: a lag of 4
            consumer.commitSync(Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(1),
                    new TopicPartition(TOPIC, 1), new OffsetAndMetadata(0)));
        }
    }

    @Test
    void theReportHasEndOffsetsDeadLettersLastEventsAndLag() {
        TopicsReport report;
        try (TopicsReader reader = new TopicsReader(kafka, Duration.ofSeconds(20), Clock.systemUTC())) {
            report = reader.read(true);
        }
        TopicsReport.TopicRow row = report.topics().stream().filter(t -> t.topic().equals(TOPIC)).findFirst().orElseThrow();
        assertThat(row.endOffsets()).containsExactly(3L, 2L);
        assertThat(row.records()).isEqualTo(5);
        assertThat(row.lastEventAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(row.deadLetterTopic()).isEqualTo(DLT);
        assertThat(row.deadLetters()).isEqualTo(2);
        assertThat(row.lastDeadLetterAt()).isEqualTo(T0.plusSeconds(50));
        // a dead-letter topic is part of its topic's row, not a row of its own
        assertThat(report.topics()).noneMatch(t -> t.topic().equals(DLT));

        assertThat(report.groups()).filteredOn(g -> g.group().equals(GROUP)).singleElement().satisfies(g -> {
            assertThat(g.topic()).isEqualTo(TOPIC);
            assertThat(g.committed()).isEqualTo(1);
            assertThat(g.lag()).isEqualTo(4);
            assertThat(g.state()).isNotBlank();
        });

        // the catalogue view: every catalogue topic, each with its dead-letter topic, and nothing else
        TopicsReport catalogue;
        try (TopicsReader reader = new TopicsReader(kafka, Duration.ofSeconds(20), Clock.systemUTC())) {
            catalogue = reader.read(false);
        }
        assertThat(catalogue.topics()).extracting(TopicsReport.TopicRow::topic)
                .containsExactlyInAnyOrder(java.util.Arrays.stream(Topic.values()).map(Topic::topicName).toArray(String[]::new));
        assertThat(catalogue.topics()).allSatisfy(t -> {
            assertThat(t.deadLetterTopic()).isEqualTo(t.topic() + Topic.DEAD_LETTER_SUFFIX);
            assertThat(t.endOffsets()).hasSize(Topic.DEFAULT_PARTITIONS);
        });
    }

    @Test
    void theCommandPrintsTheTablesAndJson() {
        Run table = run("topics", "--bootstrap-servers", kafka, "--all");
        assertThat(table.exit).as(table.err).isZero();
        assertThat(table.out).startsWith("Kafka " + kafka + " at ");
        String header = table.out.lines().filter(l -> l.startsWith("TOPIC")).findFirst().orElseThrow();
        assertThat(header).contains("END OFFSETS").contains("RECORDS").contains("LAST EVENT").contains("DEAD LETTERS");
        assertThat(table.out.lines().filter(l -> l.startsWith(TOPIC + " ")).findFirst().orElseThrow().split("\\s+"))
                .containsExactly(TOPIC, "3,2", "5", "2026-03-04T05:06:37Z", "2", "2026-03-04T05:06:57Z");
        assertThat(table.out.lines().filter(l -> l.startsWith(GROUP + " ")).findFirst().orElseThrow().split("\\s+"))
                .startsWith(GROUP, TOPIC, "1", "4");

        Run json = run("topics", "--bootstrap-servers", kafka, "--all", "--json");
        assertThat(json.exit).as(json.err).isZero();
        JsonNode report = ChatClient.JSON.readTree(json.out);
        JsonNode row = null;
        for (JsonNode t : report.get("topics")) {
            if (t.get("topic").asString().equals(TOPIC)) {
                row = t;
            }
        }
        assertThat(row).as(json.out).isNotNull();
        assertThat(row.get("endOffsets").toString()).isEqualTo("[3,2]");
        assertThat(row.get("deadLetters").asLong()).isEqualTo(2);
        assertThat(row.get("lastEventAt").asString()).isEqualTo("2026-03-04T05:06:37Z");
    }

    @Test
    void anUnreachableBrokerIsExplained() {
        Run r = run("topics", "--bootstrap-servers", "127.0.0.1:1", "--timeout", "PT3S");
        assertThat(r.exit).isEqualTo(1);
        assertThat(r.err).startsWith("ftcoach ops topics: Kafka at 127.0.0.1:1 did not answer within 3 s");
        assertThat(r.out).isEmpty();
    }

    @Test
    void theEndpointAnswersTheReportBehindTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        try (OpsEndpoint endpoint = OpsEndpoint.start("127.0.0.1", 0, kafka, "ops-token")) {
            String url = endpoint.url() + OpsEndpoint.PATH + "?all=true";
            HttpResponse<String> refused = get(http, url, null);
            assertThat(refused.statusCode()).isEqualTo(401);
            assertThat(refused.body()).contains("FTCOACH_API_TOKEN").doesNotContain("ops-token");
            assertThat(get(http, url, "wrong").statusCode()).isEqualTo(401);

            HttpResponse<String> ok = get(http, url, "ops-token");
            assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json");
            JsonNode report = ChatClient.JSON.readTree(ok.body());
            JsonNode row = find(report.get("topics"), "topic", TOPIC);
            assertThat(row.get("endOffsets").toString()).isEqualTo("[3,2]");
            assertThat(row.get("deadLetters").asLong()).isEqualTo(2);
            JsonNode group = find(report.get("groups"), "group", GROUP);
            assertThat(group.get("lag").asLong()).isEqualTo(4);

            JsonNode catalogue = ChatClient.JSON.readTree(get(http, endpoint.url() + OpsEndpoint.PATH, "ops-token").body());
            assertThat(catalogue.get("topics").size()).isEqualTo(Topic.values().length);
            assertThat(get(http, endpoint.url() + "/api/ops/other", "ops-token").statusCode()).isEqualTo(404);
            HttpResponse<String> post = http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer ops-token").POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(post.statusCode()).isEqualTo(405);
        }
        try (OpsEndpoint down = OpsEndpoint.start("127.0.0.1", 0, "127.0.0.1:1", null)) {
            HttpResponse<String> unavailable = get(http, down.url() + OpsEndpoint.PATH, null);
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.body()).contains("Kafka at 127.0.0.1:1 did not answer");
        }
        assertThatThrownBy(() -> OpsEndpoint.start("0.0.0.0", 0, kafka, null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("without an API token");
    }

    private static HttpResponse<String> get(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (n.get(field).asString().equals(value)) {
                return n;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CommandLine cli = new CommandLine(new OpsCommand());
        OpsCommand.Topics topics = cli.getSubcommands().get("topics").getCommand();
        topics.out = new PrintStream(out, true, StandardCharsets.UTF_8);
        topics.err = new PrintStream(err, true, StandardCharsets.UTF_8);
        topics.environment = Map.of();
        int exit = cli.execute(args);
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
