package io.ftcoach.task.domain.generate;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.SuccessCriteria;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TrainingConfig;
import io.ftcoach.task.domain.Versioning;
import io.ftcoach.infra.testing.SharedDatasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

class ProjectGeneratorTest {

    /** The shared labelled data set, relative to the repository root (the module runs one level below it). */
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String DATA_SOURCE = """
            version: "1.0"
            sources:
              - name: waimai
                type: file_import
                config: {source_path: data/import/waimai_10k.csv, format: csv, encoding: utf-8, delimiter: ","}
                mapping: {text: review, label: label}
            merge: {enabled: true, deduplication: {enabled: true, key: text}, shuffle: true, random_seed: 42}
            split: {enabled: true, ratios: {train: 0.7, valid: 0.15, test: 0.15}, stratify_by: label, random_seed: 42}
            """;

    @TempDir
    Path workspace;

    private static Task task(String name, String method, Instant at) {
        boolean lora = !method.equals("full") && !method.equals("sft");
        return new Task(TaskName.of(name), "classification", "外卖", "zh-CN", "判断以下外卖评论的情感：{text}",
                "single_label", List.of("0", "1"),
                new TrainingConfig("Qwen/Qwen3-4B", method, lora ? 16 : null, lora ? 32 : null, 3, 2e-4),
                new SuccessCriteria("macro_f1", 0.85, List.of("accuracy"), 0.7), "local", Versioning.defaults(),
                LifecycleStatus.CREATED, null, at, at);
    }

    private Path taskFolder(String name) throws IOException {
        Path dir = workspace.resolve(name);
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task.yaml"), "task_name: " + name + "\n");
        Files.writeString(dir.resolve("data_source.yaml"), DATA_SOURCE);
        return dir;
    }

    private ProjectFolder.Generated generate(Task task) {
        return new ProjectFolder(new Workspace(workspace), new ProjectGenerator()).generate(task);
    }

    @Test
    void everyGeneratedScriptCompiles() throws Exception {
        for (String method : List.of("lora", "qlora", "dpo", "orpo", "full")) {
            String name = "compile-" + method;
            Path dir = taskFolder(name);
            ProjectFolder.Generated generated = generate(task(name, method, Instant.EPOCH));
            assertThat(generated.files()).extracting(GeneratedFile::path).containsSubsequence(
                    "scripts/01_regenerate_data.py", "scripts/02_validate_data.py", "scripts/03_convert_format.py",
                    "scripts/04_train.py", "scripts/05_evaluate.py", "scripts/06_upload_hf.py", "scripts/run_pipeline.sh",
                    "configs/training_config.yaml", "configs/benchmark_config.yaml", "docs/integration-guide.md",
                    "docs/annotation-guide.md", "README.md");
            for (GeneratedFile f : generated.files()) {
                assertThat(f.content()).as(f.path()).doesNotContain("@@");
                if (f.path().endsWith(".py")) {
                    Result r = run(dir, "python3", "-m", "py_compile", f.path());
                    assertThat(r.exit).as(f.path() + ": " + r.output).isZero();
                }
            }
            Result shell = run(dir, "bash", "-n", "scripts/run_pipeline.sh");
            assertThat(shell.exit).as(shell.output).isZero();
            assertThat(Files.isExecutable(dir.resolve("scripts/run_pipeline.sh"))).isTrue();
        }
    }

