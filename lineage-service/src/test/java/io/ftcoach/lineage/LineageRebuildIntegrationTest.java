package io.ftcoach.lineage;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.AnalysisDecision;
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
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.schemas.envelope.Envelopes;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A realistic history of two tasks with three versions each (data snapshots, requests, artefacts, evaluations,
 * deployments, the coach's analyses) goes through the real broker in shuffled order with a redelivery; the
 * service writes the files; a rebuild from the topics alone into an empty folder gives every file byte for byte.
 */
class LineageRebuildIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final Instant T0 = Instant.parse("2026-11-10T08:00:00.250Z");
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> VERSIONS = List.of("v1", "v2", "v3-exp");

    @RegisterExtension
    static final RunningService service = new RunningService(LineageServiceApplication::builder);
    private final EventProbe probe = service.events();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @TempDir
    Path tmp;

    @Test
    void rebuildingFromTheTopicsIntoAnEmptyFolderGivesByteIdenticalFiles() throws Exception {
        List<String> tasks = List.of("rebuild-a-" + RUN, "rebuild-b-" + RUN);
        List<SpecificRecord> all = new ArrayList<>();
        for (String task : tasks) {
            all.addAll(history(task));
        }
        Random random = new Random(7);
        Collections.shuffle(all, random);
        all.add(all.get(3));   // one redelivery
        for (SpecificRecord e : all) {
            probe.send(e);
        }
        for (String task : tasks) {
            // every version event is announced once; snapshots are not version events
            probe.awaitAll(VersionRecorded.class, e -> e.getEnvelope().getTaskId().equals(task), 12, TIMEOUT);
            for (String v : VERSIONS) {
                awaitFile(service.workspace().resolve(task).resolve("versions").resolve(v).resolve("data_snapshot.json"));
            }
        }

        Path target = tmp.resolve("rebuilt");
        JsonNode report = post("/api/lineage/rebuild", "{\"target\":\"" + target + "\"}", 200);

        assertThat(report.get("workspace").asString()).isEqualTo(target.toString());
        assertThat(report.get("tasks").valueStream().map(JsonNode::asString).toList()).containsAll(tasks);
        assertThat(report.at("/eventsRead/ftcoach.data-updated").asLong()).isGreaterThanOrEqualTo(4);
        for (String task : tasks) {
            Map<String, String> live = files(service.workspace().resolve(task));
            Map<String, String> rebuilt = files(target.resolve(task));
            assertThat(live.keySet()).contains("versions/v2/lineage.yaml", "versions/v2/config.yaml",
                    "versions/v2/data_snapshot.json", "versions/v2/results.json", "versions/v2/model_info.json",
                    "versions/v3-exp/results.json").hasSize(2 + 3 * 6);
            assertThat(rebuilt).as(task).isEqualTo(live);
        }

        // the new event types reached the files through the broker
        String v2 = Files.readString(service.workspace().resolve(tasks.get(0)).resolve("versions/v2/lineage.yaml"));
        assertThat(v2).contains("- \"+200 rows labelled \\\"中立\\\"\"",
                "- \"source orders (database) position 0/16B3748 → 0/1A00000\"",
                "  ollama:\n    model_name: \"" + tasks.get(0) + ":v2\"", "  decision: \"MET\"");
        assertThat(Files.readString(service.workspace().resolve(tasks.get(0))
                .resolve("versions/v2/model_info.json"))).contains("\"model_name\" : \"" + tasks.get(0) + "-v2\"");

        // a folder that is not empty is refused, and left as it was
        JsonNode refused = post("/api/lineage/rebuild", "{\"target\":\"" + target + "\"}", 409);
        assertThat(refused.get("detail").asString()).contains("is not empty");
        assertThat(files(target.resolve(tasks.get(0)))).isEqualTo(files(service.workspace().resolve(tasks.get(0))));
        assertThat(post("/api/lineage/rebuild", "{\"target\":\"relative/dir\"}", 400).get("detail").asString())
                .contains("absolute path");
    }

    @Test
    void restValidatesGraphsAndRetainsATask() throws Exception {
        String task = "lineage-ops-" + RUN;
        for (SpecificRecord e : history(task)) {
            probe.send(e);
        }
        probe.awaitAll(VersionRecorded.class, e -> e.getEnvelope().getTaskId().equals(task), 12, TIMEOUT);
        Path versions = service.workspace().resolve(task).resolve("versions");
        for (String v : VERSIONS) {
            awaitFile(versions.resolve(v).resolve("data_snapshot.json"));
        }

        JsonNode valid = get("/api/tasks/" + task + "/versions/v2/validation", 200);
        assertThat(valid.get("valid").asBoolean()).isTrue();
        assertThat(valid.get("file").asString()).isEqualTo(task + "/versions/v2/lineage.yaml");
        String corrupted = Files.readString(versions.resolve("v3-exp/lineage.yaml"))
                .replace("created: \"", "created: \"last tuesday ");
        Files.writeString(versions.resolve("v3-exp/lineage.yaml"), corrupted);
        JsonNode invalid = get("/api/tasks/" + task + "/versions/v3-exp/validation", 422);
        assertThat(invalid.get("valid").asBoolean()).isFalse();
        assertThat(invalid.at("/issues/0/field").asString()).isEqualTo("created");
        assertThat(invalid.at("/issues/0/line").asInt()).isEqualTo(3);
        assertThat(invalid.at("/issues/0/message").asString()).contains("not an ISO-8601 timestamp");
        assertThat(Files.readString(versions.resolve("v3-exp/lineage.yaml"))).isEqualTo(corrupted);
        assertThat(get("/api/tasks/" + task + "/validation", 422)).hasSize(3);
        assertThat(get("/api/tasks/" + task + "/versions/v7/validation", 404).get("detail").asString())
                .contains("versions/v7/lineage.yaml");

        JsonNode graph = get("/api/tasks/" + task + "/graph", 200);
        assertThat(graph.get("versions").valueStream().map(v -> v.get("version").asString()).toList())
                .containsExactly("v1", "v2", "v3-exp");
        assertThat(graph.get("snapshots")).hasSize(2);
        assertThat(graph.get("deployments")).hasSize(2);
        HttpResponse<String> mermaid = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl()
                + "/api/tasks/" + task + "/graph?format=mermaid")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mermaid.statusCode()).isEqualTo(200);
        assertThat(mermaid.headers().firstValue("Content-Type")).hasValueSatisfying(
                t -> assertThat(t).startsWith("text/vnd.mermaid"));
        assertThat(mermaid.body()).startsWith("flowchart LR\n").contains("(\"ollama<br/>" + task + ":v2\")");
        get("/api/tasks/" + task + "/graph?format=svg", 400);

        JsonNode dryRun = post("/api/tasks/" + task + "/retention", "{\"keep\":1,\"dryRun\":true}", 200);
        assertThat(dryRun.get("applied").asBoolean()).isFalse();
        assertThat(dryRun.at("/removed/0/version").asString()).isEqualTo("v3-exp");
        assertThat(dryRun.at("/removed/0/reason").asString()).startsWith("failed experimental version (macro_f1 0.79");
        assertThat(dryRun.get("kept").valueStream().map(k -> k.get("reason").asString()).toList())
                .containsExactly("deployed: huggingface (acme/" + task + "), ollama (" + task + ":v2)",
                        "one of the 1 most recent");
        assertThat(versions.resolve("v3-exp")).isDirectory();
        JsonNode applied = post("/api/tasks/" + task + "/retention", "{\"keep\":1}", 200);
        assertThat(applied.get("applied").asBoolean()).isTrue();
        assertThat(versions.resolve("v3-exp")).doesNotExist();
        assertThat(get("/api/tasks/" + task + "/versions", 200)).hasSize(2);
        assertThat(post("/api/tasks/" + task + "/retention", "{}", 400).get("detail").asString())
                .contains("keep is required");

        JsonNode api = get("/v3/api-docs", 200);
        assertThat(api.get("paths").propertyNames()).contains("/api/lineage/rebuild", "/api/tasks/{task}/graph",
                "/api/tasks/{task}/retention", "/api/tasks/{task}/versions/{version}/validation",
                "/api/tasks/{task}/validation");
    }

    private JsonNode get(String path, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s: %s", path, response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }

    /** Two snapshots, v1 → v2 (deployed to Ollama and the Hub) → v3-exp (failed its threshold). */
    static List<SpecificRecord> history(String task) {
        List<SpecificRecord> out = new ArrayList<>();
        out.add(data(task, "sha256-" + task + "-a", null, "src-1", 4000, 500, 500,
                Map.of("正面", 2000L, "負面", 2000L, "中立", 1000L), "0/16B3748", T0));
        out.add(data(task, "sha256-" + task + "-b", "sha256-" + task + "-a", "src-1", 4160, 520, 520,
                Map.of("正面", 2000L, "負面", 2000L, "中立", 1200L), "0/1A00000", T0.plus(Duration.ofDays(2))));
        out.addAll(version(task, "v1", null, "sha256-" + task + "-a", 32, 8, T0.plus(Duration.ofHours(1)),
                0.72, false, AnalysisDecision.SIGNIFICANT_GAP));
        out.addAll(version(task, "v2", "v1", "sha256-" + task + "-b", 64, 6, T0.plus(Duration.ofDays(3)),
                0.815, true, AnalysisDecision.MET));
        out.addAll(version(task, "v3-exp", "v2", "sha256-" + task + "-b", 64, 10, T0.plus(Duration.ofDays(4)),
                0.79, false, null));
        Envelope deployStart = Envelopes.start("task-service", task, "v2", at(T0.plus(Duration.ofDays(3)).plusSeconds(7200)));
        out.add(ModelDeployed.newBuilder().setEnvelope(Envelopes.causedBy(deployStart, "training-dispatcher",
                        at(T0.plus(Duration.ofDays(3)).plusSeconds(7300))))
                .setTarget("ollama").setLocation(task + ":v2")
                .setArtifacts(List.of(new Artifact("gguf", "models/gguf/" + task + "-v2-q8_0.gguf", null))).build());
        out.add(ModelDeployed.newBuilder().setEnvelope(Envelopes.causedBy(deployStart, "training-dispatcher",
                        at(T0.plus(Duration.ofDays(3)).plusSeconds(7400))))
                .setTarget("huggingface").setLocation("acme/" + task).setArtifacts(List.of()).build());
        return out;
    }

    private static DataUpdated data(String task, String id, String parent, String sourceHash, long train,
                                    long valid, long test, Map<String, Long> distribution, String lsn, Instant time) {
        return DataUpdated.newBuilder().setEnvelope(Envelopes.start("data-ingest-service", task, null, at(time)))
                .setSnapshotId(id).setParentSnapshotId(parent).setDataSourceSha256(sourceHash)
                .setTrainCount(train).setValidCount(valid).setTestCount(test)
                .setClassDistribution(Map.copyOf(distribution))
                .setFiles(List.of(new Artifact("train", "data/train.jsonl", "f" + id.hashCode())))
                .setSourcePositions(List.of(new SourcePosition("orders", "database", lsn)))
                .setChangesSinceTrained(null).build();
    }

    /** Request, completion, evaluation and (when given) the coach's decision of one version. */
    private static List<SpecificRecord> version(String task, String v, String parent, String snapshot, int rank,
                                                int epochs, Instant time, double macroF1, boolean passed,
                                                AnalysisDecision decision) {
        Envelope start = Envelopes.start("task-service", task, v, at(time));
        TrainingRequested requested = TrainingRequested.newBuilder().setEnvelope(start).setParentVersion(parent)
                .setBackend("baseline").setDataSnapshotId(snapshot)
                .setConfig(TrainingConfig.newBuilder().setBaseModel("Qwen/Qwen3-4B").setMethod("lora")
                        .setLoraRank(rank).setLoraAlpha(rank * 2).setLoraDropout(0.05).setEpochs(epochs)
                        .setLearningRate(2e-4).setBatchSize(8).build())
                .setStatedChanges(parent == null ? List.of() : List.of("more neutral rows")).build();
        Envelope done = Envelopes.causedBy(start, "training-dispatcher", at(time.plusSeconds(1800)));
        TrainingCompleted completed = TrainingCompleted.newBuilder().setEnvelope(done).setJobId("job-" + task + v)
                .setBackend("baseline").setDurationMillis(1_800_000).setMetrics(Map.of("train_loss", 0.4))
                .setArtifacts(List.of(new Artifact("adapter", "models/adapter/" + v, null))).build();
        Envelope eval = Envelopes.causedBy(done, "training-dispatcher", at(time.plusSeconds(2400)));
        EvaluationReady evaluated = EvaluationReady.newBuilder().setEnvelope(eval).setAccuracy(macroF1 + 0.01)
                .setMacroF1(macroF1)
                .setPerClass(List.of(new ClassMetrics("正面", 0.9, 0.8, 0.85, 200L),
                        new ClassMetrics("負面", 0.8, 0.8, 0.8, 200L), new ClassMetrics("中立", 0.6, 0.7, 0.65, 100L)))
                .setMetrics(Map.of("macro_f1", macroF1)).setPrimaryMetric("macro_f1").setThreshold(0.80)
                .setPassed(passed).build();
        List<SpecificRecord> out = new ArrayList<>(List.of(requested, completed, evaluated));
        if (decision != null) {
            out.add(AnalysisCompleted.newBuilder()
                    .setEnvelope(Envelopes.causedBy(eval, "coach-service", at(time.plusSeconds(2500))))
                    .setDecision(decision).setSummary("macro_f1 " + macroF1 + " vs target 0.80")
                    .setComparedWith(parent).setRecommendations(List.of("review the neutral class")).build());
        }
        return out;
    }

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    private static void awaitFile(Path file) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!Files.isRegularFile(file) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(file).as("written by the service within %s", TIMEOUT).isRegularFile();
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

    private JsonNode post(String path, String body, int expectedStatus) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("POST %s: %s", path, response.body()).isEqualTo(expectedStatus);
        return json.readTree(response.body());
    }
}
