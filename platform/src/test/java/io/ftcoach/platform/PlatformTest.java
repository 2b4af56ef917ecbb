package io.ftcoach.platform;

import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.DataValidated;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.TaskUpdated;
import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.events.ValidationVerdict;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.platform.launcher.Platform;
import io.ftcoach.platform.launcher.PlatformSettings;
import io.ftcoach.platform.launcher.ServiceApp;
import io.ftcoach.schemas.registry.RegistryClientSettings;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The embedded platform as {@code ftcoach up} starts it: the broker, the registry and the five services in one
 * JVM, all healthy, data moving through every service, and everything still there after a restart.
 */
class PlatformTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String TASK = "platform-sentiment";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void startsEverythingMovesDataAndKeepsItAcrossARestart(@TempDir Path home) throws Exception {
        List<String> printed = new ArrayList<>();
        Map<String, Integer> subjectIds = new HashMap<>();
        String sessionId;
        String lineageFile;
        try (Platform platform = Platform.start(PlatformSettings.ephemeral(home), printed::add, false)) {
            platform.awaitHealthy(WAIT, null);
            assertThat(printed).anyMatch(l -> l.startsWith("kafka")).anyMatch(l -> l.startsWith("schema-registry"));
            for (ServiceApp app : ServiceApp.ALL) {
                String url = platform.urls().get(app.name());
                assertThat(printed).anyMatch(l -> l.startsWith(app.name()) && l.endsWith(url));
                assertThat(get(url + "/actuator/health", null).body()).contains("\"UP\"");
                assertThat(get(url + "/actuator/prometheus", null).body())
                        .contains("service=\"" + app.name() + "\"");
                var apiDocs = get(url + "/v3/api-docs", null);
                assertThat(apiDocs.statusCode()).as("%s OpenAPI description", app.name()).isEqualTo(200);
                assertThat(apiDocs.body()).contains("\"openapi\"").contains("\"/api/");
            }

            try (EventProbe probe = new EventProbe(platform.bootstrapServers(), platform.registryUrl())) {
                String task = platform.urls().get("task-service");
                assertThat(post(task + "/api/tasks", "{\"name\":\"" + TASK + "\",\"labels\":[\"positive\",\"negative\"]}", null)
                        .statusCode()).isEqualTo(201);
                TaskCreated created = probe.await(TaskCreated.class, TASK, WAIT);

                // data-ingest: a snapshot, then its own validation hook
                var snapshot = post(platform.urls().get("data-ingest-service") + "/api/tasks/" + TASK + "/snapshots",
                        splits(), null);
                assertThat(snapshot.statusCode()).as(snapshot.body()).isBetween(200, 202);
                DataUpdated updated = probe.await(DataUpdated.class, TASK, WAIT);
                assertThat(updated.getTrainCount()).isEqualTo(8);
                DataValidated validated = probe.await(DataValidated.class, TASK, WAIT);
                assertThat(validated.getSnapshotId()).isEqualTo(updated.getSnapshotId());
                assertThat(validated.getVerdict()).isNotEqualTo(ValidationVerdict.FAIL);

                // task-service asks for training; dispatcher, lineage and task-service answer
                assertThat(post(task + "/api/tasks/" + TASK + "/trainings", """
                        {"version":"v1","dataSnapshotId":"%s","epochs":1,"learningRate":0.1}"""
                        .formatted(updated.getSnapshotId()), null).statusCode()).isEqualTo(202);
                TrainingRequested requested = probe.await(TrainingRequested.class, TASK, WAIT);
                TrainingStarted started = probe.await(TrainingStarted.class, TASK, WAIT);
                assertThat(started.getEnvelope().getCausationId()).isEqualTo(requested.getEnvelope().getEventId());
                // the baseline backend trains on the snapshot, then the dispatcher evaluates
                TrainingCompleted completed = probe.await(TrainingCompleted.class, TASK, WAIT);
                assertThat(completed.getBackend()).isEqualTo("baseline");
                EvaluationReady evaluated = probe.await(EvaluationReady.class, TASK, WAIT);
                assertThat(evaluated.getPrimaryMetric()).isEqualTo("macro_f1");
                assertThat(evaluated.getEnvelope().getCorrelationId()).isEqualTo(requested.getEnvelope().getCorrelationId());
                AnalysisCompleted analysis = probe.await(AnalysisCompleted.class, TASK, WAIT);
                assertThat(analysis.getEnvelope().getCausationId()).isEqualTo(evaluated.getEnvelope().getEventId());
                VersionRecorded recorded = probe.await(VersionRecorded.class, TASK, WAIT);
                assertThat(recorded.getEnvelope().getVersion()).isEqualTo("v1");
                assertThat(recorded.getEnvelope().getCorrelationId()).isEqualTo(requested.getEnvelope().getCorrelationId());
                assertThat(home.resolve("workspace").resolve(TASK).resolve("benchmarks/results/v1_results.json")).exists();
                assertThat(home.resolve("workspace").resolve(TASK).resolve("versions/v1/lineage.yaml")).exists();
                await().atMost(WAIT).untilAsserted(() ->
                        assertThat(get(task + "/api/tasks/" + TASK, null).body()).contains("\"activeVersion\":\"v1\""));
                assertThat(probe.awaitAll(TaskUpdated.class, u -> u.getEnvelope().getTaskId().equals(TASK), 1, WAIT)).isNotEmpty();
                assertThat(created.getEnvelope().getCorrelationId()).isNotEqualTo(requested.getEnvelope().getCorrelationId());

                // the coach saw it all
                await().atMost(WAIT).untilAsserted(() -> assertThat(
                        get(platform.urls().get("coach-service") + "/api/activity/" + TASK, null).body())
                        .contains("TaskCreated").contains("DataValidated").contains("TrainingCompleted"));
            }

            // a chat session left waiting for an answer
            String chat = platform.urls().get("coach-service") + "/api/chat/sessions";
            sessionId = JSON.readTree(post(chat, "", null).body()).get("sessionId").asString();
            var asked = JSON.readTree(post(chat + "/" + sessionId + "/messages", "{\"text\": \"I want to fine-tune a "
                    + "model for sentiment on financial news, 800 rows in PostgreSQL, F1 0.8\"}", null).body());
            assertThat(asked.get("question").get("slot").asString()).isEqualTo("business_problem");
            lineageFile = Files.readString(home.resolve("workspace").resolve(TASK).resolve("versions/v1/lineage.yaml"));

            var registry = new RestSchemaRegistryClient(RegistryClientSettings.of(platform.registryUrl()));
            for (String subject : registry.subjects()) {
                subjectIds.put(subject, registry.getLatest(subject).id());
            }
            assertThat(subjectIds).containsKeys("ftcoach.task-created-value", "ftcoach.version-recorded-value");
        }

