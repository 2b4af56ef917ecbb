package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The Ollama target against a local server that speaks Ollama's REST API: blobs (HEAD 404 until pushed, POST
 * checks the digest of what it receives), create (needs the blob it names), copy, and a non-streamed generate.
 */
class OllamaTargetTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workspace;
    private Path taskDir;
    private StubServer ollama;
    private final Set<String> blobs = ConcurrentHashMap.newKeySet();
    private final Set<String> models = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void setUp() throws Exception {
        taskDir = TaskFolders.sentiment(workspace, "sentiment", 0.75);
        ollama = new StubServer(this::ollama);
    }

    @AfterEach
    void tearDown() {
        ollama.close();
    }

    private StubServer.Reply ollama(StubServer.Recorded r) {
        String p = r.path();
        if (p.startsWith("/api/blobs/sha256:")) {
            String digest = p.substring("/api/blobs/sha256:".length());
            if (r.method().equals("HEAD")) {
                return new StubServer.Reply(blobs.contains(digest) ? 200 : 404, "", Map.of());
            }
            if (!HubStub.sha256(r.body()).equals(digest)) {
                return StubServer.Reply.json(400, "{\"error\":\"digest mismatch\"}");
            }
            blobs.add(digest);
            return new StubServer.Reply(201, "", Map.of());
        }
        JsonNode body = r.body().length == 0 ? JSON.createObjectNode() : JSON.readTree(r.body());
        return switch (p) {
            case "/api/create" -> {
                String digest = body.path("files").properties().iterator().next().getValue().asString();
                if (!blobs.contains(digest.substring(7))) {
                    yield StubServer.Reply.json(400, "{\"error\":\"blob " + digest + " not found\"}");
                }
                models.add(body.path("model").asString());
                yield StubServer.Reply.json(200, "{\"status\":\"success\"}");
            }
            case "/api/copy" -> models.contains(body.path("source").asString())
                    ? new StubServer.Reply(200, "", Map.of())
                    : StubServer.Reply.json(404, "{\"error\":\"model not found\"}");
            case "/api/generate" -> models.contains(body.path("model").asString())
                    ? StubServer.Reply.json(200, "{\"model\":\"" + body.path("model").asString()
                    + "\",\"response\":\"負面\",\"done\":true,\"done_reason\":\"stop\"}")
                    : StubServer.Reply.json(404, "{\"error\":\"model 'x' not found\"}");
            default -> StubServer.Reply.json(404, "{\"error\":\"404 page not found\"}");
        };
    }

    private List<Deployed> deploy(String url, Map<String, String> options) {
        return new OllamaTarget(HttpClient.newHttpClient(), new OllamaTarget.Settings(url, Duration.ofSeconds(10)))
                .deploy(TaskFolders.request("sentiment", "ollama", false, options),
                        TaskFacts.read(taskDir, "sentiment", "v1"));
    }

    @Test
    void pushesTheGgufCreatesTheModelFromTheModelfileTagsLatestAndAsksASmokePrompt() throws Exception {
        List<Deployed> deployed = deploy(ollama.url(), Map.of());

        byte[] gguf = Files.readAllBytes(taskDir.resolve("models/gguf/sentiment-v1-q8_0.gguf"));
        String digest = HubStub.sha256(gguf);
        assertThat(ollama.requests()).extracting(StubServer.Recorded::method, StubServer.Recorded::path).containsExactly(
                tuple("HEAD", "/api/blobs/sha256:" + digest), tuple("POST", "/api/blobs/sha256:" + digest),
                tuple("POST", "/api/create"), tuple("POST", "/api/copy"), tuple("POST", "/api/generate"));
        assertThat(ollama.only("POST", "/api/blobs/sha256:" + digest).body()).isEqualTo(gguf);

        JsonNode create = JSON.readTree(ollama.only("POST", "/api/create").body());
        assertThat(create.path("model").asString()).isEqualTo("sentiment:v1");
        assertThat(create.path("files").path("sentiment-v1-q8_0.gguf").asString()).isEqualTo("sha256:" + digest);
        assertThat(create.path("system").asString())
                .isEqualTo("Answer with exactly one of these labels and nothing else: 正面 / 負面.");
        assertThat(create.path("template").asString()).contains("<|im_start|>system", "{{ .Prompt }}");
        assertThat(create.path("parameters").path("temperature").asDouble()).isEqualTo(0.1);
        assertThat(create.path("parameters").path("top_p").asDouble()).isEqualTo(0.9);
        assertThat(create.path("parameters").path("num_predict").asInt()).isEqualTo(10);
        assertThat(create.path("parameters").path("stop").get(0).asString()).isEqualTo("<|im_end|>");
        assertThat(create.path("stream").asBoolean()).isFalse();

        JsonNode copy = JSON.readTree(ollama.only("POST", "/api/copy").body());
        assertThat(copy.path("source").asString()).isEqualTo("sentiment:v1");
        assertThat(copy.path("destination").asString()).isEqualTo("sentiment:latest");
        JsonNode generate = JSON.readTree(ollama.only("POST", "/api/generate").body());
        assertThat(generate.path("stream").asBoolean()).isFalse();
        // the first test row, in the task's own input template
        assertThat(generate.path("prompt").asString()).isEqualTo("判斷以下外賣評論的情感：菜都涼了");

        assertThat(Files.readString(taskDir.resolve("models/gguf/Modelfile"))).isEqualTo("""
                FROM ./sentiment-v1-q8_0.gguf

                TEMPLATE \"""{{- if .System }}<|im_start|>system
                {{ .System }}<|im_end|>
                {{ end }}<|im_start|>user
                {{ .Prompt }}<|im_end|>
                <|im_start|>assistant
                \"""

                SYSTEM \"""Answer with exactly one of these labels and nothing else: 正面 / 負面.\"""

                PARAMETER temperature 0.1
                PARAMETER top_p 0.9
                PARAMETER num_predict 10
                PARAMETER stop "<|im_end|>"
                """);
        assertThat(deployed).singleElement().satisfies(d -> {
            assertThat(d.location()).isEqualTo("sentiment:v1");
            assertThat(d.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                    tuple("ollama_model", "ollama://sentiment:v1"), tuple("modelfile", "models/gguf/Modelfile"));
            assertThat(d.notes()).contains("smoke reply: 負面", "created sentiment:v1 and sentiment:latest",
                    "try it: ollama run sentiment:v1 \"判斷以下外賣評論的情感：菜都涼了\"");
        });
    }

    @Test
    void aBlobTheServerHasIsNotPushedAgainAndTheNameAndPromptCanBeChosen() {
        deploy(ollama.url(), Map.of());
        ollama.clear();
        deploy(ollama.url(), Map.of("model_name", "waimai", "smoke_prompt", "好吃嗎"));

        assertThat(ollama.requests("POST", "/api/blobs/")).isEmpty();
        assertThat(JSON.readTree(ollama.only("POST", "/api/create").body()).path("model").asString())
                .isEqualTo("waimai:v1");
        assertThat(JSON.readTree(ollama.only("POST", "/api/generate").body()).path("prompt").asString())
                .isEqualTo("好吃嗎");
    }

    @Test
    void anUnreachableServerNamesTheUrlAndTheSetting() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThatThrownBy(() -> deploy("http://127.0.0.1:" + closed, Map.of()))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.problem()).startsWith("Cannot reach Ollama at http://127.0.0.1:" + closed
                            + " to check whether it has the GGUF sentiment-v1-q8_0.gguf: ");
                    assertThat(e.fix()).contains("ollama serve", "FTCOACH_OLLAMA_URL");
                });
    }

    @Test
    void aFailedCreateCarriesOllamasOwnWords() {
        ollama.handler(r -> r.path().equals("/api/create")
                ? StubServer.Reply.json(500, "{\"error\":\"unsupported architecture\"}") : ollama(r));
        assertThatThrownBy(() -> deploy(ollama.url(), Map.of())).isInstanceOfSatisfying(DeploymentException.class, e -> {
            assertThat(e.problem()).isEqualTo("Ollama answered 500 to POST /api/create (create the model sentiment:v1): "
                    + "{\"error\":\"unsupported architecture\"}.");
            assertThat(e.fix()).contains("0.5.5 or newer");
        });
    }

    @Test
    void aMissingGgufSaysHowToMakeItAndTouchesNothing() throws Exception {
        Files.delete(taskDir.resolve("models/gguf/sentiment-v1-q8_0.gguf"));
        assertThatThrownBy(() -> deploy(ollama.url(), Map.of())).isInstanceOfSatisfying(DeploymentException.class, e -> {
            assertThat(e.problem()).isEqualTo("Task 'sentiment' has no models/gguf/sentiment-v1-q8_0.gguf.");
            assertThat(e.fix()).contains("06_upload_hf.py --convert-gguf --quantization q8_0 --version v1");
        });
        assertThat(ollama.requests()).isEmpty();
        assertThat(taskDir.resolve("models/gguf/Modelfile")).doesNotExist();
    }
}
