package io.ftcoach.task.api;

import io.ftcoach.events.DataValidated;
import io.ftcoach.events.DeploymentRequested;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.ProjectGenerated;
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
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    private HttpResponse<String> send(String method, String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .build(), HttpResponse.BodyHandlers.ofString());
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

    @Test
    void validatedDataAndADeploymentMoveTheLifecycle() throws Exception {
        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\",\"labels\":[\"a\",\"b\"]}".formatted(name)).statusCode())
                .isEqualTo(201);

        DataValidated validated = SampleEvents.of(DataValidated.class, name);
        probe.send(validated);
        TaskUpdated configuring = probe.await(TaskUpdated.class, name, WAIT);
        assertThat(configuring.getStatus()).isEqualTo(TaskStatus.CONFIGURING);
        assertThat(configuring.getEnvelope().getCausationId()).isEqualTo(validated.getEnvelope().getEventId());

        ModelDeployed deployed = SampleEvents.of(ModelDeployed.class, name);
        probe.send(deployed);
        TaskUpdated live = probe.awaitAll(TaskUpdated.class, u -> u.getEnvelope().getTaskId().equals(name), 2, WAIT)
                .get(1);
        assertThat(live.getStatus()).isEqualTo(TaskStatus.DEPLOYED);
        assertThat(workspace.resolve(name).resolve("task.yaml")).content().contains("status: \"deployed\"");

        // validated data again, once deployed, does not move the task back
        probe.send(SampleEvents.of(DataValidated.class, name));
        assertThat(probe.readAll(TaskUpdated.class, name, Duration.ofSeconds(2))).hasSize(2);
    }

    @Test
    void creatingATaskFillsTheTrainingBlockFromTheRecommendation() throws Exception {
        String name = uniqueName();
        var response = post("/api/tasks", """
                {"name":"%s","domain":"finance","language":"zh-TW","labels":["正面","負面","中立"],"dataSize":300}"""
                .formatted(name));
        assertThat(response.statusCode()).isEqualTo(201);
        // 300 samples: §3.2 rank <500 → r16/α32, 8–10 epochs at 1e-5; Chinese → Qwen3-4B (§2.1)
        assertThat(workspace.resolve(name).resolve("task.yaml")).content()
                .contains("base_model: \"Qwen/Qwen3-4B\"").contains("method: \"lora\"")
                .contains("r: 16").contains("alpha: 32").contains("epochs: 8").contains("learning_rate: 1.0E-5")
                .contains("domain: \"finance\"").contains("per_class_floor: 0.7").contains("keep_recent: 3");
        TaskCreated created = probe.await(TaskCreated.class, name, WAIT);
        assertThat(created.getDomain()).isEqualTo("finance");
        assertThat(created.getLanguage()).isEqualTo("zh-TW");

        var unknownModel = post("/api/tasks", """
                {"name":"%s","training":{"baseModel":"acme/gpt-x"}}""".formatted(uniqueName()));
        assertThat(unknownModel.statusCode()).isEqualTo(400);
        assertThat(unknownModel.body()).contains("'acme/gpt-x' is not a known base model");
        var badMethod = post("/api/tasks", """
                {"name":"%s","training":{"method":"magic"}}""".formatted(uniqueName()));
        assertThat(badMethod.statusCode()).isEqualTo(400);
        assertThat(badMethod.body()).contains("training.method 'magic' is not supported");
    }

    @Test
    void recommendationsAreServedWithTheirRationale() throws Exception {
        var ok = post("/api/recommendations", """
                {"dataSize":800,"language":"zh-TW","needs":["chinese"],"gpuMemoryGb":24,"taskType":"classification"}""");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("\"baseModel\":\"Qwen/Qwen3-4B\"").contains("\"method\":\"lora\"")
                .contains("\"r\":32").contains("\"alpha\":64").contains("\"epochs\":5").contains("\"gpuFits\":true")
                .contains("§2.1").contains("§3.2");

        var tooSmall = post("/api/recommendations", """
                {"dataSize":800,"needs":["reasoning"],"gpuMemoryGb":6}""");
        assertThat(tooSmall.statusCode()).isEqualTo(200);
        assertThat(tooSmall.body()).contains("\"gpuFits\":false").contains("\"execution\":\"cloud\"")
                .contains("No candidate fits a 6 GB GPU");

        var noSize = post("/api/recommendations", "{\"language\":\"en\"}");
        assertThat(noSize.statusCode()).isEqualTo(400);
        assertThat(noSize.body()).contains("dataSize is required");
        var badNeed = post("/api/recommendations", "{\"dataSize\":10,\"needs\":[\"speed\"]}");
        assertThat(badNeed.statusCode()).isEqualTo(400);
        assertThat(badNeed.body()).contains("need 'speed' is not known");
        var badGpu = post("/api/recommendations", "{\"dataSize\":10,\"gpuMemoryGb\":-4}");
        assertThat(badGpu.statusCode()).isEqualTo(400);
        assertThat(badGpu.body()).contains("gpuMemoryGb must be between");
        assertThat(post("/api/recommendations", "{not json").statusCode()).isEqualTo(400);

        var apiDocs = send("GET", "/v3/api-docs", null);
        assertThat(apiDocs.statusCode()).isEqualTo(200);
        assertThat(apiDocs.body()).contains("/api/recommendations").contains("/api/tasks/{name}/rollback")
                .contains("/api/tasks/{name}/archive").contains("patch").contains("/api/tasks/{name}/generate")
                .contains("/api/tasks/{name}/deployments").contains("/api/tasks/{name}/trainings");
    }

    @Test
    void patchUpdatesFieldsWithValidationAndPublishesTaskUpdated() throws Exception {
        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\"}".formatted(name)).statusCode()).isEqualTo(201);
        Path taskYaml = workspace.resolve(name).resolve("task.yaml");

        var ok = send("PATCH", "/api/tasks/" + name, """
                {"domain":"finance","success_criteria":{"threshold":0.85},"training":{"epochs":5}}""");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(taskYaml).content().contains("threshold: 0.85").contains("domain: \"finance\"").contains("epochs: 5");
        TaskUpdated updated = probe.await(TaskUpdated.class, name, WAIT);
        assertThat(updated.getChangedFields()).containsExactly("domain", "success_criteria.threshold", "training.epochs");
        String before = Files.readString(taskYaml);

        var threshold = send("PATCH", "/api/tasks/" + name, "{\"success_criteria\":{\"threshold\":1.5}}");
        assertThat(threshold.statusCode()).isEqualTo(400);
        assertThat(threshold.body()).contains("/success_criteria/threshold: must have a maximum value of 1")
                .contains("nothing was written")
                .contains("\"violations\":[{").contains("\"path\":\"/success_criteria/threshold\"");
        var method = send("PATCH", "/api/tasks/" + name, "{\"training\":{\"method\":\"magic\"}}");
        assertThat(method.statusCode()).isEqualTo(400);
        assertThat(method.body()).contains("/training/method");
        var model = send("PATCH", "/api/tasks/" + name, "{\"training\":{\"base_model\":\"acme/gpt-x\"}}");
        assertThat(model.statusCode()).isEqualTo(400);
        assertThat(model.body()).contains("'acme/gpt-x' is not a known base model");
        var version = send("PATCH", "/api/tasks/" + name, "{\"version\":\"v3\"}");
        assertThat(version.statusCode()).isEqualTo(400);
        assertThat(version.body()).contains("'version' cannot be patched").contains("rollback");
        var badName = send("PATCH", "/api/tasks/Bad_Name", "{\"domain\":\"x\"}");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("kebab-case").contains("bad-name");
        var traversal = send("PATCH", "/api/tasks/..%2Fx", "{\"domain\":\"x\"}");
        assertThat(traversal.statusCode()).isBetween(400, 499);
        var escape = post("/api/tasks", "{\"name\":\"../x\"}");
        assertThat(escape.statusCode()).isEqualTo(400);
        assertThat(escape.body()).contains("kebab-case");
        assertThat(workspace.getParent().resolve("x")).doesNotExist();
        assertThat(send("PATCH", "/api/tasks/no-such-task", "{\"domain\":\"x\"}").statusCode()).isEqualTo(404);

        assertThat(taskYaml).hasContent(before);
        assertThat(probe.readToEnd(TaskUpdated.class, name)).hasSize(1);

        // invalid YAML on disk: reported as a conflict, never overwritten
        String garbage = "task_name: [unclosed\nstatus: created\n";
        Files.writeString(taskYaml, garbage);
        var onBrokenFile = send("PATCH", "/api/tasks/" + name, "{\"domain\":\"retail\"}");
        assertThat(onBrokenFile.statusCode()).isEqualTo(409);
        assertThat(onBrokenFile.body()).contains("is not valid YAML").contains("nothing was changed");
        assertThat(send("GET", "/api/tasks/" + name, null).statusCode()).isEqualTo(409);
        Files.writeString(taskYaml, before.replace("threshold: 0.85", "threshold: 1.5"));
        var schemaBroken = send("GET", "/api/tasks/" + name, null);
        assertThat(schemaBroken.statusCode()).isEqualTo(409);
        assertThat(schemaBroken.body()).contains("/success_criteria/threshold: must have a maximum value of 1");
        assertThat(send("POST", "/api/tasks/" + name + "/archive", null).statusCode()).isEqualTo(409);
        assertThat(taskYaml).hasContent(before.replace("threshold: 0.85", "threshold: 1.5"));
        assertThat(probe.readToEnd(TaskUpdated.class, name)).hasSize(1);
    }

    @Test
    void rollbackChangesTheActiveVersionAndArchiveStopsTheLifecycle() throws Exception {
        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\"}".formatted(name)).statusCode()).isEqualTo(201);
        Path taskYaml = workspace.resolve(name).resolve("task.yaml");
        Files.createDirectories(workspace.resolve(name).resolve("versions/v1"));
        Files.createDirectories(workspace.resolve(name).resolve("versions/v2"));

        assertThat(post("/api/tasks/" + name + "/rollback", "{\"version\":\"v2\"}").statusCode()).isEqualTo(200);
        var back = post("/api/tasks/" + name + "/rollback", "{\"version\":\"v1\"}");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(back.body()).contains("\"activeVersion\":\"v1\"");
        assertThat(taskYaml).content().contains("version: \"v1\"");
        var updates = probe.awaitAll(TaskUpdated.class, u -> u.getEnvelope().getTaskId().equals(name), 2, WAIT);
        assertThat(updates.get(1).getChangedFields()).containsExactly("version");
        assertThat(updates.get(1).getReason()).isEqualTo("rollback from v2 to v1");
        String before = Files.readString(taskYaml);

        var unknown = post("/api/tasks/" + name + "/rollback", "{\"version\":\"v7\"}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("no recorded version 'v7'").contains("recorded: v1, v2");
        var notAVersion = post("/api/tasks/" + name + "/rollback", "{\"version\":\"../v1\"}");
        assertThat(notAVersion.statusCode()).isEqualTo(400);
        assertThat(notAVersion.body()).contains("is not a version name");
        assertThat(taskYaml).hasContent(before);

        var archived = post("/api/tasks/" + name + "/archive", "");
        assertThat(archived.statusCode()).isEqualTo(200);
        assertThat(taskYaml).content().contains("status: \"archived\"");
        TaskUpdated archiveEvent = probe.awaitAll(TaskUpdated.class,
                u -> u.getEnvelope().getTaskId().equals(name), 3, WAIT).get(2);
        assertThat(archiveEvent.getStatus()).isEqualTo(TaskStatus.ARCHIVED);
        assertThat(archiveEvent.getChangedFields()).containsExactly("status");
    }

    @Test
    void generateWritesTheProjectOnlyOnceTheDataSourceIsConfigured() throws Exception {
        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\",\"labels\":[\"正面\",\"負面\"]}".formatted(name)).statusCode())
                .isEqualTo(201);
        Path dir = workspace.resolve(name);

        var refused = post("/api/tasks/" + name + "/generate", "");
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.body()).contains("has no data_source.yaml yet").contains("nothing was written");
        assertThat(dir.resolve("scripts/04_train.py")).doesNotExist();
        assertThat(post("/api/tasks/no-such-task/generate", "").statusCode()).isEqualTo(404);
        var badName = post("/api/tasks/Bad_Name/generate", "");
        assertThat(badName.statusCode()).isEqualTo(400);
        assertThat(badName.body()).contains("kebab-case");
        assertThat(post("/api/tasks/..%2Fx/generate", "").statusCode()).isBetween(400, 499);

        // data-ingest-service writes data_source.yaml; here the file stands in for it
        Files.writeString(dir.resolve("data_source.yaml"), """
                version: "1.0"
                sources:
                  - {name: reviews, type: file_import, config: {source_path: data/import/reviews.csv, format: csv},
                     mapping: {text: review, label: label}}
                """);
        byte[] taskYaml = Files.readAllBytes(dir.resolve("task.yaml"));
        var generated = post("/api/tasks/" + name + "/generate", "");
        assertThat(generated.statusCode()).isEqualTo(200);
        assertThat(generated.body()).contains("\"status\":\"configuring\"").contains("scripts/run_pipeline.sh");
        for (String f : List.of("scripts/01_regenerate_data.py", "scripts/02_validate_data.py",
                "scripts/03_convert_format.py", "scripts/04_train.py", "scripts/05_evaluate.py",
                "scripts/06_upload_hf.py", "scripts/run_pipeline.sh", "configs/training_config.yaml",
                "configs/benchmark_config.yaml", "docs/integration-guide.md", "docs/annotation-guide.md", "README.md")) {
            assertThat(dir.resolve(f)).isRegularFile();
        }
        ProjectGenerated event = probe.await(ProjectGenerated.class, name, WAIT);
        assertThat(event.getTaskYamlSha256()).isEqualTo(HexFormat.of().formatHex(
                MessageDigest.getInstance("SHA-256").digest(taskYaml)));
        assertThat(event.getFiles()).extracting(a -> a.getPath()).contains("scripts/04_train.py", "README.md");
        assertThat(event.getFiles().get(0).getSha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest
                .getInstance("SHA-256").digest(Files.readAllBytes(dir.resolve(event.getFiles().get(0).getPath())))));
        assertThat(dir.resolve("task.yaml")).content().contains("status: \"configuring\"");
        TaskUpdated configuring = probe.await(TaskUpdated.class, name, WAIT);
        assertThat(configuring.getStatus()).isEqualTo(TaskStatus.CONFIGURING);

        String before = Files.readString(dir.resolve("configs/training_config.yaml"));
        assertThat(post("/api/tasks/" + name + "/generate", "").statusCode()).isEqualTo(200);
        assertThat(dir.resolve("configs/training_config.yaml")).hasContent(before);
        assertThat(probe.awaitAll(ProjectGenerated.class, p -> p.getEnvelope().getTaskId().equals(name), 2, WAIT)
                .get(1).getFiles()).isEqualTo(event.getFiles());
    }

    private static EvaluationReady evaluation(String task, Envelope cause, String version, double macroF1) {
        EvaluationReady e = SampleEvents.of(EvaluationReady.class, task);
        e.setEnvelope(Envelopes.causedBy(cause, "training-dispatcher", version, Clock.systemUTC()));
        e.setSplit("test");
        e.setMacroF1(macroF1);
        e.setAccuracy(macroF1 + 0.03);
        e.setMetrics(Map.of("macro_f1", macroF1, "accuracy", macroF1 + 0.03));
        e.setPrimaryMetric("macro_f1");
        e.setThreshold(0.8);
        e.setPassed(macroF1 >= 0.8);
        return e;
    }

    @Test
    void newVersionsAreNamedFromTheParentAndDeploymentsCheckTheResults() throws Exception {
        String name = uniqueName();
        assertThat(post("/api/tasks", "{\"name\":\"%s\",\"labels\":[\"a\",\"b\"]}".formatted(name)).statusCode())
                .isEqualTo(201);
        var first = post("/api/tasks/" + name + "/trainings", "{\"dataSnapshotId\":\"snap-1\"}");
        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(first.body()).contains("\"version\":\"v1\"").contains("\"backend\":\"baseline\"");
        TrainingRequested v1 = probe.await(TrainingRequested.class, name, WAIT);
        assertThat(v1.getEnvelope().getVersion()).isEqualTo("v1");
        assertThat(v1.getConfig().getBaseModel()).isEqualTo("Qwen/Qwen3-4B");
        assertThat(v1.getConfig().getMethod()).isEqualTo("lora");
        assertThat(v1.getConfig().getLoraRank()).isEqualTo(32);
        assertThat(v1.getParentVersion()).isNull();

        VersionRecorded recorded = SampleEvents.of(VersionRecorded.class, name);
        recorded.setEnvelope(Envelopes.causedBy(v1.getEnvelope(), "lineage-service", Clock.systemUTC()));
        probe.send(recorded);
        probe.send(evaluation(name, v1.getEnvelope(), "v1", 0.72));
        await().atMost(WAIT).untilAsserted(() -> assertThat(send("GET", "/api/tasks/" + name, null).body())
                .contains("\"activeVersion\":\"v1\"").contains("\"primaryValue\":0.72"));
        var detail = send("GET", "/api/tasks/" + name, null).body();
        assertThat(detail).contains("\"version\":\"v1\",\"active\":true").contains("\"passed\":false")
                .contains("\"activeMetric\":{\"name\":\"macro_f1\",\"value\":0.72,\"threshold\":0.8,\"passed\":false}");
        assertThat(send("GET", "/api/tasks", null).body()).contains("\"name\":\"" + name + "\"")
                .contains("\"value\":0.72");

        var tweak = post("/api/tasks/" + name + "/trainings", """
                {"dataSnapshotId":"snap-1","loraRank":64,"epochs":6,"statedChanges":["+200 neutral samples"]}""");
        assertThat(tweak.statusCode()).isEqualTo(202);
        assertThat(tweak.body()).contains("\"version\":\"v1.1\"").contains("\"parentVersion\":\"v1\"")
                .contains("LoRA rank 32 → 64 (+100%)").contains("epochs 8 → 6 (−25%)");
        TrainingRequested v11 = probe.awaitAll(TrainingRequested.class, t -> t.getEnvelope().getTaskId().equals(name), 2,
                WAIT).get(1);
        assertThat(v11.getEnvelope().getVersion()).isEqualTo("v1.1");
        assertThat(v11.getParentVersion()).isEqualTo("v1");
        assertThat(v11.getConfig().getLoraRank()).isEqualTo(64);
        assertThat(v11.getConfig().getEpochs()).isEqualTo(6);
        assertThat(v11.getStatedChanges()).containsExactly("+200 neutral samples");

        String taskYaml = Files.readString(workspace.resolve(name).resolve("task.yaml"));
        var model = post("/api/tasks/" + name + "/trainings", "{\"dataSnapshotId\":\"s\",\"baseModel\":\"acme/gpt-x\"}");
        assertThat(model.statusCode()).isEqualTo(400);
        assertThat(model.body()).contains("'acme/gpt-x' is not a known base model");
        var method = post("/api/tasks/" + name + "/trainings", "{\"dataSnapshotId\":\"s\",\"method\":\"magic\"}");
        assertThat(method.statusCode()).isEqualTo(400);
        assertThat(method.body()).contains("method 'magic' is not supported");
        var threshold = post("/api/tasks/" + name + "/trainings", "{\"dataSnapshotId\":\"s\",\"threshold\":1.5}");
        assertThat(threshold.statusCode()).isEqualTo(400);
        assertThat(threshold.body()).contains("threshold must be in (0, 1]");
        assertThat(workspace.resolve(name).resolve("task.yaml")).hasContent(taskYaml);
        assertThat(probe.readToEnd(TrainingRequested.class, name)).hasSize(2);

        var below = post("/api/tasks/" + name + "/deployments", "{\"target\":\"huggingface\",\"artifacts\":[\"adapter\",\"gguf\"]}");
        assertThat(below.statusCode()).isEqualTo(409);
        assertThat(below.body()).contains("macro_f1 = 72.0%").contains("target macro_f1 ≥ 80.0%")
                .contains("deploy anyway by sending \\\"force\\\": true").contains("\"threshold\":0.8");
        var forced = post("/api/tasks/" + name + "/deployments", """
                {"target":"huggingface","artifacts":["adapter","gguf"],"force":true,"options":{"org":"acme"}}""");
        assertThat(forced.statusCode()).isEqualTo(202);
        DeploymentRequested deployment = probe.await(DeploymentRequested.class, name, WAIT);
        assertThat(deployment.getForce()).isTrue();
        assertThat(deployment.getTarget()).isEqualTo("huggingface");
        assertThat(deployment.getEnvelope().getVersion()).isEqualTo("v1");
        assertThat(deployment.getOptions()).containsEntry("artifacts", "adapter,gguf").containsEntry("org", "acme");

        probe.send(evaluation(name, v11.getEnvelope(), "v1.1", 0.83));
        await().atMost(WAIT).untilAsserted(() -> assertThat(send("GET", "/api/tasks/" + name, null).body())
                .contains("\"primaryValue\":0.83"));
        var passing = post("/api/tasks/" + name + "/deployments", "{\"target\":\"ollama\",\"version\":\"v1.1\"}");
        assertThat(passing.statusCode()).isEqualTo(202);
        assertThat(passing.body()).contains("\"forced\":false").contains("meets the target");
        DeploymentRequested ollama = probe.awaitAll(DeploymentRequested.class,
                d -> d.getEnvelope().getTaskId().equals(name), 2, WAIT).get(1);
        assertThat(ollama.getForce()).isFalse();
        assertThat(ollama.getEnvelope().getVersion()).isEqualTo("v1.1");

        assertThat(post("/api/tasks/" + name + "/deployments", "{\"target\":\"ollama\",\"version\":\"v9\"}").statusCode())
                .isEqualTo(404);
        var badTarget = post("/api/tasks/" + name + "/deployments", "{\"target\":\"s3\"}");
        assertThat(badTarget.statusCode()).isEqualTo(400);
        assertThat(badTarget.body()).contains("target 's3' is not one of huggingface, ollama, vllm");
        assertThat(post("/api/tasks/no-such-task/deployments", "{\"target\":\"ollama\"}").statusCode()).isEqualTo(404);
        assertThat(post("/api/tasks/Bad_Name/deployments", "{\"target\":\"ollama\"}").statusCode()).isEqualTo(400);
        assertThat(probe.readToEnd(DeploymentRequested.class, name)).hasSize(2);
    }
}
