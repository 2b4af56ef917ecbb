package io.ftcoach.dispatcher;

import io.ftcoach.dispatcher.domain.Backends;
import io.ftcoach.dispatcher.domain.InstantBackend;
import io.ftcoach.dispatcher.domain.SlowBackend;
import io.ftcoach.dispatcher.domain.baseline.BaselineBackend;
import io.ftcoach.dispatcher.domain.baseline.LabeledText;
import io.ftcoach.dispatcher.domain.baseline.TestSplits;
import io.ftcoach.dispatcher.domain.evaluation.NerFolder;
import io.ftcoach.dispatcher.domain.kubernetes.KubernetesBackend;
import io.ftcoach.dispatcher.domain.local.LocalBackend;
import io.ftcoach.dispatcher.domain.project.StandInProject;
import io.ftcoach.dispatcher.domain.skypilot.SkyPilotBackend;
import io.ftcoach.dispatcher.domain.ssh.SshBackend;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.FailureCategory;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingProgress;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.schemas.testing.SampleEvents;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

/**
 * The service as it runs: its own context (through {@link TrainingDispatcherApplication#builder()}, so its own
 * training-dispatcher.yml), the real broker and schema registry, requests in, job events out. The context also
 * holds the test-only {@link InstantBackend}, so both paths run here: a backend this build lacks, and one it has.
 */
class TrainingDispatcherServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningService service =
            new RunningService(() -> TrainingDispatcherApplication.builder()
                    .sources(InstantBackend.class, SlowBackend.class));
    private final EventProbe events = service.events();

    private static TrainingRequested request(String task, String backend) {
        TrainingRequested request = SampleEvents.of(TrainingRequested.class, task);
        request.setBackend(backend);
        return request;
    }

    @Test
    void forAnUnknownBackendTheJobStartsAndFailsHonestly() throws Exception {
        TrainingRequested request = request("no-backend-task", "slurm");
        events.send(request);

        TrainingStarted started = events.await(TrainingStarted.class, "no-backend-task", WAIT);
        TrainingFailed failed = events.await(TrainingFailed.class, "no-backend-task", WAIT);
        assertCausedBy(started.getEnvelope(), request.getEnvelope());
        assertCausedBy(failed.getEnvelope(), request.getEnvelope());
        assertThat(started.getBackend()).isEqualTo("slurm");
        assertThat(started.getLocation()).isNull();
        assertThat(failed.getJobId()).isEqualTo(started.getJobId());
        assertThat(failed.getCategory()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failed.getRetryable()).isFalse();
        // every planned backend is in this build; a planned one missing from a build is "not available in this
        // build", which BackendsTest and TrainingDispatcherTest check word for word
        assertThat(failed.getReason()).isEqualTo("Backend 'slurm' is not a training backend: choose one of baseline, "
                + "local, ssh, kubernetes, skypilot as the task's execution backend or in the training request.");
        assertThat(service.context().getBean(Backends.class).names())
                .containsExactlyInAnyOrder(BaselineBackend.NAME, LocalBackend.NAME, SshBackend.NAME,
                        KubernetesBackend.NAME, SkyPilotBackend.NAME, InstantBackend.NAME, SlowBackend.NAME);

        JsonNode job = JSON.readTree(get("/api/jobs/" + failed.getJobId()).body());
        assertThat(job.path("state").asString()).isEqualTo("failed");
        assertThat(job.path("failure").path("category").asString()).isEqualTo("CONFIGURATION");
        assertThat(job.path("request").path("requestEventId").asString()).isEqualTo(request.getEnvelope().getEventId());
        assertThat(service.home().resolve("state/training-dispatcher/jobs/" + failed.getJobId() + ".json"))
                .isRegularFile();
        assertThat(events.readToEnd(TrainingCompleted.class, "no-backend-task")).isEmpty();
    }

    @Test
    void aRegisteredBackendRunsTheJobToCompletion() throws Exception {
        TrainingRequested request = request("instant-task", InstantBackend.NAME);
        events.send(request);

        TrainingStarted started = events.await(TrainingStarted.class, "instant-task", WAIT);
        TrainingProgress progress = events.await(TrainingProgress.class, "instant-task", WAIT);
        TrainingCompleted completed = events.await(TrainingCompleted.class, "instant-task", WAIT);
        assertCausedBy(started.getEnvelope(), request.getEnvelope());
        assertCausedBy(completed.getEnvelope(), request.getEnvelope());
        assertThat(started.getLocation()).isEqualTo("in-process test backend");
        assertThat(progress.getJobId()).isEqualTo(started.getJobId());
        assertThat(progress.getPercent()).isEqualTo(100.0);
        assertThat(completed.getJobId()).isEqualTo(started.getJobId());
        assertThat(completed.getBackend()).isEqualTo(InstantBackend.NAME);
        assertThat(completed.getArtifacts()).extracting(Artifact::getKind, Artifact::getPath)
                .containsExactly(tuple("adapter", "models/adapter/v1"));
        assertThat(completed.getMetrics()).containsEntry("train_loss", 0.25);
        assertThat(completed.getDurationMillis()).isNotNegative();

        JsonNode job = JSON.readTree(get("/api/jobs/" + completed.getJobId()).body());
        assertThat(job.path("state").asString()).isEqualTo("succeeded");
        assertThat(events.readToEnd(TrainingFailed.class, "instant-task")).isEmpty();
        // the test backend wrote no predictions: nothing to evaluate
        assertThat(events.readToEnd(EvaluationReady.class, "instant-task")).isEmpty();
    }

    @Test
    void listsJobsAndAnswers404ForAnUnknownOne() throws Exception {
        TrainingRequested request = request("listed-task", "slurm");
        events.send(request);
        String jobId = events.await(TrainingFailed.class, "listed-task", WAIT).getJobId();

        HttpResponse<String> list = get("/api/jobs");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).valueStream()
                .filter(j -> j.path("id").asString().equals(jobId)).map(j -> j.path("state").asString()))
                .containsExactly("failed");

        HttpResponse<String> unknown = get("/api/jobs/00000000-0000-0000-0000-000000000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("detail").asString())
                .isEqualTo("No training job '00000000-0000-0000-0000-000000000000'; list the jobs with GET /api/jobs");
        assertThat(post("/api/jobs/00000000-0000-0000-0000-000000000000/cancel").statusCode()).isEqualTo(404);
        assertThat(get("/api/jobs/00000000-0000-0000-0000-000000000000/log").statusCode()).isEqualTo(404);

        HttpResponse<String> finished = post("/api/jobs/" + jobId + "/cancel");
        assertThat(finished.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(finished.body()).path("detail").asString())
                .isEqualTo("Job " + jobId + " is failed already; only a queued or running job can be cancelled");
    }

    /**
     * The baseline backend end to end through Kafka: a task folder with small splits (600 waimai reviews) and a
     * task.yaml that names accuracy as its primary metric; the request's config is an LLM's (lora, 1e-5), which the
     * baseline ignores for its own defaults.
     */
    @Test
    void theBaselineTrainsEvaluatesAndPublishesEvaluationReady() throws Exception {
        String task = "baseline-sentiment";
        Path taskDir = service.workspace().resolve(task);
        List<LabeledText> all = new ArrayList<>(TestSplits.waimai());
        List<LabeledText> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 20) {
            rows.add(all.get(i)); // the file is sorted by label: every 20th row keeps both
        }
        TestSplits.write(taskDir.resolve("data"), TestSplits.stratified(rows, 0.8, 0.1, 42));
        Files.writeString(taskDir.resolve("task.yaml"), "task_name: " + task + "\nversion: v1\n"
                + "output_format: {type: json, schema: {sentiment: {type: string, enum: ['1', '0']}}}\n"
                + "success_criteria: {primary_metric: accuracy, threshold: 0.55}\n");

        TrainingRequested request = request(task, BaselineBackend.NAME);
        events.send(request);

        TrainingStarted started = events.await(TrainingStarted.class, task, WAIT);
        TrainingProgress progress = events.await(TrainingProgress.class, task, WAIT);
        TrainingCompleted completed = events.await(TrainingCompleted.class, task, WAIT);
        EvaluationReady evaluation = events.await(EvaluationReady.class, task, WAIT);
        assertCausedBy(started.getEnvelope(), request.getEnvelope());
        assertCausedBy(completed.getEnvelope(), request.getEnvelope());
        assertThat(started.getLocation()).contains("Tribuo");
        assertThat(progress.getJobId()).isEqualTo(started.getJobId());
        assertThat(progress.getEpoch()).isEqualTo(1.0);
        assertThat(progress.getLoss()).isPositive();
        assertThat(completed.getArtifacts()).extracting(Artifact::getKind, Artifact::getPath).containsExactly(
                tuple("model", "models/baseline/v1/model.tribuo"),
                tuple("predictions", "benchmarks/predictions/v1_test.jsonl"),
                tuple("predictions", "benchmarks/predictions/v1_valid.jsonl"));
        assertThat(completed.getMetrics()).containsKeys("train_loss", "eval_macro_f1", "train_runtime");

        // caused by the completion, in the request's chain, for the requested version
        assertThat(evaluation.getEnvelope().getCausationId()).isEqualTo(completed.getEnvelope().getEventId());
        assertThat(evaluation.getEnvelope().getCorrelationId()).isEqualTo(request.getEnvelope().getCorrelationId());
        assertThat(evaluation.getEnvelope().getVersion()).isEqualTo("v1");
        assertThat(evaluation.getEnvelope().getTaskId()).isEqualTo(task);
        assertThat(evaluation.getEnvelope().getSource()).isEqualTo("training-dispatcher");
        assertThat(evaluation.getSplit()).isEqualTo("test");
        assertThat(evaluation.getPrimaryMetric()).isEqualTo("accuracy");
        assertThat(evaluation.getThreshold()).isEqualTo(0.55);
        assertThat(evaluation.getPassed()).isEqualTo(evaluation.getAccuracy() >= 0.55);
        assertThat(evaluation.getAccuracy()).isGreaterThan(0.6);
        assertThat(evaluation.getConfusionLabels()).containsExactly("1", "0"); // task.yaml's order
        assertThat(evaluation.getConfusionMatrix().stream().flatMap(List::stream).mapToLong(Long::longValue).sum())
                .isEqualTo(evaluation.getPerClass().stream().mapToLong(ClassMetrics::getSupport).sum());
        assertThat(evaluation.getMetrics()).containsKeys("accuracy", "macro_f1", "weighted_f1");
        assertThat(evaluation.getPredictionsPath()).isEqualTo("benchmarks/predictions/v1_test.jsonl");

        assertThat(taskDir.resolve("models/baseline/v1/model.tribuo")).isRegularFile();
        assertThat(taskDir.resolve("benchmarks/predictions/v1_test.jsonl")).isRegularFile();
        JsonNode results = JSON.readTree(taskDir.resolve("benchmarks/results/v1_results.json").toFile());
        assertThat(results.path("metrics").path("accuracy").asDouble()).isEqualTo(evaluation.getAccuracy());
        assertThat(results.path("overall_status").asString()).isEqualTo(evaluation.getPassed() ? "PASSED" : "FAILED");
        assertThat(Files.readString(taskDir.resolve("benchmarks/results/v1_report.md")))
                .contains("# Evaluation of " + task + " v1", "## Confusion matrix");
        assertThat(JSON.readTree(get("/api/jobs/" + completed.getJobId()).body()).path("state").asString())
                .isEqualTo("succeeded");
    }

    /**
     * The local backend end to end: the task folder's (stand-in) 04_train.py and 05_evaluate.py run as real python3
     * processes; their progress lines become TrainingProgress, their predictions an EvaluationReady.
     */
    @Test
    void theLocalBackendRunsTheProjectsScriptsAndEvaluatesTheirPredictions() throws Exception {
        String task = "local-sentiment";
        Path taskDir = StandInProject.create(service.workspace(), task, StandInProject.TRAINS_WELL,
                StandInProject.EVALUATES_WELL);
        TrainingRequested request = request(task, LocalBackend.NAME);
        String version = request.getEnvelope().getVersion();
        events.send(request);

        TrainingStarted started = events.await(TrainingStarted.class, task, WAIT);
        TrainingProgress progress = events.await(TrainingProgress.class, task, WAIT);
        TrainingCompleted completed = events.await(TrainingCompleted.class, task, WAIT);
        EvaluationReady evaluation = events.await(EvaluationReady.class, task, WAIT);
        assertThat(started.getLocation()).isEqualTo("this machine (python3)");
        assertThat(progress.getStep()).isEqualTo(10L);
        assertThat(progress.getPercent()).isEqualTo(33.3);
        assertThat(completed.getArtifacts()).extracting(Artifact::getKind, Artifact::getPath).containsExactly(
                tuple("adapter", "models/adapter/" + version),
                tuple("predictions", "benchmarks/predictions/" + version + "_test.jsonl"));
        assertThat(completed.getMetrics()).containsEntry("train_loss", 0.04).containsEntry("eval_loss", 0.5);
        assertThat(evaluation.getAccuracy()).isEqualTo(2.0 / 3);
        assertThat(evaluation.getConfusionLabels()).containsExactly("positive", "negative");
        assertThat(taskDir.resolve("benchmarks/results/" + version + "_results.json")).isRegularFile();
        assertThat(get("/api/jobs/" + completed.getJobId() + "/log").body())
                .contains("Loading base model Qwen/Qwen3-0.6B", "macro_f1 0.67");
    }

    /**
     * An extraction task through the local backend: the stand-in 05_evaluate.py writes entity predictions (NerFolder's
     * hand-worked sentences), the dispatcher scores them on entities and publishes them in EvaluationReady; a second
     * run whose predictions name an entity type the task lacks fails with the file, line and field.
     */
    @Test
    void anExtractionTaskIsEvaluatedOnEntities() throws Exception {
        String task = "local-ner";
        Path taskDir = StandInProject.create(service.workspace(), task, StandInProject.TRAINS_WELL, COPIES_PREDICTIONS);
        Files.writeString(taskDir.resolve("task.yaml"), NerFolder.TASK_YAML);
        Files.writeString(taskDir.resolve("data/predicted_test.jsonl"), NerFolder.PREDICTIONS);
        TrainingRequested request = request(task, LocalBackend.NAME);
        String version = request.getEnvelope().getVersion();
        events.send(request);

        EvaluationReady evaluation = events.await(EvaluationReady.class, task, WAIT);
        assertThat(evaluation.getPrimaryMetric()).isEqualTo("entity_f1");
        assertThat(evaluation.getMetrics().get("entity_f1")).isCloseTo(0.4, within(1e-12));
        assertThat(evaluation.getAccuracy()).isEqualTo(0.25);
        assertThat(evaluation.getPerClass()).extracting(ClassMetrics::getLabel).containsExactly("LOC", "ORG", "PER");
        assertThat(evaluation.getConfusionMatrix()).isEmpty();
        assertThat(evaluation.getPassed()).isFalse();
        JsonNode results = JSON.readTree(taskDir.resolve("benchmarks/results/" + version + "_results.json").toFile());
        assertThat(results.path("task_type").asString()).isEqualTo("extraction");
        assertThat(taskDir.resolve("benchmarks/results/" + version + "_report.md")).isRegularFile();

        String bad = "bad-ner";
        Path badDir = StandInProject.create(service.workspace(), bad, StandInProject.TRAINS_WELL, COPIES_PREDICTIONS);
        Files.writeString(badDir.resolve("task.yaml"), NerFolder.TASK_YAML);
        Files.writeString(badDir.resolve("data/predicted_test.jsonl"),
                "{\"input\": \"x\", \"gold\": [{\"type\": \"MONEY\", \"text\": \"x\"}], \"predicted\": []}\n");
        TrainingRequested badRequest = request(bad, LocalBackend.NAME);
        events.send(badRequest);

        TrainingFailed failed = events.await(TrainingFailed.class, bad, WAIT);
        assertThat(failed.getCategory()).isEqualTo(FailureCategory.DATA);
        assertThat(failed.getReason()).contains("predictions cannot be evaluated",
                badRequest.getEnvelope().getVersion() + "_test.jsonl line 1: 'gold' entity 1 has the entity type "
                        + "'MONEY', which is not one of the task's entity types PER, ORG, LOC", "no results were written");
        assertThat(badDir.resolve("benchmarks/results")).doesNotExist();
        assertThat(events.readToEnd(EvaluationReady.class, bad)).isEmpty();
    }

    /** A stand-in 05_evaluate.py that writes the predictions the test put in data/predicted_test.jsonl. */
    private static final String COPIES_PREDICTIONS = """
            import os, shutil, sys
            v = sys.argv[2]
            os.makedirs("benchmarks/predictions", exist_ok=True)
            shutil.copyfile("data/predicted_test.jsonl", "benchmarks/predictions/" + v + "_test.jsonl")
            """;

    /** The ssh backend is always there; unconfigured, a request for it fails saying what to set. */
    @Test
    void theSshBackendWithoutAHostFailsSayingWhatToSet() throws Exception {
        StandInProject.create(service.workspace(), "ssh-task", StandInProject.TRAINS_WELL,
                StandInProject.EVALUATES_WELL);
        events.send(request("ssh-task", SshBackend.NAME));

        TrainingFailed failed = events.await(TrainingFailed.class, "ssh-task", WAIT);
        assertThat(failed.getCategory()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).startsWith("The ssh backend has no host: set FTCOACH_SSH_HOST");
    }

    /**
     * Cancel of a running job through the API: its backend (the test-only {@link SlowBackend}, which waits for an
     * interrupt) is interrupted, the job ends cancelled and TrainingFailed says so; its log has every line.
     */
    @Test
    void aRunningJobIsCancelledThroughTheApiAndItsLogCanBeRead() throws Exception {
        TrainingRequested request = request("slow-task", SlowBackend.NAME);
        events.send(request);
        TrainingProgress progress = events.await(TrainingProgress.class, "slow-task", WAIT);
        String jobId = progress.getJobId();
        assertThat(JSON.readTree(get("/api/jobs/" + jobId).body()).path("state").asString()).isEqualTo("running");

        HttpResponse<String> cancel = post("/api/jobs/" + jobId + "/cancel");
        assertThat(cancel.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(cancel.body()).path("id").asString()).isEqualTo(jobId);

        TrainingFailed failed = events.await(TrainingFailed.class, "slow-task", WAIT);
        assertCausedBy(failed.getEnvelope(), request.getEnvelope());
        assertThat(failed.getJobId()).isEqualTo(jobId);
        assertThat(failed.getCategory()).isEqualTo(FailureCategory.CANCELLED);
        assertThat(failed.getRetryable()).isFalse();
        assertThat(failed.getReason()).contains("was cancelled through POST /api/jobs/" + jobId + "/cancel",
                "while running on backend 'slow-test'");
        assertThat(events.readToEnd(TrainingCompleted.class, "slow-task")).isEmpty();

        JsonNode job = JSON.readTree(get("/api/jobs/" + jobId).body());
        assertThat(job.path("state").asString()).isEqualTo("cancelled");
        assertThat(job.path("failure").path("category").asString()).isEqualTo("CANCELLED");

        HttpResponse<String> log = get("/api/jobs/" + jobId + "/log");
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(log.body()).contains("Started job " + jobId + " for task 'slow-task'",
                "Progress: step 1/100, epoch 0.01, loss 2.5", "Cancel requested; interrupting backend 'slow-test'",
                "Cancelled: " + failed.getReason());
        assertThat(service.home().resolve("state/training-dispatcher/jobs/" + jobId + ".log")).hasContent(log.body());

        // following an ended job's log sends its lines, then the end, and closes the stream
        HttpResponse<String> followed = HTTP.send(HttpRequest.newBuilder(
                        URI.create(service.baseUrl() + "/api/jobs/" + jobId + "/log?follow=true"))
                .timeout(WAIT).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(followed.statusCode()).isEqualTo(200);
        assertThat(followed.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        assertThat(followed.body()).contains("event:line", "Cancel requested; interrupting backend 'slow-test'")
                .contains("event:end\ndata:cancelled");

        HttpResponse<String> again = post("/api/jobs/" + jobId + "/cancel");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(JSON.readTree(again.body()).path("detail").asString()).contains("is cancelled already");
    }

    private static void assertCausedBy(Envelope event, Envelope cause) {
        assertThat(event.getCausationId()).isEqualTo(cause.getEventId());
        assertThat(event.getCorrelationId()).isEqualTo(cause.getCorrelationId());
        assertThat(event.getTaskId()).isEqualTo(cause.getTaskId());
        assertThat(event.getVersion()).isEqualTo(cause.getVersion());
        assertThat(event.getSource()).isEqualTo("training-dispatcher");
        assertThat(event.getEventId()).isNotEqualTo(cause.getEventId());
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
