package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;
import org.junit.jupiter.api.AfterEach;
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

/** The Hub target against {@link HubStub}, which speaks the Hub's HTTP API and keeps what was committed. */
class HuggingFaceTargetTest {

    private static final String TOKEN = "hf_test_write_token_123";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path workspace;
    private HubStub hub;
    private Path taskDir;

    @BeforeEach
    void setUp() throws Exception {
        hub = new HubStub(TOKEN);
        taskDir = TaskFolders.sentiment(workspace, "sentiment", 0.75);
    }

    @AfterEach
    void tearDown() {
        hub.close();
    }

    private HuggingFaceTarget target(String token) {
        return new HuggingFaceTarget(HTTP, new HuggingFaceTarget.Settings(hub.url(), token, "acme", "ftcoach", false,
                Duration.ofSeconds(10)));
    }

    private List<Deployed> deploy(String token, Map<String, String> options) {
        return target(token).deploy(TaskFolders.request("sentiment", "huggingface", false, options),
                TaskFacts.read(taskDir, "sentiment", "v1"));
    }

    @Test
    void theAdapterIsCreatedUploadedWithItsCardAndTaggedWithTheVersion() throws Exception {
        List<Deployed> deployed = deploy(TOKEN, Map.of("variant", "adapter"));

        String repo = "models/acme/ftcoach-sentiment-adapter";
        JsonNode create = JSON.readTree(hub.only("POST", "/api/repos/create").body());
        assertThat(create.path("name").asString()).isEqualTo("ftcoach-sentiment-adapter");
        assertThat(create.path("organization").asString()).isEqualTo("acme");
        assertThat(create.path("private").asBoolean()).isFalse();
        assertThat(create.has("type")).as("a model repository is the default type").isFalse();
        // every call to the Hub's API carries the token, and only as a Bearer header
        assertThat(hub.requests().stream().filter(r -> !r.path().startsWith("/lfs-upload")))
                .allSatisfy(r -> assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN));
        assertThat(hub.requests("PUT", "/lfs-upload/")).allSatisfy(r -> {
            assertThat(r.header("Authorization")).as("presigned storage URLs get no token").isNull();
            assertThat(r.header("X-Upload-Token")).isEqualTo("presigned");
        });

        JsonNode preupload = JSON.readTree(hub.only("POST", "/api/" + repo + "/preupload/main").body());
        assertThat(preupload.path("files").valueStream().map(f -> f.path("path").asString()))
                .containsExactlyInAnyOrder("adapter_config.json", "adapter_model.safetensors", "README.md");

        // the weights went through LFS: uploaded bytes equal the file, committed as an lfsFile by sha256
        byte[] weights = Files.readAllBytes(taskDir.resolve("models/adapter/v1/adapter_model.safetensors"));
        String oid = HubStub.sha256(weights);
        assertThat(hub.only("PUT", "/lfs-upload/" + oid).body()).isEqualTo(weights);
        assertThat(hub.requests("POST", "/lfs-verify")).hasSize(1);
        List<String> commitLines = hub.only("POST", "/api/" + repo + "/commit/main").text().lines().toList();
        assertThat(hub.only("POST", "/api/" + repo + "/commit/main").header("Content-Type"))
                .isEqualTo("application/x-ndjson");
        JsonNode header = JSON.readTree(commitLines.get(0));
        assertThat(header.path("key").asString()).isEqualTo("header");
        assertThat(header.path("value").path("summary").asString()).isEqualTo("Upload sentiment-v1 (adapter)");
        assertThat(commitLines.stream().skip(1).map(JSON::readTree)).extracting(
                        l -> l.path("key").asString(), l -> l.path("value").path("path").asString())
                .containsExactlyInAnyOrder(tuple("file", "adapter_config.json"),
                        tuple("lfsFile", "adapter_model.safetensors"), tuple("file", "README.md"));
        assertThat(hub.files.get(repo).get("adapter_model.safetensors")).isEqualTo(weights);
        assertThat(hub.committedText(repo, "adapter_config.json")).contains("\"r\": 32");

        // the version's tag points at the commit just made
        assertThat(hub.tags).containsEntry(repo + "@v1", String.format("%040x", 1));
        assertThat(JSON.readTree(hub.only("POST", "/api/" + repo + "/tag/" + String.format("%040x", 1)).body())
                .path("tag").asString()).isEqualTo("v1");

