package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The vLLM target: the serve command, the integration guide's section, and a smoke call to an OpenAI-style API. */
class VllmTargetTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path workspace;
    private Path taskDir;

    @BeforeEach
    void setUp() throws Exception {
        taskDir = TaskFolders.sentiment(workspace, "sentiment", 0.75);
    }

    private List<Deployed> deploy(String endpoint, String apiKey, Map<String, String> options) {
        return new VllmTarget(HttpClient.newHttpClient(), new VllmTarget.Settings(endpoint, apiKey,
                Duration.ofSeconds(10))).deploy(TaskFolders.request("sentiment", "vllm", false, options),
                TaskFacts.read(taskDir, "sentiment", "v1"));
    }

    @Test
    void anAdapterIsServedOnItsBaseModelAndTheGuideGetsTheVersionsSection() throws Exception {
        Files.createDirectories(taskDir.resolve("docs"));
        Files.writeString(taskDir.resolve("docs/integration-guide.md"), "# Sentiment\n\nWritten by task-service.\n");

        List<Deployed> deployed = deploy("", null, Map.of());

        String serve = "vllm serve Qwen/Qwen3-4B --enable-lora --lora-modules sentiment-v1=models/adapter/v1 "
                + "--max-lora-rank 32 --port 8000";
        String guide = Files.readString(taskDir.resolve("docs/integration-guide.md"));
        assertThat(guide).startsWith("# Sentiment\n\nWritten by task-service.\n\n<!-- ftcoach:deploy vllm v1 -->\n## vLLM — v1")
                .endsWith("<!-- /ftcoach:deploy vllm v1 -->\n")
                .contains("```bash\n" + serve + "\n```", "curl http://localhost:8000/v1/chat/completions",
                        "\"model\": \"sentiment-v1\"", "{\"role\": \"user\", \"content\": \"判斷以下外賣評論的情感：菜都涼了\"}",
                        "\"chat_template_kwargs\": {\"enable_thinking\": false}", "import requests",
                        "The model answers with one label: 正面, 負面.", "| macro_f1 | 0.8000 |");
        assertThat(deployed).singleElement().satisfies(d -> {
            assertThat(d.location()).isEqualTo("http://localhost:8000/v1");
            assertThat(d.notes()).containsExactly("serve it: cd sentiment && " + serve);
            assertThat(d.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                    tuple("integration_guide", "docs/integration-guide.md"),
                    tuple("vllm_endpoint", "http://localhost:8000/v1"));
        });

        // deployed again (merged now, another port): the section is replaced, not appended twice
        Files.createDirectories(taskDir.resolve("models/merged/v1"));
        Files.writeString(taskDir.resolve("models/merged/v1/config.json"), "{}");
        deploy("", null, Map.of("port", "8010"));
        String again = Files.readString(taskDir.resolve("docs/integration-guide.md"));
        assertThat(again.split("<!-- ftcoach:deploy vllm v1 -->", -1)).hasSize(2);
        assertThat(again).startsWith("# Sentiment\n\nWritten by task-service.\n")
                .contains("vllm serve models/merged/v1 --served-model-name sentiment-v1 --port 8010")
                .doesNotContain("--enable-lora");
    }

    @Test
    void aRunningEndpointIsSmokeTestedWithTheApiKey() throws Exception {
        try (StubServer vllm = new StubServer(r -> "Bearer sk-vllm-test".equals(r.header("Authorization"))
                ? StubServer.Reply.json(200, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"sentiment-v1\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"負面\"},\"finish_reason\":\"stop\"}]}")
                : StubServer.Reply.json(401, "{\"error\":\"Unauthorized\"}"))) {
            List<Deployed> deployed = deploy(vllm.url() + "/v1", "sk-vllm-test", Map.of());

            JsonNode body = JSON.readTree(vllm.only("POST", "/v1/chat/completions").body());
            assertThat(body.path("model").asString()).isEqualTo("sentiment-v1");
            assertThat(body.path("messages").get(0).path("content").asString())
                    .isEqualTo("Answer with exactly one of these labels and nothing else: 正面 / 負面.");
            assertThat(body.path("messages").get(1).path("content").asString()).isEqualTo("判斷以下外賣評論的情感：菜都涼了");
            assertThat(body.path("chat_template_kwargs").path("enable_thinking").asBoolean()).isFalse();
            assertThat(deployed.get(0).location()).isEqualTo(vllm.url() + "/v1");
            assertThat(deployed.get(0).notes()).contains("smoke reply from " + vllm.url() + ": 負面");

            assertThatThrownBy(() -> deploy(vllm.url(), "sk-wrong", Map.of()))
                    .isInstanceOfSatisfying(DeploymentException.class, e -> {
                        assertThat(e.problem()).startsWith("vLLM answered 401 to POST /v1/chat/completions");
                        assertThat(e.fix()).contains("VLLM_API_KEY");
                        assertThat(e.getMessage()).doesNotContain("sk-wrong");
                    });
        }
    }

    @Test
    void aGuideWithABrokenSectionIsNotRewritten() throws Exception {
        Files.createDirectories(taskDir.resolve("docs"));
        String broken = "# Guide\n<!-- ftcoach:deploy vllm v1 -->\nhalf a section\n";
        Files.writeString(taskDir.resolve("docs/integration-guide.md"), broken);
        assertThatThrownBy(() -> deploy("", null, Map.of())).isInstanceOfSatisfying(DeploymentException.class, e ->
                assertThat(e.fix()).contains("Add the closing line"));
        assertThat(taskDir.resolve("docs/integration-guide.md")).hasContent(broken);
    }
}