    @Test
    void trainingConfigCarriesTheMethodAndTheModelsRules() throws Exception {
        taskFolder("rules-qlora");
        Map<String, String> qlora = contents(generate(task("rules-qlora", "qlora", Instant.EPOCH)));
        assertThat(qlora.get("configs/training_config.yaml"))
                .contains("base_model: \"Qwen/Qwen3-4B\"").contains("enable_thinking: false")
                .contains("trust_remote_code: false").contains("load_in_4bit: true").contains("bnb_4bit_quant_type: \"nf4\"")
                .contains("method: \"qlora\"").contains("r: 16").contains("lora_alpha: 32").contains("num_train_epochs: 3")
                .contains("learning_rate: 2.0E-4").contains("load_best_model_at_end: true");
        assertThat(qlora.get("configs/benchmark_config.yaml")).contains("primary: \"macro_f1\"")
                .contains("macro_f1: 0.85").contains("per_class_floor: 0.7");
        assertThat(qlora.get("docs/integration-guide.md")).contains("enable_thinking=False").contains("vllm serve");
        assertThat(qlora.get("scripts/04_train.py")).contains("TrainerCallback").contains("resume_from_checkpoint")
                .contains("DPOTrainer").contains("ORPOTrainer").contains("SFTTrainer").contains("BitsAndBytesConfig");
        assertThat(qlora.get("scripts/05_evaluate.py")).contains("benchmarks/predictions")
                .contains("\"raw_output\"").contains("\"gold\"").contains("\"predicted\"");

        taskFolder("rules-orpo");
        Task phi = task("rules-orpo", "orpo", Instant.EPOCH);
        phi = new Task(phi.name(), phi.taskType(), phi.domain(), "en", phi.inputTemplate(), phi.outputType(), phi.labels(),
                new TrainingConfig("microsoft/Phi-4-mini-instruct", "orpo", 32, 64, 5, 1e-5), phi.successCriteria(),
                phi.executionBackend(), phi.versioning(), phi.status(), null, phi.created(), phi.updated());
        Map<String, String> orpo = contents(generate(phi));
        assertThat(orpo.get("configs/training_config.yaml")).contains("trust_remote_code: true")
                .contains("qkv_proj").contains("beta: 0.1").doesNotContain("enable_thinking").doesNotContain("load_in_4bit");
        assertThat(orpo.get("configs/data_pipeline.json")).contains("Answer with exactly one of these labels: 0, 1.");
    }

    @Test
    void theSameTaskYamlGivesByteIdenticalFiles() throws Exception {
        taskFolder("same-a");
        taskFolder("same-b");
        Map<String, String> first = contents(generate(task("same-a", "lora", Instant.parse("2026-01-01T00:00:00Z"))));
        Map<String, String> again = contents(generate(task("same-a", "lora", Instant.parse("2026-01-01T00:00:00Z"))));
        assertThat(again).isEqualTo(first);
        // timestamps and status are not part of the project: a later, configured task gives the same bytes
        Task later = task("same-a", "lora", Instant.parse("2026-03-04T05:06:07Z")).withStatus(LifecycleStatus.CONFIGURING,
                Instant.parse("2026-03-05T00:00:00Z"));
        assertThat(contents(generate(later))).isEqualTo(first);
        for (Map.Entry<String, String> f : first.entrySet()) {
            assertThat(Files.readString(workspace.resolve("same-a").resolve(f.getKey()))).isEqualTo(f.getValue());
        }
        Map<String, String> changed = contents(generate(task("same-a", "dpo", Instant.EPOCH)));
        assertThat(changed.get("configs/training_config.yaml")).isNotEqualTo(first.get("configs/training_config.yaml"));
        assertThat(changed.get("scripts/04_train.py")).isEqualTo(first.get("scripts/04_train.py"));
    }

