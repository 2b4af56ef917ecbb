package io.ftcoach.dispatcher;

import io.ftcoach.dispatcher.domain.Backends;
import io.ftcoach.dispatcher.domain.InstantBackend;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.FailureCategory;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingProgress;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.schemas.testing.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The service as it runs: its own context (through {@link TrainingDispatcherApplication#builder()}, so its own
 * training-dispatcher.yml), the real broker and schema registry, requests in, job events out. The context also
 * holds the test-only {@link InstantBackend}, so both paths run here: a backend this build lacks, and one it has.
 */
class TrainingDispatcherServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path tmp;
    private static ConfigurableApplicationContext context;
    private static KafkaEvents events;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() {
        TestInfrastructure infra = TestInfrastructure.shared();
        List<String> args = new ArrayList<>();
        // command-line arguments: they win over training-dispatcher.yml, as defaults would not
        infra.springProperties().forEach((k, v) -> args.add("--" + k + "=" + v));
        args.add("--ftcoach.workspace=" + tmp.resolve("workspace"));
        args.add("--ftcoach.state-dir=" + tmp.resolve("state"));
        args.add("--server.port=0");
        context = TrainingDispatcherApplication.builder().sources(InstantBackend.class)
                .run(args.toArray(String[]::new));
        base = "http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port");
        http = HttpClient.newHttpClient();
        events = new KafkaEvents(infra.bootstrapServers(), infra.registryUrl());
    }

    @AfterAll
    static void stop() {
        if (events != null) {
            events.close();
        }
        if (context != null) {
            context.close();
        }
    }

    private static TrainingRequested request(String task, String backend) {
        TrainingRequested request = SampleEvents.of(TrainingRequested.class, task);
        request.setBackend(backend);
        return request;
    }

    @Test
    void withoutItsBackendTheJobStartsAndFailsHonestly() throws Exception {
        TrainingRequested request = request("no-backend-task", "baseline");
        events.send(request);

        TrainingStarted started = events.await(TrainingStarted.class, KafkaEvents.forTask("no-backend-task"), 1, WAIT).get(0);
        TrainingFailed failed = events.await(TrainingFailed.class, KafkaEvents.forTask("no-backend-task"), 1, WAIT).get(0);
        assertCausedBy(started.getEnvelope(), request.getEnvelope());
        assertCausedBy(failed.getEnvelope(), request.getEnvelope());
        assertThat(started.getBackend()).isEqualTo("baseline");
        assertThat(started.getLocation()).isNull();
        assertThat(failed.getJobId()).isEqualTo(started.getJobId());
        assertThat(failed.getCategory()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failed.getRetryable()).isFalse();
        // this context holds the test backend only, so the reason names it; with no backend at all (production
        // today, see the next assertion) it is "... in this build yet: the training backends (...) are not
        // installed", which BackendsTest and TrainingDispatcherTest check word for word
        assertThat(failed.getReason()).startsWith("Backend 'baseline' is not available in this build")
                .contains("Nothing was trained");
        assertThat(context.getBean(Backends.class).names()).containsExactly(InstantBackend.NAME);

        JsonNode job = JSON.readTree(get("/api/jobs/" + failed.getJobId()).body());
        assertThat(job.path("state").asString()).isEqualTo("failed");
        assertThat(job.path("failure").path("category").asString()).isEqualTo("CONFIGURATION");
        assertThat(job.path("request").path("requestEventId").asString()).isEqualTo(request.getEnvelope().getEventId());
        assertThat(tmp.resolve("state/training-dispatcher/jobs/" + failed.getJobId() + ".json")).isRegularFile();
        assertThat(events.await(TrainingCompleted.class, KafkaEvents.forTask("no-backend-task"), 0, WAIT)).isEmpty();
    }

    @Test
    void aRegisteredBackendRunsTheJobToCompletion() throws Exception {
        TrainingRequested request = request("instant-task", InstantBackend.NAME);
        events.send(request);

        TrainingStarted started = events.await(TrainingStarted.class, KafkaEvents.forTask("instant-task"), 1, WAIT).get(0);
        TrainingProgress progress = events.await(TrainingProgress.class, KafkaEvents.forTask("instant-task"), 1, WAIT).get(0);
        TrainingCompleted completed = events.await(TrainingCompleted.class, KafkaEvents.forTask("instant-task"), 1, WAIT).get(0);
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
        assertThat(events.await(TrainingFailed.class, KafkaEvents.forTask("instant-task"), 0, WAIT)).isEmpty();
    }

    @Test
    void listsJobsAndAnswers404ForAnUnknownOne() throws Exception {
        TrainingRequested request = request("listed-task", "skypilot");
        events.send(request);
        String jobId = events.await(TrainingFailed.class, KafkaEvents.forTask("listed-task"), 1, WAIT).get(0).getJobId();

        HttpResponse<String> list = get("/api/jobs");
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body()).valueStream()
                .filter(j -> j.path("id").asString().equals(jobId)).map(j -> j.path("state").asString()))
                .containsExactly("failed");

        HttpResponse<String> unknown = get("/api/jobs/00000000-0000-0000-0000-000000000000");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("detail").asString())
                .isEqualTo("No training job '00000000-0000-0000-0000-000000000000'; list the jobs with GET /api/jobs");
    }

    private static void assertCausedBy(Envelope event, Envelope cause) {
        assertThat(event.getCausationId()).isEqualTo(cause.getEventId());
        assertThat(event.getCorrelationId()).isEqualTo(cause.getCorrelationId());
        assertThat(event.getTaskId()).isEqualTo(cause.getTaskId());
        assertThat(event.getVersion()).isEqualTo(cause.getVersion());
        assertThat(event.getSource()).isEqualTo("training-dispatcher");
        assertThat(event.getEventId()).isNotEqualTo(cause.getEventId());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
