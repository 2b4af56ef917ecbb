package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * llm_generated made reproducible: runs of data_source.yaml through {@link DataSourceService} on a real workspace,
 * against a local chat-completions server that numbers its answers, so every request it answers gives new rows.
 */
class LlmGenerationCacheTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TaskName TASK = TaskName.of("generated-task");
    private static final String KEY = "sk-local-secret-4711";

    @TempDir
    Path root;

    private Path dir;
    private final Map<String, String> env = new HashMap<>(Map.of("OPENAI_API_KEY", KEY));
    private final AtomicInteger calls = new AtomicInteger();
    private DataSourceService service;

    @BeforeEach
    void task() throws Exception {
        dir = Files.createDirectories(root.resolve(TASK.value()));
        Files.writeString(dir.resolve("task.yaml"), """
                task_name: generated-task
                input_template: "評論：{text}"
                output_format: {type: single_label, labels: [positive, negative]}
                """);
        Files.createDirectories(dir.resolve("data/raw"));
        Files.writeString(dir.resolve("data/raw/seed.csv"), "text,label\n外送很快,positive\n湯灑了,negative\n");
        DataWorkspace data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
        DataPipeline pipeline = new DataPipeline(List.of(new FileImportSource(),
                new LlmGeneratedSource(HttpClient.newHttpClient(), new FakeTime())), env::get);
        service = new DataSourceService(data, new DataSourceFile(env::get), pipeline);
    }

    /** Each answer numbers its lines with the call, so a second request could never give the same rows. */
    private LocalHttpServer.Answer numbered(LocalHttpServer.Received r) {
        JsonNode request = JSON.readTree(r.body());
        String prompt = request.path("messages").get(request.path("messages").size() - 1).path("content").asString();
        int count = Integer.parseInt(prompt.replaceAll("\\D+", " ").strip().split(" ")[0]);
        int call = calls.incrementAndGet();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < count; i++) {
            lines.append(i + 1).append(". 第").append(call).append("次回答的第").append(i).append("則")
                    .append(prompt.contains("positive") ? "好評" : "差評").append('\n');
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("choices").addObject().putObject("message").put("role", "assistant")
                .put("content", lines.toString());
        return LocalHttpServer.Answer.json(JSON.writeValueAsString(answer));
    }

    private void configure(String baseUrl, String extra) {
        service.put(TASK, ("""
                version: "1.0"
                sources:
                  - name: seed
                    type: file_import
                    config: {source_path: data/raw/seed.csv, format: csv}
                    mapping: {text: text, label: label}
                  - name: synthetic
                    type: llm_generated
                %s
                    config:
                      base_url: %s
                      model: "qwen2.5:7b"
                      temperature: 0.9
                      api_key: ${OPENAI_API_KEY}
                      rate_limit: 100
                    generation:
                      prompt_template: "寫 {count} 則 {label} 的外送評論，每行一則。"
                      batch_size: 3
                      variations: [{label: positive, count: 4}, {label: negative, count: 4}]
                    validation: {review_sample: 0.25, seed: 5}
                """).formatted(extra.indent(4).stripTrailing(), baseUrl).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aSecondRunReadsTheCachedRowsSendsNoRequestAndGivesTheSameSnapshot() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(this::numbered)) {
            configure(server.url() + "/v1", "");
            DataSourceService.Run first = service.run(TASK, null);
            assertThat(server.received).hasSize(4);
            String position = first.imported().snapshot().sourcePositions().get("synthetic");
            assertThat(position).matches("model=qwen2\\.5:7b rows=8 review=2 sha256=[0-9a-f]{64} cache=stored:"
                    + "[0-9a-f]{12}");
            byte[] raw = Files.readAllBytes(dir.resolve("data/raw/synthetic.jsonl"));

            DataSourceService.Run second = service.run(TASK, null);

            assertThat(server.received).hasSize(4);
            assertThat(second.imported().snapshot().snapshotId()).isEqualTo(first.imported().snapshot().snapshotId());
            assertThat(second.imported().created()).isFalse();
            SourceRows cached = second.sources().get(1);
            assertThat(cached.rows()).isEqualTo(first.sources().get(1).rows());
            assertThat(cached.rawOutput()).isEqualTo(raw);
            assertThat(dir.resolve("data/raw/synthetic.jsonl")).hasBinaryContent(raw);
            // the same position but for where the rows came from
            String key = position.substring(position.length() - 12);
            assertThat(cached.position()).isEqualTo(position.replace("cache=stored:", "cache=hit:"));
            assertThat(Files.readString(dir.resolve("data/data_version.yaml"))).contains("cache=hit:" + key);

            // the entry: the output file, and a manifest with its sha-256 and the settings, never the key
            Path entryDir = dir.resolve("data/generated/synthetic");
            try (Stream<Path> files = Files.list(entryDir)) {
                List<Path> entry = files.toList();
                assertThat(entry).extracting(p -> p.getFileName().toString()).hasSize(2)
                        .allMatch(n -> n.startsWith(key) && n.matches("[0-9a-f]{64}\\.jsonl?"));
                for (Path f : entry) {
                    assertThat(Files.readString(f)).doesNotContain(KEY).doesNotContain("OPENAI_API_KEY");
                }
                Path rows = entry.stream().filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
                assertThat(rows).hasBinaryContent(raw);
                JsonNode manifest = JSON.readTree(Files.readString(Path.of(rows.toString().replace(".jsonl", ".json"))));
                assertThat(manifest.path("sha256").asString()).isEqualTo(Sha256.hex(raw));
                assertThat(manifest.path("rows").asInt()).isEqualTo(8);
                assertThat(manifest.path("settings").path("model").asString()).isEqualTo("qwen2.5:7b");
                assertThat(manifest.path("settings").path("endpoint").asString()).isEqualTo(server.url() + "/v1");
            }

            // a run the cache answers needs no api key
            env.remove("OPENAI_API_KEY");
            assertThat(service.run(TASK, null).imported().snapshot().snapshotId())
                    .isEqualTo(first.imported().snapshot().snapshotId());
            assertThat(server.received).hasSize(4);
        }
    }

    @Test
    void whatDecidesTheRowsIsInTheKeyAndWhatDoesNotIsNot() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(this::numbered)) {
            configure(server.url() + "/v1", "");
            String first = service.run(TASK, null).imported().snapshot().snapshotId();
            assertThat(server.received).hasSize(4);

            // a pacing setting changes no row
            service.put(TASK, new String(service.get(TASK), StandardCharsets.UTF_8)
                    .replace("rate_limit: 100", "rate_limit: 50").getBytes(StandardCharsets.UTF_8));
            assertThat(service.run(TASK, null).imported().snapshot().snapshotId()).isEqualTo(first);
            assertThat(server.received).hasSize(4);

            // another temperature is another generation
            service.put(TASK, new String(service.get(TASK), StandardCharsets.UTF_8)
                    .replace("temperature: 0.9", "temperature: 0.8").getBytes(StandardCharsets.UTF_8));
            String warmer = service.run(TASK, null).imported().snapshot().snapshotId();
            assertThat(server.received).hasSize(8);
            assertThat(warmer).isNotEqualTo(first);

            // a new row in an earlier source changes what counts as a repeat: asked again
            Files.writeString(dir.resolve("data/raw/seed.csv"), "外送員很有禮貌,positive\n", StandardOpenOption.APPEND);
            service.run(TASK, null);
            assertThat(server.received).hasSize(12);
            service.run(TASK, null);
            assertThat(server.received).hasSize(12);
        }
    }

    @Test
    void regeneratingAsksAgainAndReplacesTheEntryWhichTheNextRunReuses() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(this::numbered)) {
            configure(server.url() + "/v1", "");
            DataSourceService.Run first = service.run(TASK, null);
            assertThat(server.received).hasSize(4);

            // regenerating another source leaves this one's cache alone
            assertThat(service.run(TASK, "seed", true).imported().snapshot().snapshotId())
                    .isEqualTo(first.imported().snapshot().snapshotId());
            assertThat(server.received).hasSize(4);

            DataSourceService.Run regenerated = service.run(TASK, "synthetic", true);
            assertThat(server.received).hasSize(8);
            assertThat(regenerated.sources().get(1).rows()).isNotEqualTo(first.sources().get(1).rows());
            assertThat(regenerated.sources().get(1).rows()).extracting(LabeledRow::text)
                    .allMatch(t -> t.startsWith("第5次") || t.startsWith("第6次") || t.startsWith("第7次")
                            || t.startsWith("第8次"));
            assertThat(regenerated.sources().get(1).position()).contains("cache=stored:");
            String id = regenerated.imported().snapshot().snapshotId();
            assertThat(id).isNotEqualTo(first.imported().snapshot().snapshotId());
            try (Stream<Path> files = Files.list(dir.resolve("data/generated/synthetic"))) {
                assertThat(files.toList()).hasSize(2);
            }

            DataSourceService.Run reused = service.run(TASK, null);
            assertThat(server.received).hasSize(8);
            assertThat(reused.imported().snapshot().snapshotId()).isEqualTo(id);
            assertThat(reused.sources().get(1).rows()).isEqualTo(regenerated.sources().get(1).rows());
        }
    }

    @Test
    void regenerateTrueOnTheSourceAsksOnEveryRun() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(this::numbered)) {
            configure(server.url() + "/v1", "regenerate: true");
            String first = service.run(TASK, null).imported().snapshot().snapshotId();
            String second = service.run(TASK, null).imported().snapshot().snapshotId();
            assertThat(server.received).hasSize(8);
            assertThat(second).isNotEqualTo(first);

            // taken off again: the entry the last run wrote is reused
            service.put(TASK, new String(service.get(TASK), StandardCharsets.UTF_8).replace("    regenerate: true\n", "")
                    .getBytes(StandardCharsets.UTF_8));
            assertThat(service.run(TASK, null).imported().snapshot().snapshotId()).isEqualTo(second);
            assertThat(server.received).hasSize(8);
        }
    }

    @Test
    void aDamagedEntryIsNotTrustedTheRunFailsNamingItAndRegeneratingRepairsIt() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(this::numbered)) {
            configure(server.url() + "/v1", "");
            String first = service.run(TASK, null).imported().snapshot().snapshotId();
            Path rows;
            try (Stream<Path> files = Files.list(dir.resolve("data/generated/synthetic"))) {
                rows = files.filter(p -> p.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            }
            String key = rows.getFileName().toString().replace(".jsonl", "");
            Path manifest = rows.resolveSibling(key + ".json");
            byte[] train = Files.readAllBytes(dir.resolve("data/train.jsonl"));

            Files.writeString(rows, Files.readString(rows).replace("好評", "佳評"));
            assertThatThrownBy(() -> service.run(TASK, null)).isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("sources[1] 'synthetic' (llm_generated): the cached generation cannot be "
                            + "trusted: data/generated/synthetic/" + key + ".jsonl has sha-256 ")
                    .hasMessageEndingWith("Set regenerate: true on the source (or run with ?regenerate=true) to ask the "
                            + "model again and replace it, or delete data/generated/synthetic/" + key + ".json to do so "
                            + "on the next run");

            Files.writeString(manifest, "{\"key\": ");
            assertThatThrownBy(() -> service.run(TASK, null)).isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("sources[1] 'synthetic' (llm_generated): the cached generation cannot be "
                            + "trusted: data/generated/synthetic/" + key + ".json is not valid JSON");
            assertThat(server.received).hasSize(4);
            assertThat(dir.resolve("data/train.jsonl")).hasBinaryContent(train);

            DataSourceService.Run repaired = service.run(TASK, null, true);
            assertThat(server.received).hasSize(8);
            assertThat(repaired.imported().snapshot().snapshotId()).isNotEqualTo(first);
            assertThat(Sha256.hex(Files.readAllBytes(rows))).isEqualTo(JSON.readTree(Files.readString(manifest))
                    .path("sha256").asString());
            assertThat(service.run(TASK, null).imported().snapshot().snapshotId())
                    .isEqualTo(repaired.imported().snapshot().snapshotId());
            assertThat(server.received).hasSize(8);
        }
    }
}