        String card = hub.committedText(repo, "README.md");
        assertThat(card).startsWith("---\nlicense: apache-2.0\n").contains(
                "base_model: Qwen/Qwen3-4B", "library_name: peft", "language:\n- zh-CN",
                "| method | lora |", "| LoRA r | 32 |", "| LoRA α | 64 |", "| learning rate | 0.00001 |",
                "| macro_f1 | 0.8000 |", "| accuracy | 0.8000 |",
                "Target: macro_f1 ≥ 0.7500 — ✅ met.",
                "| label | precision | recall | F1 | support |", "| 正面 | 0.8000 | 0.8000 | 0.8000 | 5 |",
                "## Data snapshot", "| snapshot | 3f9a1c0d2b7e |", "| train rows | 2 |",
                "PeftModel.from_pretrained(base, \"acme/ftcoach-sentiment-adapter\", revision=\"v1\")",
                "enable_thinking=False", "## Intended use", "Its most frequent mistake is **正面 → 負面** (1 test sample).",
                "Its weakest class is **正面** (F1 0.8000)", "## Limitations", "```bibtex");
        assertThat(card).doesNotContain(TOKEN);

        assertThat(deployed).singleElement().satisfies(d -> {
            assertThat(d.variant()).isEqualTo("adapter");
            assertThat(d.location()).isEqualTo(hub.url() + "/acme/ftcoach-sentiment-adapter");
            assertThat(d.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                    tuple("hf_adapter", hub.url() + "/acme/ftcoach-sentiment-adapter/tree/v1"),
                    tuple("model_card", "models/cards/v1/adapter.md"));
        });
        assertThat(taskDir.resolve("models/cards/v1/adapter.md")).hasContent(card);
    }

    @Test
    void theDatasetGoesToADatasetRepositoryAndTheGgufCarriesItsModelfile() throws Exception {
        List<Deployed> deployed = deploy(TOKEN, Map.of("variant", "gguf, dataset", "org", "other-org"));

        assertThat(deployed).extracting(Deployed::variant, Deployed::location).containsExactly(
                tuple("gguf", hub.url() + "/other-org/ftcoach-sentiment-gguf"),
                tuple("dataset", hub.url() + "/datasets/other-org/ftcoach-sentiment-data"));
        assertThat(hub.requests("POST", "/api/repos/create").stream().map(r -> JSON.readTree(r.body())))
                .extracting(b -> b.path("name").asString(), b -> b.path("type").asString("model"))
                .containsExactly(tuple("ftcoach-sentiment-gguf", "model"), tuple("ftcoach-sentiment-data", "dataset"));

        String data = "datasets/other-org/ftcoach-sentiment-data";
        assertThat(hub.files.get(data)).containsOnlyKeys("data/train.jsonl", "data/valid.jsonl", "data/test.jsonl",
                "data_version.yaml", "README.md");
        assertThat(hub.committedText(data, "data/train.jsonl")).isEqualTo(
                Files.readString(taskDir.resolve("data/train.jsonl")));
        assertThat(hub.committedText(data, "README.md")).contains("task_categories:\n- text-classification",
                "load_dataset(\"other-org/ftcoach-sentiment-data\", revision=\"v1\")")
                .doesNotContain("## Training parameters");
        assertThat(hub.tags).containsKey(data + "@v1");

        String gguf = "models/other-org/ftcoach-sentiment-gguf";
        assertThat(hub.files.get(gguf).get("sentiment-v1-q8_0.gguf"))
                .isEqualTo(Files.readAllBytes(taskDir.resolve("models/gguf/sentiment-v1-q8_0.gguf")));
        assertThat(hub.committedText(gguf, "Modelfile")).startsWith("FROM ./sentiment-v1-q8_0.gguf\n")
                .contains("PARAMETER temperature 0.1", "Answer with exactly one of these labels and nothing else: 正面 / 負面.");
        assertThat(hub.committedText(gguf, "README.md")).contains("library_name: gguf", "ollama create sentiment:v1 -f Modelfile",
                "- dataset: " + hub.url() + "/datasets/other-org/ftcoach-sentiment-data");
    }

    @Test
    void deployingAVersionAgainMovesItsTagToTheNewCommit() {
        deploy(TOKEN, Map.of());
        deploy(TOKEN, Map.of());

        String repo = "models/acme/ftcoach-sentiment-adapter";
        assertThat(hub.requests("DELETE", "/api/" + repo + "/tag/v1")).hasSize(1);
        assertThat(hub.tags).containsEntry(repo + "@v1", String.format("%040x", 2));
        // the weights were uploaded once; the second commit refers to the stored object
        assertThat(hub.requests("PUT", "/lfs-upload/")).hasSize(1);
    }

    /** 2000 bytes of weights in parts of 768: three presigned PUTs, then the completion with their ETags in order. */
    @Test
    void largeFilesAreUploadedInThePartsTheHubAsksFor() throws Exception {
        hub.multipartChunk = 768;
        deploy(TOKEN, Map.of());

        byte[] weights = Files.readAllBytes(taskDir.resolve("models/adapter/v1/adapter_model.safetensors"));
        String oid = HubStub.sha256(weights);
        assertThat(hub.requests("PUT", "/lfs-part/" + oid + "/")).extracting(r -> r.body().length)
                .containsExactly(768, 768, 464);
        JsonNode completion = JSON.readTree(hub.only("POST", "/lfs-complete/" + oid).body());
        assertThat(completion.path("parts").valueStream().map(p -> p.path("etag").asString()))
                .containsExactly("\"etag-1\"", "\"etag-2\"", "\"etag-3\"");
        assertThat(hub.files.get("models/acme/ftcoach-sentiment-adapter").get("adapter_model.safetensors"))
                .isEqualTo(weights);
    }

    @Test
    void withoutATokenNothingIsSentAndTheFixNamesHfToken() {
        assertThatThrownBy(() -> deploy("", Map.of())).isInstanceOfSatisfying(DeploymentException.class, e -> {
            assertThat(e.problem()).isEqualTo("No Hugging Face token is configured, so nothing can be uploaded to the Hub.");
            assertThat(e.fix()).contains("HF_TOKEN", "write access");
        });
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void aRefusedTokenSaysSoWithoutRepeatingIt() {
        assertThatThrownBy(() -> deploy("hf_wrong_token_456", Map.of()))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.problem()).isEqualTo("the Hugging Face Hub answered 401 to POST /api/repos/create "
                            + "(create the repository acme/ftcoach-sentiment-adapter): "
                            + "{\"error\":\"Invalid credentials in Authorization header\"}.");
                    assertThat(e.fix()).contains("HF_TOKEN", "write access");
                    assertThat(e.getMessage()).doesNotContain("hf_wrong_token_456");
                });
    }

    @Test
    void aServerErrorOnCommitNamesTheCallAndTheServersWords() {
        hub.handler(r -> r.path().contains("/commit/")
                ? StubServer.Reply.json(500, "{\"error\":\"Internal Error - We're working hard to fix this\"}")
                : hub.answer(r));
        assertThatThrownBy(() -> deploy(TOKEN, Map.of())).isInstanceOfSatisfying(DeploymentException.class, e ->
                assertThat(e.problem()).isEqualTo("the Hugging Face Hub answered 500 to POST "
                        + "/api/models/acme/ftcoach-sentiment-adapter/commit/main (commit 3 files to "
                        + "acme/ftcoach-sentiment-adapter@main): {\"error\":\"Internal Error - We're working hard to fix this\"}."));
        assertThat(hub.tags).isEmpty();
        assertThat(taskDir.resolve("models/cards")).doesNotExist();
    }

    @Test
    void aMissingMergedModelFailsBeforeAnythingIsCreatedWithTheCommandThatMakesIt() {
        assertThatThrownBy(() -> deploy(TOKEN, Map.of("variant", "adapter,merged")))
                .isInstanceOfSatisfying(DeploymentException.class, e -> {
                    assertThat(e.problem()).isEqualTo("Task 'sentiment' has no models/merged/v1.");
                    assertThat(e.fix()).contains("python scripts/06_upload_hf.py --merge-adapter --version v1");
                });
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void anUnknownVariantOrQuantizationIsRefusedWithTheChoices() {
        assertThatThrownBy(() -> deploy(TOKEN, Map.of("variant", "onnx")))
                .isInstanceOfSatisfying(DeploymentException.class, e ->
                        assertThat(e.fix()).isEqualTo("Use adapter, merged, gguf or dataset (several comma-separated)."));
        assertThatThrownBy(() -> deploy(TOKEN, Map.of("variant", "gguf", "quantization", "q2_k")))
                .isInstanceOfSatisfying(DeploymentException.class, e ->
                        assertThat(e.fix()).startsWith("Use q8_0 (recommended)"));
        assertThat(hub.requests()).isEmpty();
    }
}