    @Test
    void generationIsRefusedWithoutDataSourceAndWritesNothing() throws Exception {
        Path dir = workspace.resolve("no-source");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task.yaml"), "task_name: no-source\n");
        assertThatThrownBy(() -> generate(task("no-source", "lora", Instant.EPOCH)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("has no data_source.yaml yet")
                .hasMessageContaining("PUT /api/tasks/no-source/data-source").hasMessageContaining("nothing was written");
        Files.writeString(dir.resolve("data_source.yaml"), "sources: [unclosed\n");
        assertThatThrownBy(() -> generate(task("no-source", "lora", Instant.EPOCH)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("data_source.yaml is not valid YAML");
        Files.writeString(dir.resolve("data_source.yaml"), "version: \"1.0\"\n");
        assertThatThrownBy(() -> generate(task("no-source", "lora", Instant.EPOCH)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("'sources' list");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("task.yaml", "data_source.yaml");
        }
        assertThatThrownBy(() -> generate(task("never-created", "lora", Instant.EPOCH)))
                .isInstanceOf(java.util.NoSuchElementException.class).hasMessageContaining("No task named 'never-created'");
    }

    @Test
    void dataScriptsRunForRealOnTheWaimaiReviews() throws Exception {
        Path waimai = SharedDatasets.waimai();
        List<SharedDatasets.Review> reviews = SharedDatasets.waimaiReviews();
        Path dir = taskFolder("waimai-sentiment");
        Files.createDirectories(dir.resolve("data/import"));
        Files.copy(waimai, dir.resolve("data/import/waimai_10k.csv"));
        generate(task("waimai-sentiment", "dpo", Instant.EPOCH));

        Result regenerate = run(dir, "python3", "-I", "scripts/01_regenerate_data.py", "--all");
        assertThat(regenerate.exit).as(regenerate.output).isZero();
        Result validate = run(dir, "python3", "-I", "scripts/02_validate_data.py");
        assertThat(validate.exit).as(validate.output).isZero();
        assertThat(validate.output).contains("overall: PASS").contains("train").contains("short");
        Result convert = run(dir, "python3", "-I", "scripts/03_convert_format.py");
        assertThat(convert.exit).as(convert.output).isZero();

        // what the splits must hold, computed here from the CSV itself
        Map<String, String> distinct = new LinkedHashMap<>();
        for (SharedDatasets.Review row : reviews) {
            distinct.putIfAbsent(row.text().strip(), row.label());
        }
        Map<String, Long> expected = new LinkedHashMap<>();
        distinct.values().forEach(l -> expected.merge(l, 1L, Long::sum));
        assertThat(expected.keySet()).containsExactlyInAnyOrder("0", "1");

        List<JsonNode> train = jsonl(dir.resolve("data/train.jsonl"));
        List<JsonNode> valid = jsonl(dir.resolve("data/valid.jsonl"));
        List<JsonNode> test = jsonl(dir.resolve("data/test.jsonl"));
        assertThat(jsonl(dir.resolve("data/raw/waimai.jsonl"))).hasSize(reviews.size());
        assertThat(jsonl(dir.resolve("data/raw/merged.jsonl"))).hasSize(distinct.size());
        assertThat(train.size() + valid.size() + test.size()).isEqualTo(distinct.size());
        Set<String> texts = new HashSet<>();
        for (List<JsonNode> split : List.of(train, valid, test)) {
            for (JsonNode row : split) {
                assertThat(texts.add(row.get("text").asString())).as("a text in two splits").isTrue();
                assertThat(row.get("label").asString()).isEqualTo(distinct.get(row.get("text").asString()));
            }
        }
        for (String label : expected.keySet()) {
            long all = expected.get(label);
            assertThat(count(valid, label)).isCloseTo(Math.round(all * 0.15), org.assertj.core.data.Offset.offset(1L));
            assertThat(count(test, label)).isCloseTo(Math.round(all * 0.15), org.assertj.core.data.Offset.offset(1L));
            assertThat(count(train, label)).isEqualTo(all - count(valid, label) - count(test, label));
        }
        assertThat(Files.readString(dir.resolve("data/data_version.yaml")))
                .contains("train_count: " + train.size()).contains("test_count: " + test.size());

        List<JsonNode> chats = jsonl(dir.resolve("data/chat_format/train.jsonl"));
        assertThat(chats).hasSize(train.size());
        JsonNode messages = chats.get(0).get("messages");
        assertThat(messages.get(0).get("role").asString()).isEqualTo("system");
        assertThat(messages.get(0).get("content").asString()).contains("0、1");
        assertThat(messages.get(1).get("content").asString()).isEqualTo("判断以下外卖评论的情感：" + train.get(0).get("text").asString());
        assertThat(messages.get(2).get("content").asString()).isEqualTo(train.get(0).get("label").asString());
        assertThat(jsonl(dir.resolve("data/chat_format/valid.jsonl"))).hasSize(valid.size());
        List<JsonNode> pairs = jsonl(dir.resolve("data/chat_format/train_preference.jsonl"));
        assertThat(pairs).hasSize(train.size());
        for (int i = 0; i < pairs.size(); i++) {
            String chosen = pairs.get(i).get("chosen").get(0).get("content").asString();
            assertThat(chosen).isEqualTo(train.get(i).get("label").asString());
            assertThat(pairs.get(i).get("rejected").get(0).get("content").asString()).isNotEqualTo(chosen).isIn("0", "1");
        }
        assertThat(Files.exists(dir.resolve("data/chat_format/test.jsonl"))).as("test rows stay raw").isFalse();

        // seeded: a second run gives the same splits
        String before = Files.readString(dir.resolve("data/test.jsonl"));
        assertThat(run(dir, "python3", "-I", "scripts/01_regenerate_data.py").exit).isZero();
        assertThat(Files.readString(dir.resolve("data/test.jsonl"))).isEqualTo(before);

        // a bad label is reported with its file and line, and fails validation
        Files.writeString(dir.resolve("data/valid.jsonl"), "{\"text\": \"送餐很快，味道很好，下次还点\", \"label\": \"2\"}\n",
                java.nio.file.StandardOpenOption.APPEND);
        Result bad = run(dir, "python3", "-I", "scripts/02_validate_data.py");
        assertThat(bad.exit).isEqualTo(1);
        assertThat(bad.output).contains("valid.jsonl:" + (valid.size() + 1) + ": label '2' is not one of ['0', '1']")
                .contains("overall: FAIL");
    }

    /** Exercises the training callback and the evaluation helpers with stand-ins for transformers and PyYAML. */
    private static final String HARNESS = """
            import importlib, json, sys, types
            sys.path.insert(0, "scripts")
            sys.modules["yaml"] = types.ModuleType("yaml")
            transformers = types.ModuleType("transformers")
            class TrainerCallback: pass
            transformers.TrainerCallback = TrainerCallback
            sys.modules["transformers"] = transformers
            train = importlib.import_module("04_train")
            evaluate = importlib.import_module("05_evaluate")
            class State: pass
            state = State()
            state.is_world_process_zero, state.max_steps, state.global_step, state.epoch = True, 200, 0, 0.0
            callback = train.JsonProgress.create()
            callback.on_train_begin(None, state, None)
            state.global_step, state.epoch = 50, 1.0
            callback.on_log(None, state, None, logs={"loss": 0.9, "learning_rate": 1e-5})
            callback.on_log(None, state, None, logs={"eval_loss": 0.7})
            print(json.dumps({"label": [evaluate.to_label(r, ["正面", "負面", "中立"]) for r in
                              ["<think>\\n</think>\\n\\n負面", "正面", "說不上來"]]}))
            scores, per_class, matrix = evaluate.classification_metrics(["a", "b"], ["a", "a", "b", "b"], ["a", "b", "b", "b"])
            print(json.dumps({"scores": scores, "per_class": per_class, "matrix": matrix}))
            """;

    @Test
    void trainingProgressLinesAndEvaluationHelpersBehave() throws Exception {
        Path dir = taskFolder("harness");
        generate(task("harness", "lora", Instant.EPOCH));
        Files.writeString(dir.resolve("harness.py"), HARNESS);
        Result r = run(dir, "python3", "-I", "harness.py");
        assertThat(r.exit).as(r.output).isZero();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : r.output.strip().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(4);
        JsonNode progress = lines.get(0);
        assertThat(progress.get("step").asInt()).isEqualTo(50);
        assertThat(progress.get("total_steps").asInt()).isEqualTo(200);
        assertThat(progress.get("epoch").asDouble()).isEqualTo(1.0);
        assertThat(progress.get("loss").asDouble()).isEqualTo(0.9);
        assertThat(progress.get("learning_rate").asDouble()).isEqualTo(1e-5);
        assertThat(progress.get("percent").asDouble()).isEqualTo(25.0);
        assertThat(progress.has("eta_seconds")).isTrue();
        assertThat(progress.get("eval_loss").isNull()).isTrue();
        assertThat(lines.get(1).get("eval_loss").asDouble()).isEqualTo(0.7);
        assertThat(lines.get(2).get("label")).extracting(JsonNode::asString).containsExactly("負面", "正面", "說不上來");
        JsonNode metrics = lines.get(3);
        assertThat(metrics.get("scores").get("accuracy").asDouble()).isEqualTo(0.75);
        // a: P 1, R 0.5, F1 2/3; b: P 2/3, R 1, F1 0.8 → macro 0.733333
        assertThat(metrics.get("scores").get("macro_f1").asDouble()).isEqualTo(0.733333);
        assertThat(metrics.get("matrix").toString()).isEqualTo("[[1,1],[0,2]]");
        assertThat(metrics.get("per_class").get("b").get("support").asInt()).isEqualTo(2);
    }

    private static long count(List<JsonNode> rows, String label) {
        return rows.stream().filter(r -> r.get("label").asString().equals(label)).count();
    }

    private static List<JsonNode> jsonl(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private static Map<String, String> contents(ProjectFolder.Generated generated) {
        Map<String, String> out = new LinkedHashMap<>();
        generated.files().forEach(f -> out.put(f.path(), f.content()));
        return out;
    }

    record Result(int exit, String output) {
    }

    private static Result run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 5 minutes");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
