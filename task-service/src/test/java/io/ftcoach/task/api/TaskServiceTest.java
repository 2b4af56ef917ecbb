package io.ftcoach.task.api;

import io.ftcoach.events.Envelope;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.TaskStatus;
import io.ftcoach.events.TaskUpdated;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.schemas.testing.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@SpringBootTest(classes = io.ftcoach.task.TaskServiceApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=task-service"})
class TaskServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static Path workspace;
    private static final EventProbe probe = EventProbe.onSharedInfrastructure();
    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) throws Exception {
        Path home = Files.createTempDirectory("task-service-test");
        workspace = home.resolve("workspace");
        TestInfrastructure.shared().springProperties().forEach((k, v) -> registry.add(k, () -> v));
        registry.add("ftcoach.workspace", workspace::toString);
        registry.add("ftcoach.state-dir", () -> home.resolve("state").toString());
    }

    @AfterAll
    static void closeProbe() {
        probe.close();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String uniqueName() {
        return "sentiment-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void creatingATaskWritesTaskYamlAndPublishesTaskCreated() throws Exception {
        String name = uniqueName();
        var response = post("/api/tasks", """
                {"name":"%s","taskType":"classification","labels":["positive","negative"],
                 "primaryMetric":"accuracy","threshold":0.85}""".formatted(name));
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Location")).contains("/api/tasks/" + name);

        Path taskYaml = workspace.resolve(name).resolve("task.yaml");
        assertThat(taskYaml).content().contains("task_name: \"" + name + "\"").contains("primary_metric: \"accuracy\"")
                .contains("status: \"created\"");
        assertThat(workspace.resolve(name).resolve("data/raw")).isDirectory();

        TaskCreated created = probe.await(TaskCreated.class, name, WAIT);
        assertThat(created.getPrimaryMetric()).isEqualTo("accuracy");
        assertThat(created.getThreshold()).isEqualTo(0.85);
        assertThat(created.getLabels()).containsExactly("positive", "negative");
        assertThat(created.getEnvelope().getSource()).isEqualTo("task-service");
        assertThat(created.getEnvelope().getCausationId()).isNull();
    }

    @Test
    void badInputIsRefusedPreciselyAndChangesNothing() throws Exception {
        var badName = post("/api/tasks", "{\"name\":\"Entity Sentiment\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("kebab-case").contains("entity-sentiment");
        assertThat(workspace.resolve("Entity Sentiment")).doesNotExist();

        var badThreshold = post("/api/tasks", "{\"name\":\"%s\",\"threshold\":1.5}".formatted(uniqueName()));
        assertThat(badThreshold.statusCode()).isEqualTo(400);
        assertThat(badThreshold.body()).contains("threshold");

        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\"}".formatted(name)).statusCode()).isEqualTo(201);
        String before = Files.readString(workspace.resolve(name).resolve("task.yaml"));
        var again = post("/api/tasks", "{\"name\":\"%s\",\"primaryMetric\":\"accuracy\"}".formatted(name));
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("exists already");
        assertThat(workspace.resolve(name).resolve("task.yaml")).hasContent(before);

        var unknown = post("/api/tasks/no-such-task/trainings", "{\"version\":\"v1\",\"dataSnapshotId\":\"abc\",\"epochs\":1,\"learningRate\":0.1}");
        assertThat(unknown.statusCode()).isEqualTo(404);
    }

    @Test
    void trainingIsRequestedAndTheLifecycleFollowsThePipeline() throws Exception {
        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\",\"labels\":[\"a\",\"b\"]}".formatted(name)).statusCode()).isEqualTo(201);

        var accepted = post("/api/tasks/" + name + "/trainings", """
                {"version":"v1","dataSnapshotId":"snap-1","epochs":3,"learningRate":0.0002,
                 "statedChanges":["first version"]}""");
        assertThat(accepted.statusCode()).isEqualTo(202);
        TrainingRequested requested = probe.await(TrainingRequested.class, name, WAIT);
        assertThat(requested.getEnvelope().getVersion()).isEqualTo("v1");
        assertThat(requested.getDataSnapshotId()).isEqualTo("snap-1");
        assertThat(requested.getBackend()).isEqualTo("baseline");
        assertThat(requested.getConfig().getEpochs()).isEqualTo(3);
        assertThat(requested.getStatedChanges()).containsExactly("first version");

        // training-dispatcher and lineage-service answer; the task follows
        Envelope started = Envelopes.causedBy(requested.getEnvelope(), "training-dispatcher", Clock.systemUTC());
        TrainingStarted trainingStarted = SampleEvents.of(TrainingStarted.class, name);
        trainingStarted.setEnvelope(started);
        probe.send(trainingStarted);
        TaskUpdated training = probe.await(TaskUpdated.class, name, WAIT);
        assertThat(training.getStatus()).isEqualTo(TaskStatus.TRAINING);
        assertThat(training.getEnvelope().getCausationId()).isEqualTo(started.getEventId());
        assertThat(training.getEnvelope().getCorrelationId()).isEqualTo(requested.getEnvelope().getCorrelationId());

        VersionRecorded recorded = SampleEvents.of(VersionRecorded.class, name);
        recorded.setEnvelope(Envelopes.causedBy(requested.getEnvelope(), "lineage-service", Clock.systemUTC()));
        probe.send(recorded);
        probe.send(recorded); // redelivered: one effect
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(workspace.resolve(name).resolve("task.yaml")).content().contains("version: \"v1\""));
        var updates = probe.awaitAll(TaskUpdated.class, u -> u.getEnvelope().getTaskId().equals(name), 2, WAIT);
        assertThat(updates.get(1).getActiveVersion()).isEqualTo("v1");
        assertThat(probe.readAll(TaskUpdated.class, name, Duration.ofSeconds(2))).hasSize(2);
    }
}