        // a restart on the same home, now guarded by an API token: nothing is lost
        var settings = PlatformSettings.ephemeral(home);
        settings = new PlatformSettings(settings.home(), 0, 0, null, null, settings.servicePorts(), "restart-token");
        try (Platform platform = Platform.start(settings, line -> { }, false)) {
            platform.awaitHealthy(WAIT, "restart-token");
            String task = platform.urls().get("task-service");
            assertThat(get(task + "/api/tasks", null).statusCode()).isEqualTo(401);
            assertThat(get(task + "/api/tasks", "restart-token").body()).contains(TASK).contains("\"activeVersion\":\"v1\"");
            assertThat(get(platform.urls().get("lineage-service") + "/api/tasks/" + TASK + "/versions", "restart-token")
                    .body()).contains("v1");

            // lineage files untouched, and still served
            assertThat(home.resolve("workspace").resolve(TASK).resolve("versions/v1/lineage.yaml")).hasContent(lineageFile);
            assertThat(get(platform.urls().get("lineage-service") + "/api/tasks/" + TASK + "/versions/v1/lineage",
                    "restart-token").statusCode()).isEqualTo(200);
            // the chat session picks up where it was: the open question is still the one asked before the restart
            var answered = post(platform.urls().get("coach-service") + "/api/chat/sessions/" + sessionId + "/messages",
                    "{\"text\": \"one 24 GB GPU\"}", "restart-token");
            assertThat(answered.statusCode()).as(answered.body()).isEqualTo(200);
            assertThat(JSON.readTree(answered.body()).get("text").asString()).contains("That answers another question");
            assertThat(JSON.readTree(answered.body()).get("question").get("slot").asString())
                    .isEqualTo("business_problem");

            var registry = new RestSchemaRegistryClient(new RegistryClientSettings(List.of(platform.registryUrl()),
                    null, "restart-token", null, 1, null));
            for (var e : subjectIds.entrySet()) {
                assertThat(registry.getLatest(e.getKey()).id()).as(e.getKey()).isEqualTo(e.getValue());
            }
            try (EventProbe probe = new EventProbe(platform.bootstrapServers(), platform.registryUrl(), "restart-token")) {
                // the broker kept its log: the first run's events are still there
                assertThat(probe.readAll(TaskCreated.class, TASK, Duration.ofSeconds(3))).hasSize(1);
            }
        }
    }

    private static String splits() {
        StringBuilder train = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            train.append(i == 0 ? "" : ",").append("{\"text\":\"review number ").append(i).append("\",\"label\":\"")
                    .append(i % 2 == 0 ? "positive" : "negative").append("\"}");
        }
        return "{\"train\":[" + train + "],"
                + "\"valid\":[{\"text\":\"valid one\",\"label\":\"positive\"},{\"text\":\"valid two\",\"label\":\"negative\"}],"
                + "\"test\":[{\"text\":\"test one\",\"label\":\"positive\"},{\"text\":\"test two\",\"label\":\"negative\"}]}";
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String json, String token) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            r.header("Authorization", "Bearer " + token);
        }
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }
}
