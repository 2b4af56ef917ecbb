package io.ftcoach.coach.clients;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ftcoach.coach.domain.platform.DataValidation;
import io.ftcoach.coach.domain.platform.NewTask;
import io.ftcoach.coach.domain.platform.Recommendation;
import io.ftcoach.coach.domain.platform.RecommendationQuery;
import io.ftcoach.coach.domain.platform.ServiceUnavailableException;
import io.ftcoach.coach.domain.platform.TaskInfo;
import io.ftcoach.coach.domain.platform.TrainingOrder;
import io.ftcoach.coach.domain.platform.VersionInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The clients against a local HTTP server that answers as task-service, data-ingest-service, training-dispatcher
 * and lineage-service do (their JSON shapes and problem details), checking what the clients send.
 */
class PlatformClientsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer server;
    private String base;
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> auth = new CopyOnWriteArrayList<>();

    private static final String TASK = """
            {"name":"news-sentiment","taskType":"classification","domain":"finance","language":"zh-TW",
             "inputTemplate":"{instruction}","outputType":"single_label","labels":["正面","負面","中立"],
             "training":{"baseModel":"Qwen/Qwen3-4B","method":"lora","loraR":32,"loraAlpha":64,"epochs":8,
                         "learningRate":1.0E-5},
             "successCriteria":{"primaryMetric":"macro_f1","threshold":0.8,"secondaryMetrics":["accuracy"],
                                "perClassFloor":0.7},
             "executionBackend":"baseline","versioning":{"strategy":"semantic","naming":"{task}-v{n}",
             "deployTarget":"huggingface"},"status":"TRAINING","activeVersion":"v2",
             "created":"2026-01-02T03:04:05Z","updated":"2026-01-03T03:04:05Z"}""";

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String call = x.getRequestMethod() + " " + x.getRequestURI();
        seen.add(call + (x.getRequestHeaders().getFirst("Content-Type") == null ? ""
                : " [" + x.getRequestHeaders().getFirst("Content-Type") + "]"));
        bodies.add(body);
        auth.add(String.valueOf(x.getRequestHeaders().getFirst("Authorization")));
        switch (call) {
            case "GET /api/tasks" -> reply(x, 200, "[" + TASK + "]");
            case "GET /api/tasks/news-sentiment" -> reply(x, 200, TASK);
            case "GET /api/tasks/missing" -> problem(x, 404, "No task named 'missing'; list tasks with GET /api/tasks");
            case "POST /api/tasks" -> reply(x, 201, TASK);
            case "POST /api/recommendations" -> reply(x, 200, """
                    {"approach":"sft_lora","approachDescription":"SFT with LoRA","baseModel":"Qwen/Qwen3-4B",
                     "method":"lora","lora":{"r":32,"alpha":64},"epochs":8,"epochRange":"5-10",
                     "learningRate":1.0E-5,"gpuFits":true,"execution":"local",
                     "rationale":["800 samples: 500-1999 → SFT with LoRA r=32-64"],"warnings":[]}""");
            case "POST /api/tasks/news-sentiment/trainings" -> reply(x, 202,
                    "{\"task\":\"news-sentiment\",\"version\":\"v3\",\"eventId\":\"ev-1\"}");
            case "PUT /api/tasks/news-sentiment/data-source" -> {
                if (body.contains("hunter2")) {
                    problem(x, 400, "data_source.yaml line 9, sources[0].config.password: use ${DB_PASSWORD}");
                } else {
                    reply(x, 200, "{\"sha256\":\"ab\",\"sources\":1,\"environment\":[{\"name\":\"DB_PASSWORD\","
                            + "\"fields\":[\"sources[0].config.password\"],\"set\":false},{\"name\":\"DB_USER\","
                            + "\"fields\":[\"sources[0].config.username\"],\"set\":true}]}");
                }
            }
            case "GET /api/tasks/news-sentiment/data-source/env" -> reply(x, 200,
                    "{\"variables\":[{\"name\":\"DB_USER\",\"fields\":[],\"set\":true}],\"unset\":[]}");
            case "GET /api/tasks/new-task/data-source" -> problem(x, 404, "new-task has no data_source.yaml yet");
            case "GET /api/tasks/news-sentiment/snapshots" -> reply(x, 200, """
                    [{"snapshotId":"0123456789abcdef","createdAt":"2026-01-02T03:04:05Z","trainCount":560,
                      "validCount":120,"testCount":120,"classDistribution":{"正面":300,"負面":200,"中立":60},
                      "files":[]}]""");
            case "GET /api/tasks/news-sentiment/snapshots/0123456789abcdef/validation" -> reply(x, 200, """
                    {"verdict":"WARN","issues":[{"severity":"WARN","code":"imbalance","message":"中立 has 60 rows"}],
                     "classDistribution":{"正面":300,"負面":200,"中立":60},"imbalanceRatio":5.0,
                     "labelsChecked":true,"summary":"1 warning"}""");
            case "GET /api/tasks/news-sentiment/versions" -> reply(x, 200, """
                    [{"version":"v1","parent":null,"created":"2026-01-02T03:04:05Z","dataSnapshotId":"s1",
                      "primaryMetric":"macro_f1","primaryValue":0.72,"threshold":0.8,"passed":false,
                      "lineagePath":"versions/v1/lineage.yaml"},
                     {"version":"v2","parent":"v1","created":"2026-01-03T03:04:05Z","dataSnapshotId":"s1",
                      "primaryMetric":"macro_f1","primaryValue":null,"threshold":0.8,"passed":null,
                      "lineagePath":"versions/v2/lineage.yaml"}]""");
            case "GET /api/tasks/news-sentiment/versions/v1/lineage" -> reply(x, 200,
                    "{\"version\":\"v1\",\"results\":{\"per_class\":{\"中立\":{\"f1\":0.5}}}}");
            case "GET /api/tasks/news-sentiment/compare?from=v1&to=v2&format=markdown" -> {
                x.getResponseHeaders().add("Content-Type", "text/markdown");
                byte[] md = "| metric | v1 | v2 |".getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, md.length);
                x.getResponseBody().write(md);
                x.close();
            }
            case "GET /api/jobs" -> reply(x, 200, """
                    [{"id":"job-1","state":"FAILED","request":{"taskId":"news-sentiment","version":"v2",
                      "backend":"ssh"},"failure":{"category":"OUT_OF_MEMORY","reason":"CUDA out of memory",
                      "logTail":"…","retryable":false},"attempt":1}]""");
            case "GET /api/jobs/job-1/log" -> {
                byte[] log = "step 1\nCUDA out of memory\n".getBytes(StandardCharsets.UTF_8);
                x.sendResponseHeaders(200, log.length);
                x.getResponseBody().write(log);
                x.close();
            }
            case "POST /v1/chat/completions" -> {
                JsonNode request = JSON.readTree(body);
                String said = request.path("messages").path(1).path("content").asString();
                String intent = said.contains("rollout") ? "model.deploy" : said.contains("gibberish") ? "banana" : "unknown";
                reply(x, 200, "{\"id\":\"c1\",\"object\":\"chat.completion\",\"model\":\""
                        + request.path("model").asString() + "\",\"choices\":[{\"index\":0,\"message\":"
                        + "{\"role\":\"assistant\",\"content\":\"" + intent + "\"},\"finish_reason\":\"stop\"}]}");
            }
            case "POST /api/tasks/boom/generate" -> problem(x, 500, "internal error");
            case "POST /api/tasks/dup/deployments" -> problem(x, 409, "a deployment of dup is already running");
            default -> problem(x, 404, "no route " + call);
        }
    }

    private static void reply(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().add("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
        x.close();
    }

    private static void problem(HttpExchange x, int status, String detail) throws IOException {
        reply(x, status, JSON.writeValueAsString(Map.of("type", "about:blank", "status", status, "detail", detail)));
    }

    @Test
    void taskServiceTasksRecommendationsAndTrainingsWithTheTokenForwarded() {
        HttpTaskService tasks = new HttpTaskService(base + "/", "tok", TIMEOUT);

        TaskInfo t = tasks.tasks().get(0);
        assertThat(t.name()).isEqualTo("news-sentiment");
        assertThat(t.status()).isEqualTo("training");
        assertThat(t.primaryMetric()).isEqualTo("macro_f1");
        assertThat(t.threshold()).isEqualTo(0.8);
        assertThat(t.loraR()).isEqualTo(32);
        assertThat(t.labels()).containsExactly("正面", "負面", "中立");
        assertThat(auth).containsOnly("Bearer tok");

        tasks.create(new NewTask("news-sentiment", "classification", "finance", "zh-TW", List.of("正面", "負面"),
                "macro_f1", 0.8, 800, 24.0, null, "semantic", "ollama"));
        JsonNode sent = JSON.readTree(bodies.get(bodies.size() - 1));
        assertThat(sent.get("name").asString()).isEqualTo("news-sentiment");
        assertThat(sent.get("dataSize").asInt()).isEqualTo(800);
        assertThat(sent.get("gpuMemoryGb").asDouble()).isEqualTo(24.0);
        assertThat(sent.get("deployTarget").asString()).isEqualTo("ollama");
        assertThat(sent.get("labels").get(1).asString()).isEqualTo("負面");

        Recommendation r = tasks.recommend(new RecommendationQuery(800, "zh-TW", List.of(), 24.0, "classification"));
        assertThat(r.loraR()).isEqualTo(32);
        assertThat(r.rationale()).containsExactly("800 samples: 500-1999 → SFT with LoRA r=32-64");

        Map<String, String> accepted = tasks.requestTraining("news-sentiment", new TrainingOrder("v3", "v2",
                "snap", "baseline", "Qwen/Qwen3-4B", "lora", 64, 128, 8, 1e-5, null, List.of("r → 64")));
        assertThat(accepted).containsEntry("version", "v3");
        JsonNode order = JSON.readTree(bodies.get(bodies.size() - 1));
        assertThat(order.get("dataSnapshotId").asString()).isEqualTo("snap");
        assertThat(order.get("loraRank").asInt()).isEqualTo(64);
        assertThat(order.get("statedChanges").get(0).asString()).isEqualTo("r → 64");

        assertThatThrownBy(() -> tasks.task("missing")).isInstanceOf(NoSuchElementException.class)
                .hasMessage("task-service: No task named 'missing'; list tasks with GET /api/tasks");
        assertThatThrownBy(() -> tasks.generate("boom")).isInstanceOf(ServiceUnavailableException.class)
                .hasMessageContaining("HTTP 500");
        assertThatThrownBy(() -> tasks.deploy("dup", "ollama", null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already running");
    }

    @Test
    void dataIngestWritesYamlAndReadsSnapshotsAndValidation() {
        HttpDataIngest data = new HttpDataIngest(base, null, TIMEOUT);
        assertThat(data.putDataSource("news-sentiment", "version: \"1.0\"\nsources: []\n"))
                .extracting(v -> v.name() + "=" + v.set()).containsExactly("DB_PASSWORD=false", "DB_USER=true");
        assertThat(seen.get(0)).isEqualTo("PUT /api/tasks/news-sentiment/data-source [application/yaml]");
        assertThat(auth.get(0)).isEqualTo("null");
        assertThatThrownBy(() -> data.putDataSource("news-sentiment", "password: hunter2"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("line 9");
        assertThat(data.dataSource("new-task")).isEmpty();
        assertThat(data.environment("news-sentiment")).extracting(v -> v.name()).containsExactly("DB_USER");
        assertThat(data.snapshots("news-sentiment").get(0).classDistribution()).containsEntry("中立", 60L);
        DataValidation v = data.validation("news-sentiment", "0123456789abcdef");
        assertThat(v.imbalanceRatio()).isEqualTo(5.0);
        assertThat(v.issues()).containsExactly("中立 has 60 rows");
    }

    @Test
    void lineageAndDispatcher() {
        HttpLineage lineage = new HttpLineage(base, null, TIMEOUT);
        List<VersionInfo> versions = lineage.versions("news-sentiment");
        assertThat(versions).extracting(VersionInfo::version).containsExactly("v1", "v2");
        assertThat(versions.get(0).primaryValue()).isEqualTo(0.72);
        assertThat(versions.get(1).primaryValue()).isNull();
        assertThat(versions.get(1).parent()).isEqualTo("v1");
        assertThat(lineage.lineage("news-sentiment", "v1")).containsKey("results");
        assertThat(lineage.compare("news-sentiment", "v1", "v2")).isEqualTo("| metric | v1 | v2 |");

        HttpDispatcher dispatcher = new HttpDispatcher(base, null, TIMEOUT);
        assertThat(dispatcher.jobs()).singleElement().satisfies(j -> {
            assertThat(j.task()).isEqualTo("news-sentiment");
            assertThat(j.state()).isEqualTo("FAILED");
            assertThat(j.failure()).isEqualTo("CUDA out of memory");
        });
        assertThat(dispatcher.log("job-1")).contains("CUDA out of memory");
    }

    @Test
    void anOpenAiCompatibleModelNamesAnIntentOnlyFromTheList() throws IOException {
        OpenAiCompatibleModel model = new OpenAiCompatibleModel(base + "/v1", "qwen3:4b", "sk-local", TIMEOUT);
        List<String> ids = List.of("model.deploy", "task.list");
        assertThat(model.intentOf("time for the rollout", ids)).contains("model.deploy");
        JsonNode sent = JSON.readTree(bodies.get(0));
        assertThat(sent.get("model").asString()).isEqualTo("qwen3:4b");
        assertThat(sent.get("messages").get(0).get("content").asString()).contains("model.deploy, task.list");
        assertThat(auth.get(0)).isEqualTo("Bearer sk-local");
        assertThat(model.intentOf("gibberish", ids)).isEmpty();
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(new OpenAiCompatibleModel("http://127.0.0.1:" + port, "m", null, TIMEOUT)
                .intentOf("time for the rollout", ids)).isEmpty();
    }

    @Test
    void aServiceThatIsNotRunningIsNamedWithItsAddress() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        HttpLineage lineage = new HttpLineage("http://127.0.0.1:" + port, null, TIMEOUT);
        assertThatThrownBy(() -> lineage.versions("news-sentiment")).isInstanceOfSatisfying(
                ServiceUnavailableException.class, e -> {
                    assertThat(e.service()).isEqualTo("lineage-service");
                    assertThat(e.baseUrl()).isEqualTo("http://127.0.0.1:" + port);
                    assertThat(e.howToStart()).contains("docker compose up -d lineage-service");
                });
    }
}
