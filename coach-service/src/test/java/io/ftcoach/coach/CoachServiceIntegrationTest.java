package io.ftcoach.coach;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.AnalysisDecision;
import io.ftcoach.events.ClassMetrics;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.schemas.envelope.Envelopes;
import com.sun.net.httpserver.HttpServer;
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

    /** task-service as a local stub that knows one task; lineage-service points at a port where nothing runs. */
    private static final HttpServer TASK_SERVICE = taskServiceStub();

    static {
        // placeholders of coach-service.yml resolve against system properties too
        System.setProperty("FTCOACH_TASK_SERVICE_URL", "http://127.0.0.1:" + TASK_SERVICE.getAddress().getPort());
        System.setProperty("FTCOACH_LINEAGE_URL", "http://127.0.0.1:" + closedPort());
    }

    @RegisterExtension
    static final RunningService service = new RunningService(CoachServiceApplication::builder);
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

    @Test
    void aChatSessionAnswersWithTheIntentItsSlotsAndTheQuestionInThePersonsLanguage() throws Exception {
        HttpResponse<String> created = post("/api/chat/sessions", "");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String sessionId = json.readTree(created.body()).get("sessionId").asString();
        assertThat(sessionId).isNotBlank();

        HttpResponse<String> compared = post("/api/chat/sessions/" + sessionId + "/messages",
                "{\"text\": \"比較 entity-sentiment v1 和 v2\"}");
        assertThat(compared.statusCode()).as(compared.body()).isEqualTo(200);
        JsonNode reply = json.readTree(compared.body());
        assertThat(reply.get("intent").asString()).isEqualTo("version.compare");
        assertThat(reply.get("slots").get("task").asString()).isEqualTo("entity-sentiment");
        assertThat(reply.get("slots").get("from").asString()).isEqualTo("v1");
        assertThat(reply.get("slots").get("to").asString()).isEqualTo("v2");
        assertThat(reply.get("text").asString()).startsWith("我理解的是：比較兩個版本");
        assertThat(reply.get("question").isNull()).isTrue();
        assertThat(reply.get("state").asString()).isEqualTo("idle");

        JsonNode asked = json.readTree(post("/api/chat/sessions/" + sessionId + "/messages",
                "{\"text\": \"push the model to the Hugging Face hub\"}").body());
        assertThat(asked.get("intent").asString()).isEqualTo("model.deploy");
        assertThat(asked.get("slots").get("target").asString()).isEqualTo("huggingface");
        assertThat(asked.get("text").asString()).startsWith("Understood: deploy the model");
        assertThat(asked.get("question").get("slot").asString()).isEqualTo("task");
        assertThat(asked.get("state").asString()).isEqualTo("awaiting_answer");

        JsonNode answered = json.readTree(post("/api/chat/sessions/" + sessionId + "/messages",
                "{\"text\": \"entity-sentiment\"}").body());
        assertThat(answered.get("intent").asString()).isEqualTo("model.deploy");
        assertThat(answered.get("slots").get("task").asString()).isEqualTo("entity-sentiment");
        assertThat(answered.get("state").asString()).isEqualTo("idle");
    }

    @Test
    void theChatRefusesUnknownSessionsAndEmptyMessages() throws Exception {
        HttpResponse<String> unknown = post("/api/chat/sessions/" + UUID.randomUUID() + "/messages",
                "{\"text\": \"/tasks\"}");
        assertThat(unknown.statusCode()).as(unknown.body()).isEqualTo(404);
        assertThat(post("/api/chat/sessions/not-a-session/messages", "{\"text\": \"/tasks\"}").statusCode())
                .isEqualTo(404);

        String sessionId = json.readTree(post("/api/chat/sessions", "").body()).get("sessionId").asString();
        String messages = "/api/chat/sessions/" + sessionId + "/messages";
        HttpResponse<String> empty = post(messages, "{\"text\": \"   \"}");
        assertThat(empty.statusCode()).as(empty.body()).isEqualTo(400);
        assertThat(json.readTree(empty.body()).get("detail").asString()).contains("empty");
        assertThat(post(messages, "{}").statusCode()).isEqualTo(400);
        assertThat(post(messages, "not json").statusCode()).isEqualTo(400);
        assertThat(post(messages, "{\"text\": \"" + "x".repeat(5000) + "\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void theEventsStreamCarriesWhatHappensLaterToTheSessionsTasksOnly() throws Exception {
        String task = "sse-task-" + RUN;
        String sessionId = json.readTree(post("/api/chat/sessions", "").body()).get("sessionId").asString();
        JsonNode status = json.readTree(post("/api/chat/sessions/" + sessionId + "/messages",
                "{\"text\": \"/status " + task + "\"}").body());
        assertThat(status.get("text").asString()).contains("No task named '" + task + "'");

        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        var stream = http.sendAsync(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/chat/sessions/"
                        + sessionId + "/events")).header("Accept", "text/event-stream").GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        HttpResponse<java.util.stream.Stream<String>> open = stream.get(30, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(open.statusCode()).isEqualTo(200);
        assertThat(open.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Thread reader = new Thread(() -> {
            try {
                open.body().forEach(lines::add);
            } catch (java.io.UncheckedIOException closedByTheTest) {
                // the test closes the stream when it has what it waits for
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();

        // an event of another task first: it must not show in this session's stream
        Envelope other = Envelopes.start("task-service", "other-" + RUN, "v1", Clock.systemUTC());
        probe.send(TrainingStarted.newBuilder()
                .setEnvelope(Envelopes.causedBy(other, "training-dispatcher", Clock.systemUTC()))
                .setJobId("job-x").setBackend("baseline").setAttempt(1).setLocation(null).build());
        Envelope start = Envelopes.start("task-service", task, "v1", Clock.systemUTC());
        probe.send(TrainingStarted.newBuilder()
                .setEnvelope(Envelopes.causedBy(start, "training-dispatcher", Clock.systemUTC()))
                .setJobId("job-2").setBackend("baseline").setAttempt(1).setLocation(null).build());
        probe.send(EvaluationReady.newBuilder()
                .setEnvelope(Envelopes.causedBy(start, "training-dispatcher", Clock.systemUTC()))
                .setAccuracy(0.9).setMacroF1(0.85)
                .setPerClass(List.of(new ClassMetrics("spam", 0.9, 0.9, 0.9, 50L),
                        new ClassMetrics("ham", 0.8, 0.8, 0.8, 50L)))
                .setMetrics(Map.of("accuracy", 0.9, "macro_f1", 0.85)).setPrimaryMetric("macro_f1")
                .setThreshold(0.80).setPassed(true).build());

        List<String> events = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (data.stream().noneMatch(d -> d.get("eventType").asString().equals("AnalysisCompleted"))
                && System.nanoTime() < deadline) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            if (line.startsWith("event:")) {
                events.add(line.substring(6).strip());
            } else if (line.startsWith("data:")) {
                data.add(json.readTree(line.substring(5)));
            }
        }
        open.body().close();
        assertThat(events).as("events of the stream").contains("TrainingStarted", "EvaluationReady",
                "AnalysisCompleted");
        assertThat(data).allSatisfy(d -> assertThat(d.get("task").asString()).isEqualTo(task));
        assertThat(data).anySatisfy(d -> assertThat(d.get("text").asString())
                .isEqualTo("Training of v1 started on baseline (attempt 1)"));
        assertThat(data).anySatisfy(d -> assertThat(d.get("text").asString()).isEqualTo("Analysis of v1: MET"));

        assertThat(get("/api/chat/sessions/" + UUID.randomUUID() + "/events").statusCode()).isEqualTo(404);
    }

    @Test
    void badInputAndServicesThatAreDownGetAHelpfulReplyNeverAServerError() throws Exception {
        String sessionId = json.readTree(post("/api/chat/sessions", "").body()).get("sessionId").asString();
        String messages = "/api/chat/sessions/" + sessionId + "/messages";

        JsonNode unknownCommand = json.readTree(post(messages, "{\"text\": \"/frobnicate now\"}").body());
        assertThat(unknownCommand.get("intent").asString()).isEqualTo("unknown");
        assertThat(unknownCommand.get("text").asString()).startsWith("I do not know the command /frobnicate")
                .contains("/tasks");

        HttpResponse<String> tasks = post(messages, "{\"text\": \"/tasks\"}");
        assertThat(tasks.statusCode()).isEqualTo(200);
        assertThat(json.readTree(tasks.body()).get("text").asString()).contains("| spam-filter | training | v1 |");

        JsonNode down = json.readTree(post(messages, "{\"text\": \"compare spam-filter v1 and v2\"}").body());
        assertThat(down.get("text").asString()).contains("lineage-service is not reachable at http://127.0.0.1:")
                .contains("docker compose up -d lineage-service");

        JsonNode started = json.readTree(post(messages, "{\"text\": \"I want to fine-tune a model for sentiment "
                + "on financial news, 800 rows in PostgreSQL, F1 0.8\"}").body());
        assertThat(started.get("intent").asString()).isEqualTo("coach.start");
        assertThat(started.get("question").get("slot").asString()).isEqualTo("business_problem");
        // an answer to another question: kept, and the open question asked again
        JsonNode other = json.readTree(post(messages, "{\"text\": \"one 24 GB GPU\"}").body());
        assertThat(other.get("text").asString()).contains("compute: local GPU, 24 GB").contains("That answers another question");
        assertThat(other.get("question").get("slot").asString()).isEqualTo("business_problem");

        String secret = json.readTree(post(messages, "{\"text\": \"cancel\"}").body()).get("text").asString();
        assertThat(secret).startsWith("Stopped.");
        String huge = "{\"text\": \"" + "很".repeat(4001) + "\"}";
        HttpResponse<String> tooLong = post(messages, huge);
        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(json.readTree(tooLong.body()).get("detail").asString()).contains("at most 4000");
    }

    private static HttpServer taskServiceStub() {
        try {
            HttpServer server = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", x -> {
                String call = x.getRequestMethod() + " " + x.getRequestURI().getPath();
                String task = "{\"name\":\"spam-filter\",\"taskType\":\"classification\",\"status\":\"TRAINING\","
                        + "\"activeVersion\":\"v1\",\"successCriteria\":{\"primaryMetric\":\"macro_f1\","
                        + "\"threshold\":0.8},\"training\":{\"baseModel\":\"Qwen/Qwen3-4B\",\"method\":\"lora\","
                        + "\"loraR\":32,\"epochs\":8,\"learningRate\":1e-5},\"updated\":\"2026-01-02T03:04:05Z\"}";
                int code = 200;
                String body;
                if (call.equals("GET /api/tasks")) {
                    body = "[" + task + "]";
                } else if (call.equals("GET /api/tasks/spam-filter")) {
                    body = task;
                } else {
                    code = 404;
                    String name = x.getRequestURI().getPath().replaceFirst("^/api/tasks/([^/]+).*", "$1");
                    body = "{\"status\":404,\"detail\":\"No task named '" + name + "'\"}";
                }
                byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                x.getResponseHeaders().add("Content-Type", "application/json");
                x.sendResponseHeaders(code, bytes.length);
                x.getResponseBody().write(bytes);
                x.close();
            });
            server.start();
            return server;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
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
