package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The llm_generated source against a local server that speaks the OpenAI chat-completions protocol. */
class LlmGeneratedSourceTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Map<String, String> ENV = Map.of("OPENAI_API_KEY", "sk-local-test");

    @TempDir
    Path task;

    private final FakeTime time = new FakeTime();
    private final LlmGeneratedSource llm = new LlmGeneratedSource(HttpClient.newHttpClient(), time);

    /** Answers like a chat-completions endpoint: numbered lines for positive, a JSON array for negative. */
    private static LocalHttpServer.Answer chat(JsonNode request, int call) {
        String prompt = request.path("messages").get(request.path("messages").size() - 1).path("content").asString();
        int count = Integer.parseInt(prompt.replaceAll("\\D+", " ").strip().split(" ")[0]);
        List<String> lines = new ArrayList<>();
        String content;
        if (prompt.contains("positive")) {
            // the first batch repeats an existing row and itself, in other punctuation and width
            lines.add("1. 外送很快，餐點熱騰騰");
            lines.add("2. “外送很快，餐點熱騰騰！”");
            lines.add("3. 已經有的好評");
            for (int i = 0; i < count; i++) {
                lines.add((lines.size() + 1) + ". 好評第" + call + "-" + i + "則");
            }
            content = String.join("\n", lines);
        } else {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                items.add("\"差評第" + call + "-" + i + "則\"");
            }
            content = "```json\n[" + String.join(", ", items) + "]\n```";
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("id", "chatcmpl-" + call).put("object", "chat.completion").put("model", request.path("model")
                .asString());
        answer.putArray("choices").addObject().put("index", 0).put("finish_reason", "stop").putObject("message")
                .put("role", "assistant").put("content", content);
        return LocalHttpServer.Answer.json(JSON.writeValueAsString(answer));
    }

    @Test
    void generatesEachLabelsCountInBatchesDeduplicatedAndMarksASeededReviewSample() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            if (!r.path().equals("/v1/chat/completions") || !"Bearer sk-local-test".equals(r.header("Authorization"))) {
                return LocalHttpServer.Answer.status(401, "bad key");
            }
            return chat(JSON.readTree(r.body()), calls.incrementAndGet());
        })) {
            SourceDefinition source = source(server.url() + "/v1", """
                      batch_size: 4
                      variations: [{label: positive, count: 6}, {label: negative, count: 5}]
                    validation: {require_review: true, review_sample: 0.2, seed: 7}
                    """);
            List<LabeledRow> earlier = List.of(LabeledRow.of("已經有的好評", "positive"));
            SourceRows read = llm.read(task, source, ENV::get, earlier);

            List<String> positives = read.rows().stream().filter(r -> r.label().equals("positive"))
                    .map(LabeledRow::text).toList();
            assertThat(positives).containsExactly("外送很快，餐點熱騰騰", "好評第1-0則", "好評第1-1則", "好評第1-2則",
                    "好評第1-3則", "好評第2-0則");
            assertThat(read.rows()).filteredOn(r -> r.label().equals("negative")).extracting(LabeledRow::text)
                    .containsExactly("差評第3-0則", "差評第3-1則", "差評第3-2則", "差評第3-3則", "差評第4-0則");
            // positive: 4 asked, 5 new given (its repeats of an existing row and of itself dropped), then 1 more;
            // negative: 4 then 1
            assertThat(server.received).hasSize(4);
            JsonNode first = JSON.readTree(server.received.get(0).body());
            assertThat(first.path("model").asString()).isEqualTo("qwen2.5:7b");
            assertThat(first.path("temperature").asDouble()).isEqualTo(0.9);
            assertThat(first.path("messages").get(0).path("role").asString()).isEqualTo("system");
            assertThat(first.path("messages").get(1).path("content").asString())
                    .isEqualTo("寫 4 則 positive 的外送評論，每行一則。");
            assertThat(JSON.readTree(server.received.get(1).body()).path("messages").get(1).path("content").asString())
                    .isEqualTo("寫 1 則 positive 的外送評論，每行一則。");

            List<JsonNode> lines = new ArrayList<>();
            for (String line : new String(read.rawOutput(), StandardCharsets.UTF_8).split("\n")) {
                lines.add(JSON.readTree(line));
            }
            assertThat(lines).hasSize(11);
            assertThat(lines).extracting(n -> n.path("text").asString())
                    .containsExactlyElementsOf(read.rows().stream().map(LabeledRow::text).toList());
            // 20% of 11 rows, rounded: 2, the same ones for the same seed
            assertThat(lines).filteredOn(n -> n.path("review").asBoolean()).hasSize(2);
            assertThat(read.position()).startsWith("model=qwen2.5:7b rows=11 review=2 sha256="
                    + Sha256.hex(read.rawOutput()));
        }
    }

    @Test
    void theReviewSampleIsTheSameForTheSameSeed() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LocalHttpServer server = new LocalHttpServer(r -> chat(JSON.readTree(r.body()), 10))) {
            SourceDefinition source = source(server.url() + "/v1", """
                      variations: [{label: negative, count: 20}]
                    validation: {review_sample: 0.25, seed: 3}
                    """);
            byte[] once = llm.read(task, source, ENV::get, List.of()).rawOutput();
            // asked again rather than read from the cache: the same answers give the same sample
            byte[] twice = llm.read(task, source, ENV::get, List.of(), true).rawOutput();
            assertThat(twice).isEqualTo(once);
            assertThat(new String(once, StandardCharsets.UTF_8)).contains("\"review\":true")
                    .contains("\"review\":false");
            assertThat(calls.get()).isZero();
        }
    }

    @Test
    void aRefusedKeyAnAnswerWithoutChoicesAndAModelThatOnlyRepeatsAreNamed() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> switch (r.path()) {
            case "/refuse/chat/completions" -> LocalHttpServer.Answer.status(401,
                    "{\"error\":{\"message\":\"Incorrect API key provided: sk-local-test\"}}");
            case "/empty/chat/completions" -> LocalHttpServer.Answer.json("{\"object\":\"error\",\"detail\":\"x\"}");
            default -> {
                ObjectNode answer = JSON.createObjectNode();
                answer.putArray("choices").addObject().putObject("message").put("content", "1. 同一句\n2. 同一句");
                yield LocalHttpServer.Answer.json(JSON.writeValueAsString(answer));
            }
        })) {
            assertThatThrownBy(() -> llm.read(task, source(server.url() + "/refuse", """
                      variations: [{label: a, count: 1}]
                    """), ENV::get, List.of()))
                    .isInstanceOf(SourceException.class)
                    .hasMessage("sources[0] 'synthetic' (llm_generated): POST " + server.url() + "/refuse/chat/"
                            + "completions answered 401 ({\"error\":{\"message\":\"Incorrect API key provided: "
                            + "****\"}}): the server refused the credentials: check the key in ${OPENAI_API_KEY} "
                            + "(config.api_key)");
            assertThatThrownBy(() -> llm.read(task, source(server.url() + "/empty", """
                      variations: [{label: a, count: 1}]
                    """), ENV::get, List.of()))
                    .hasMessage("sources[0] 'synthetic' (llm_generated): POST " + server.url() + "/empty/chat/"
                            + "completions: the answer has no choices[0].message.content (its fields are [object, "
                            + "detail]): check that config.base_url is an OpenAI-compatible chat-completions API");
            assertThatThrownBy(() -> llm.read(task, source(server.url() + "/repeat", """
                      batch_size: 2
                      variations: [{label: a, count: 2}]
                    """), ENV::get, List.of()))
                    .hasMessage("sources[0] 'synthetic' (llm_generated): the model gave only 1 distinct new examples "
                            + "of 'a' (of 2) in 5 requests; the rest repeated earlier rows or each other: vary the "
                            + "prompt, raise config.temperature, lower the count, or raise generation.max_requests");
        }
    }

    @Test
    void theDataSourceFileShapeRunsThroughThePipelineWithTheReviewFlagInTheRawFile() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> chat(JSON.readTree(r.body()), 1))) {
            String yaml = "version: \"1.0\"\nsources:\n" + sourceYaml(server.url() + "/v1", """
                      variations: [{label: negative, count: 10}]
                    validation: {review_sample: 0.1}
                    """);
            DataSourceConfig config = new DataSourceFile(ENV::get).parse(yaml.getBytes(StandardCharsets.UTF_8));
            DataPipeline.Result result = new DataPipeline(List.of(llm), ENV::get).run(task, config);
            assertThat(result.merged()).hasSize(10);
            assertThat(new String(result.rawFiles().get("data/raw/synthetic.jsonl"), StandardCharsets.UTF_8)
                    .lines().filter(l -> l.endsWith("\"review\":true}"))).hasSize(1);
        }
    }

    @Test
    void aPromptTemplateWithoutTheLabelIsRefusedWithTheFile() {
        String yaml = "version: \"1.0\"\nsources:\n" + sourceYaml("http://127.0.0.1:9/v1", """
                  variations: [{label: a, count: 1}]
                """).replace("{label} 的", "的");
        assertThatThrownBy(() -> new DataSourceFile(ENV::get).parse(yaml.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidDataSourceException.class)
                .hasMessage("data_source.yaml:12: sources[0].generation.prompt_template: has no {label}, so the "
                        + "model cannot know which label to write: put {label} (and {count}) in it, e.g. \"Write "
                        + "{count} reviews that are {label}, one per line.\"");
    }

    private static SourceDefinition source(String baseUrl, String generationAndValidation) {
        String yaml = "version: \"1.0\"\nsources:\n" + sourceYaml(baseUrl, generationAndValidation);
        return new DataSourceFile(ENV::get).parse(yaml.getBytes(StandardCharsets.UTF_8)).sources().get(0);
    }

    /** One llm_generated source; {@code rest} continues its generation block and may add validation. */
    private static String sourceYaml(String baseUrl, String rest) {
        return """
                  - name: synthetic
                    type: llm_generated
                    config:
                      base_url: %s
                      model: "qwen2.5:7b"
                      temperature: 0.9
                      api_key: ${OPENAI_API_KEY}
                      rate_limit: 100
                    generation:
                      prompt_template: "寫 {count} 則 {label} 的外送評論，每行一則。"
                      system_prompt: 你寫真實的外送平台評論。
                """.formatted(baseUrl) + rest.indent(4);
    }
}
