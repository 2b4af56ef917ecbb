package io.ftcoach.lineage;

import io.ftcoach.events.Artifact;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.schemas.envelope.Envelopes;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The service as deployed: its own config file, the real broker and registry, events in, files and events out. */
class LineageServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final Instant REQUESTED = Instant.parse("2026-11-25T10:00:00.123Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final RunningService service = new RunningService(LineageServiceApplication::builder);
    private final EventProbe probe = service.events();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void lineageIsTheSameWhateverTheOrderAndDuplicatesOfItsEvents() throws Exception {
        String taskA = "lineage-a-" + RUN;
        String taskB = "lineage-b-" + RUN;
        VersionEvents a = VersionEvents.of(taskA);
        VersionEvents b = VersionEvents.of(taskB);

        for (SpecificRecord e : List.of(a.requested(), a.completed(), a.evaluated())) {
            probe.send(e);
        }
        // another order, with events delivered twice as at-least-once delivery may
        for (SpecificRecord e : List.of(b.evaluated(), b.completed(), b.evaluated(), b.requested(), b.completed())) {
            probe.send(e);
        }

        List<VersionRecorded> recordedA = probe.awaitAll(VersionRecorded.class,
                e -> e.getEnvelope().getTaskId().equals(taskA), 3, TIMEOUT);
        probe.awaitAll(VersionRecorded.class, e -> e.getEnvelope().getTaskId().equals(taskB), 3, TIMEOUT);
        // a duplicate changes nothing and announces nothing
        assertThat(probe.readAll(VersionRecorded.class, taskB, Duration.ofSeconds(2))).hasSize(3);

        String yamlA = Files.readString(service.workspace().resolve(taskA).resolve("versions/v2/lineage.yaml"));
        String yamlB = Files.readString(service.workspace().resolve(taskB).resolve("versions/v2/lineage.yaml"));
        assertThat(yamlB).isEqualTo(yamlA.replace(taskA, taskB));
        assertThat(yamlA).contains(
                "version: \"v2\"", "created: \"2026-11-25T10:00:00.123Z\"", "parent: \"v1\"",
                "snapshot_id: \"sha256-9f2c\"", "base_model: \"Qwen/Qwen3-4B\"", "learning_rate: 1.0E-5",
                "macro_f1: 0.815", "evaluated_at: \"2026-11-25T10:15:00.123Z\"",
                "adapter_path: \"models/adapter/v2\"", "gguf_path: \"models/gguf/" + taskA + "-v2-q8_0.gguf\"",
                "- \"LoRA r 32 → 64\"");

        Map<String, VersionRecorded> byCause = recordedA.stream()
                .collect(Collectors.toMap(e -> e.getEnvelope().getCausationId(), Function.identity()));
        assertThat(byCause).containsOnlyKeys(a.requested().getEnvelope().getEventId(),
                a.completed().getEnvelope().getEventId(), a.evaluated().getEnvelope().getEventId());
        for (VersionRecorded r : recordedA) {
            assertThat(r.getEnvelope().getCorrelationId()).isEqualTo(a.correlationId());
            assertThat(r.getEnvelope().getVersion()).isEqualTo("v2");
            assertThat(r.getEnvelope().getSource()).isEqualTo(LineageServiceApplication.NAME);
            assertThat(r.getLineagePath()).isEqualTo("versions/v2/lineage.yaml");
        }
        VersionRecorded afterRequest = byCause.get(a.requested().getEnvelope().getEventId());
        assertThat(afterRequest.getParentVersion()).isEqualTo("v1");
        assertThat(afterRequest.getDataSnapshotId()).isEqualTo("sha256-9f2c");
        assertThat(afterRequest.getChanges()).containsExactly("LoRA r 32 → 64");
        VersionRecorded afterEvaluation = byCause.get(a.evaluated().getEnvelope().getEventId());
        assertThat(afterEvaluation.getPrimaryMetric()).isEqualTo("macro_f1");
        assertThat(afterEvaluation.getPrimaryValue()).isEqualTo(0.815);
    }

    @Test
    void restListsVersionsAndServesTheLineage() throws Exception {
        String task = "lineage-rest-" + RUN;
        VersionEvents v = VersionEvents.of(task);
        probe.send(v.requested());
        probe.send(v.evaluated());
        probe.awaitAll(VersionRecorded.class, e -> e.getEnvelope().getTaskId().equals(task), 2, TIMEOUT);

        JsonNode versions = get("/api/tasks/" + task + "/versions", 200);
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("version").asString()).isEqualTo("v2");
        assertThat(versions.get(0).get("parent").asString()).isEqualTo("v1");
        assertThat(versions.get(0).get("primaryMetric").asString()).isEqualTo("macro_f1");
        assertThat(versions.get(0).get("primaryValue").asDouble()).isEqualTo(0.815);

        JsonNode lineage = get("/api/tasks/" + task + "/versions/v2/lineage", 200);
        assertThat(lineage.propertyNames()).containsExactly("version", "created", "parent", "data", "config",
                "results", "model", "changes", "deployment", "analysis");
        assertThat(lineage.at("/results/per_class/中立/f1").asDouble()).isEqualTo(0.785);
        assertThat(lineage.get("model").isNull()).isTrue();   // TrainingCompleted not sent for this task

        assertThat(get("/api/tasks/" + task + "/versions/v9/lineage", 404).get("detail").asString())
                .contains("no recorded version 'v9'");
        assertThat(get("/api/tasks/no-such-task-" + RUN + "/versions", 404).get("detail").asString())
                .contains("No task folder");
        assertThat(get("/api/tasks/Not_Kebab/versions", 400).get("detail").asString()).contains("kebab-case");
    }

    @Test
    void restComparesTwoVersionsAsJsonAndMarkdown() throws Exception {
        String task = "lineage-compare-" + RUN;
        VersionEvents v2 = VersionEvents.of(task);
        VersionEvents v1 = v2.asParentV1();
        TrainingRequested v3 = TrainingRequested.newBuilder(v2.requested())
                .setEnvelope(Envelopes.start("task-service", task, "v3",
                        Clock.fixed(REQUESTED.plusSeconds(3600), ZoneOffset.UTC)))
                .setParentVersion("v2").build();
        for (SpecificRecord e : List.of(v2.requested(), v2.evaluated(), v1.requested(), v1.evaluated(), v3)) {
            probe.send(e);
        }
        probe.awaitAll(VersionRecorded.class, e -> e.getEnvelope().getTaskId().equals(task), 5, TIMEOUT);

        JsonNode c = get("/api/tasks/" + task + "/compare?from=v1&to=v2", 200);
        assertThat(c.get("verdict").asString()).isEqualTo("adopt");
        assertThat(c.get("primaryMetric").asString()).isEqualTo("macro_f1");
        assertThat(c.at("/metrics/0/metric").asString()).isEqualTo("macro_f1");
        assertThat(c.at("/metrics/0/deltaPoints").asDouble()).isEqualTo(9.5);
        assertThat(c.at("/metrics/3/metric").asString()).isEqualTo("f1:中立");
        assertThat(c.at("/metrics/3/deltaPoints").asDouble()).isEqualTo(16.5);
        assertThat(c.at("/config/2/setting").asString()).isEqualTo("lora.r");
        assertThat(c.at("/config/2/deltaPercent").asDouble()).isEqualTo(100.0);
        assertThat(c.get("regressions")).isEmpty();
        assertThat(c.at("/data/changed").asBoolean()).isTrue();

        HttpResponse<String> markdown = http.send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/tasks/" + task + "/compare?from=v1&to=v2"))
                .header("Accept", "text/markdown").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(markdown.statusCode()).isEqualTo(200);
        assertThat(markdown.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/markdown"));
        assertThat(markdown.body()).startsWith("# v1 vs v2").contains("| lora.r | 32 | 64 | +32 (+100%) |",
                "| **macro_f1** (primary) | 0.72 | 0.815 | +9.5 |", "## Verdict: adopt");
        HttpResponse<String> byParam = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/tasks/" + task + "/compare?from=v2&to=v1&format=markdown")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byParam.body()).contains("## Verdict: roll back");

        // the child's changes derived from its parent, whichever of the two was recorded first
        assertThat(get("/api/tasks/" + task + "/versions/v2/lineage", 200).get("changes"))
                .extracting(JsonNode::asString)
                .containsExactly("LoRA r 32 → 64", "LoRA rank 32 → 64", "LoRA alpha 64 → 128", "epochs 8 → 6",
                        "data snapshot sha256-1a2b → sha256-9f2c");
        assertThat(Files.readString(service.workspace().resolve(task).resolve("versions/v2/lineage.yaml")))
                .contains("- \"epochs 8 → 6\"");

        assertThat(get("/api/tasks/" + task + "/compare?from=v1&to=v9", 404).get("detail").asString())
                .contains("no recorded version 'v9'", "its versions are: v1, v2, v3");
        assertThat(get("/api/tasks/" + task + "/compare?from=v2&to=v3", 409).get("detail").asString())
                .contains("Version 'v3' has no results");
        HttpResponse<String> markdownError = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                        + "/api/tasks/" + task + "/compare?from=v2&to=v3")).header("Accept", "text/markdown")
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(markdownError.statusCode()).isEqualTo(409);
        assertThat(markdownError.body()).contains("Version 'v3' has no results");
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    /** The three events of one version of a task, one causal chain, with fixed times. */
    private record VersionEvents(TrainingRequested requested, TrainingCompleted completed, EvaluationReady evaluated) {

        static VersionEvents of(String task) {
            Envelope start = Envelopes.start("task-service", task, "v2", Clock.fixed(REQUESTED, ZoneOffset.UTC));
            TrainingRequested requested = TrainingRequested.newBuilder().setEnvelope(start).setParentVersion("v1")
                    .setBackend("baseline").setDataSnapshotId("sha256-9f2c")
                    .setConfig(TrainingConfig.newBuilder().setBaseModel("Qwen/Qwen3-4B").setMethod("lora")
                            .setLoraRank(64).setLoraAlpha(128).setLoraDropout(null).setEpochs(6)
                            .setLearningRate(1e-5).setBatchSize(4).build())
                    .setStatedChanges(List.of("LoRA r 32 → 64")).build();
            Envelope done = Envelopes.causedBy(start, "training-dispatcher",
                    Clock.fixed(REQUESTED.plusSeconds(600), ZoneOffset.UTC));
            TrainingCompleted completed = TrainingCompleted.newBuilder().setEnvelope(done).setJobId("job-1")
                    .setBackend("baseline").setDurationMillis(600_000).setMetrics(Map.of("train_loss", 0.41))
                    .setArtifacts(List.of(new Artifact("adapter", "models/adapter/v2", null),
                            new Artifact("gguf", "models/gguf/" + task + "-v2-q8_0.gguf", null)))
                    .build();
            Envelope eval = Envelopes.causedBy(done, "training-dispatcher",
                    Clock.fixed(REQUESTED.plusSeconds(900), ZoneOffset.UTC));
            EvaluationReady evaluated = EvaluationReady.newBuilder().setEnvelope(eval).setAccuracy(0.82)
                    .setMacroF1(0.815)
                    .setPerClass(List.of(new ClassMetrics("正面", 0.9, 0.82, 0.86, 50L),
                            new ClassMetrics("中立", 0.8, 0.77, 0.785, 40L)))
                    .setMetrics(Map.of("macro_f1", 0.815, "accuracy", 0.82)).setPrimaryMetric("macro_f1")
                    .setThreshold(0.80).setPassed(true).build();
            return new VersionEvents(requested, completed, evaluated);
        }

        /** v1 of the same task, as spec §6.3's worked example has it: r32, 8 epochs, macro-F1 0.72. */
        VersionEvents asParentV1() {
            String task = requested.getEnvelope().getTaskId();
            Envelope start = Envelopes.start("task-service", task, "v1",
                    Clock.fixed(REQUESTED.minus(Duration.ofDays(1)), ZoneOffset.UTC));
            TrainingRequested req = TrainingRequested.newBuilder(requested).setEnvelope(start).setParentVersion(null)
                    .setDataSnapshotId("sha256-1a2b")
                    .setConfig(TrainingConfig.newBuilder(requested.getConfig()).setLoraRank(32).setLoraAlpha(64)
                            .setEpochs(8).build())
                    .setStatedChanges(List.of()).build();
            Envelope eval = Envelopes.causedBy(start, "training-dispatcher",
                    Clock.fixed(REQUESTED.minus(Duration.ofDays(1)).plusSeconds(900), ZoneOffset.UTC));
            EvaluationReady ev = EvaluationReady.newBuilder(evaluated).setEnvelope(eval).setAccuracy(0.72)
                    .setMacroF1(0.72)
                    .setPerClass(List.of(new ClassMetrics("正面", 0.8, 0.76, 0.78, 50L),
                            new ClassMetrics("中立", 0.6, 0.64, 0.62, 40L)))
                    .setMetrics(Map.of("macro_f1", 0.72, "accuracy", 0.72)).setPassed(false).build();
            return new VersionEvents(req, null, ev);
        }

        String correlationId() {
            return requested.getEnvelope().getCorrelationId();
        }
    }
}
