package io.ftcoach.coach;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.AnalysisDecision;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.ServiceUnderTest;
import io.ftcoach.schemas.envelope.Envelopes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The service as deployed: its own config file, the real broker and registry, events in, events and REST out. */
class CoachServiceIntegrationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);

    @RegisterExtension
    static final ServiceUnderTest service = new ServiceUnderTest(CoachServiceApplication::builder);
    private final EventProbe probe = service.events();
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void anEvaluationIsAnalysedOnTheTasksOwnMetricAndShowsInTheActivityFeed() throws Exception {
        String task = "coach-it-" + RUN;
        Envelope start = Envelopes.start("task-service", task, "v1", Clock.systemUTC());
        TrainingStarted started = TrainingStarted.newBuilder()
                .setEnvelope(Envelopes.causedBy(start, "training-dispatcher", Clock.systemUTC()))
                .setJobId("job-1").setBackend("baseline").setAttempt(1).setLocation(null).build();
        // accuracy is the task's metric: 0.78 against 0.80 is close, although macro-F1 0.60 would be far off
        EvaluationReady evaluated = EvaluationReady.newBuilder()
                .setEnvelope(Envelopes.causedBy(started.getEnvelope(), "training-dispatcher", Clock.systemUTC()))
                .setAccuracy(0.78).setMacroF1(0.60)
                .setPerClass(List.of(new ClassMetrics("spam", 0.9, 0.95, 0.92, 80L),
                        new ClassMetrics("ham", 0.4, 0.25, 0.31, 20L)))
                .setMetrics(Map.of("accuracy", 0.78, "macro_f1", 0.60)).setPrimaryMetric("accuracy")
                .setThreshold(0.80).setPassed(false).build();
        probe.send(started);
        probe.send(evaluated);

        AnalysisCompleted analysis = probe.await(AnalysisCompleted.class, task, TIMEOUT);

        assertThat(analysis.getDecision()).isEqualTo(AnalysisDecision.CLOSE);
        assertThat(analysis.getSummary()).startsWith(task + " v1: accuracy 0.7800 against a target of 0.8000");
        assertThat(analysis.getRecommendations()).anySatisfy(r -> assertThat(r).contains("ham 0.31"));
        Envelope envelope = analysis.getEnvelope();
        assertThat(envelope.getCausationId()).isEqualTo(evaluated.getEnvelope().getEventId());
        assertThat(envelope.getCorrelationId()).isEqualTo(start.getCorrelationId());
        assertThat(envelope.getVersion()).isEqualTo("v1");
        assertThat(envelope.getSource()).isEqualTo(CoachServiceApplication.NAME);

        JsonNode feed = awaitFeed(task, 3);
        List<String> types = new ArrayList<>();
        feed.forEach(item -> types.add(item.get("eventType").asString()));
        // TrainingStarted and the evaluation come from different topics, so their relative order is not fixed
        assertThat(types).containsExactlyInAnyOrder("TrainingStarted", "EvaluationReady", "AnalysisCompleted");
        assertThat(types.indexOf("AnalysisCompleted")).isGreaterThan(types.indexOf("EvaluationReady"));
        assertThat(feed.get(types.indexOf("TrainingStarted")).get("text").asString())
                .isEqualTo("Training of v1 started on baseline (attempt 1)");
        assertThat(feed.get(types.indexOf("AnalysisCompleted")).get("eventId").asString())
                .isEqualTo(envelope.getEventId());
    }

    @Test
    void theActivityFeedRefusesNamesThatAreNoTaskNames() throws Exception {
        HttpResponse<String> response = get("/api/activity/Not_A_Task");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json.readTree(response.body()).get("detail").asString()).contains("kebab-case");
        assertThat(json.readTree(get("/api/activity/quiet-task-" + RUN).body())).isEmpty();
    }

    private JsonNode awaitFeed(String task, int items) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        JsonNode feed;
        do {
            HttpResponse<String> response = get("/api/activity/" + task);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            feed = json.readTree(response.body());
            if (feed.size() >= items) {
                return feed;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("The activity feed of " + task + " has " + feed.size() + " items after "
                + TIMEOUT.toSeconds() + " s, expected " + items + ": " + feed);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
