package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatFormatTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TaskName TASK = TaskName.of("entity-sentiment");
    private static final String TASK_YAML = """
            task_name: entity-sentiment
            task_type: classification
            domain: finance
            input_template: "分析以下文本對「{entity}」的情感傾向。\\n文本：{text}"
            output_format:
              type: json
              schema: {sentiment: {type: string, enum: [正面, 負面, 中立]}}
              labels: [正面, 負面, 中立]
            training: {base_model: Qwen/Qwen3-4B, method: %s}
            """;

    @TempDir
    Path root;

    private static DatasetSplits splits() {
        return new DatasetSplits(
                List.of(new LabeledRow("台積電營收創新高", "正面", "台積電"), new LabeledRow("鴻海股價下跌", "負面", "鴻海")),
                List.of(new LabeledRow("聯發科持平", "中立", "聯發科")),
                List.of(new LabeledRow("大立光獲利衰退", "負面", "大立光")));
    }

    @Test
    void fillsTheInputTemplateAndAnswersInTheTasksJsonShapeWithPreferencePairsForDpo() throws Exception {
        Path dir = Files.createDirectories(root.resolve(TASK.value()));
        Files.writeString(dir.resolve("task.yaml"), TASK_YAML.formatted("DPO"));
        DataWorkspace data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
        ChatFormat.TaskPrompting prompting = data.taskPrompting(TASK).orElseThrow();
        assertThat(prompting.method()).isEqualTo("dpo");
        assertThat(prompting.jsonField()).isEqualTo("sentiment");
        assertThat(prompting.systemPrompt()).isEqualTo("You are a classification model for the finance domain. "
                + "Answer with exactly one of: 正面, 負面, 中立.");

        Map<String, byte[]> files = ChatFormat.convert(splits(), prompting, 42);

        assertThat(files).containsOnlyKeys("chat_format/train.jsonl", "chat_format/valid.jsonl",
                "chat_format/test.jsonl", "chat_format/train_preference.jsonl", "chat_format/valid_preference.jsonl",
                "chat_format/test_preference.jsonl");
        List<String> train = lines(files.get("chat_format/train.jsonl"));
        assertThat(train).hasSize(2);
        JsonNode first = JSON.readTree(train.get(0));
        assertThat(first.path("messages")).extracting(m -> m.path("role").asString())
                .containsExactly("system", "user", "assistant");
        assertThat(first.path("messages").get(1).path("content").asString())
                .isEqualTo("分析以下文本對「台積電」的情感傾向。\n文本：台積電營收創新高");
        assertThat(first.path("messages").get(2).path("content").asString()).isEqualTo("{\"sentiment\":\"正面\"}");

        List<String> pairs = lines(files.get("chat_format/train_preference.jsonl"));
        assertThat(pairs).hasSize(2);
        JsonNode pair = JSON.readTree(pairs.get(1));
        assertThat(pair.path("prompt").asString()).isEqualTo("分析以下文本對「鴻海」的情感傾向。\n文本：鴻海股價下跌");
        assertThat(pair.path("chosen").asString()).isEqualTo("{\"sentiment\":\"負面\"}");
        assertThat(pair.path("rejected").asString()).isIn("{\"sentiment\":\"正面\"}", "{\"sentiment\":\"中立\"}");
        // the same seed draws the same rejected answers
        assertThat(ChatFormat.convert(splits(), prompting, 42).get("chat_format/train_preference.jsonl"))
                .isEqualTo(files.get("chat_format/train_preference.jsonl"));
    }

    @Test
    void sftGetsNoPairsAPlainLabelAnswerAndItsOwnSystemPrompt() throws Exception {
        Path dir = Files.createDirectories(root.resolve(TASK.value()));
        Files.writeString(dir.resolve("task.yaml"), """
                task_name: entity-sentiment
                input_template: "評論：{text}"
                system_prompt: 你是外送評論的情感分類器。
                output_format: {type: single_label, labels: ["1", "0"]}
                training: {method: lora}
                """);
        ChatFormat.TaskPrompting prompting = new DataWorkspace(new Workspace(root), Clock.systemUTC())
                .taskPrompting(TASK).orElseThrow();
        Map<String, byte[]> files = ChatFormat.convert(new DatasetSplits(List.of(LabeledRow.of("好吃", "1")),
                List.of(), List.of()), prompting, 1);
        assertThat(files).containsOnlyKeys("chat_format/train.jsonl", "chat_format/valid.jsonl",
                "chat_format/test.jsonl");
        assertThat(new String(files.get("chat_format/train.jsonl"), StandardCharsets.UTF_8)).isEqualTo(
                "{\"messages\":[{\"role\":\"system\",\"content\":\"你是外送評論的情感分類器。\"},{\"role\":\"user\","
                        + "\"content\":\"評論：好吃\"},{\"role\":\"assistant\",\"content\":\"1\"}]}\n");
        assertThat(files.get("chat_format/valid.jsonl")).isEmpty();

        Files.writeString(dir.resolve("task.yaml"), "task_name: entity-sentiment\nstatus: created\n");
        assertThat(new DataWorkspace(new Workspace(root), Clock.systemUTC()).taskPrompting(TASK)).isEmpty();
    }

    @Test
    void theDefaultTemplateInstructionAndInputAreTheRowsText() {
        // task.yaml's default input_template is {instruction}; the generated 03_convert_format.py reads it the same
        for (String template : List.of("{instruction}", "{input}", "{text}")) {
            Map<String, byte[]> files = ChatFormat.convert(new DatasetSplits(List.of(LabeledRow.of("好吃", "1")),
                    List.of(), List.of()), new ChatFormat.TaskPrompting(template, "s", List.of(), "sft", null), 1);
            assertThat(new String(files.get("chat_format/train.jsonl"), StandardCharsets.UTF_8)).as(template)
                    .contains("{\"role\":\"user\",\"content\":\"好吃\"}");
        }
    }

    @Test
    void aTemplateFieldTheRowsLackOrAPreferenceMethodWithOneLabelIsNamed() {
        ChatFormat.TaskPrompting unknown = new ChatFormat.TaskPrompting("{review}", "s", List.of(), "sft", null);
        assertThatThrownBy(() -> ChatFormat.convert(splits(), unknown, 1)).isInstanceOf(SourceException.class)
                .hasMessage("task.yaml: input_template uses {review}, which is not a field of the rows (they have "
                        + "text, also named input or instruction, and entity): write {text} (and {entity} for "
                        + "entity-level tasks) in input_template");
        ChatFormat.TaskPrompting entity = new ChatFormat.TaskPrompting("{entity}: {text}", "s", List.of(), "sft",
                null);
        DatasetSplits noEntity = new DatasetSplits(List.of(new LabeledRow("a", "x", "e"), LabeledRow.of("b", "y")),
                List.of(), List.of());
        assertThatThrownBy(() -> ChatFormat.convert(noEntity, entity, 1))
                .hasMessage("task.yaml: input_template uses {entity}, but train[1] has no entity: map entity in the "
                        + "sources of data_source.yaml, or take {entity} out of input_template");
        ChatFormat.TaskPrompting orpo = new ChatFormat.TaskPrompting("{text}", "s", List.of("only"), "orpo", null);
        assertThatThrownBy(() -> ChatFormat.convert(noEntity, orpo, 1))
                .hasMessage("task.yaml: training.method orpo trains on preference pairs, which need a second label to "
                        + "reject, but the task has only [only]: add labels to output_format.labels or train with "
                        + "sft/lora");
    }

    @Test
    void aRunStoresTheChatFormatInTheSnapshotUnderItsHashAndABadTemplateStoresNothing() throws Exception {
        Path dir = Files.createDirectories(root.resolve("chat-task"));
        TaskName task = TaskName.of("chat-task");
        Files.writeString(dir.resolve("task.yaml"), """
                task_name: chat-task
                input_template: "評論：{text}"
                output_format: {type: single_label, labels: [pos, neg]}
                training: {method: orpo}
                """);
        StringBuilder csv = new StringBuilder("text,label\n");
        for (int i = 0; i < 10; i++) {
            csv.append("好評").append(i).append(",pos\n差評").append(i).append(",neg\n");
        }
        Files.createDirectories(dir.resolve("data/raw"));
        Files.writeString(dir.resolve("data/raw/r.csv"), csv);
        DataWorkspace data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
        DataSourceService service = new DataSourceService(data, new DataSourceFile(n -> null));
        service.put(task, """
                version: "1.0"
                sources:
                  - name: r
                    type: file_import
                    config: {source_path: data/raw/r.csv, format: csv}
                    mapping: {text: text, label: label}
                """.getBytes(StandardCharsets.UTF_8));

        DataSnapshot first = service.run(task, null).imported().snapshot();
        assertThat(first.sourcePositions()).containsExactly(Map.entry("r",
                Sha256.hex(Files.readAllBytes(dir.resolve("data/raw/r.csv")))));
        assertThat(data.getSnapshot(task, first.snapshotId()).sourcePositions()).isEqualTo(first.sourcePositions());
        assertThat(Files.readString(dir.resolve("data/data_version.yaml"))).contains("source_positions:");
        assertThat(first.files()).extracting(SnapshotFile::split).containsExactly("train", "valid", "test",
                "chat_test", "preference_test", "chat_train", "preference_train", "chat_valid", "preference_valid");
        for (SnapshotFile f : first.files()) {
            assertThat(Sha256.hex(Files.readAllBytes(dir.resolve(f.path())))).isEqualTo(f.sha256());
        }
        assertThat(lines(Files.readAllBytes(dir.resolve("data/chat_format/train.jsonl")))).hasSize((int) first.trainCount());
        assertThat(dir.resolve("data/chat_format/train_preference.jsonl")).isRegularFile();

        // another system prompt: the same splits, another chat format, hence another snapshot; sft drops the pairs
        Files.writeString(dir.resolve("task.yaml"), """
                task_name: chat-task
                input_template: "評論：{text}"
                system_prompt: 判斷評論是好評還是差評。
                output_format: {type: single_label, labels: [pos, neg]}
                training: {method: sft}
                """);
        DataSnapshot second = service.run(task, null).imported().snapshot();
        assertThat(second.snapshotId()).isNotEqualTo(first.snapshotId());
        assertThat(second.files()).extracting(SnapshotFile::sha256).startsWith(first.files().get(0).sha256(),
                first.files().get(1).sha256(), first.files().get(2).sha256());
        assertThat(dir.resolve("data/chat_format/train_preference.jsonl")).doesNotExist();
        assertThat(dir.resolve("data/snapshots/" + first.snapshotId() + "/chat_format/train_preference.jsonl"))
                .isRegularFile();

        byte[] current = Files.readAllBytes(dir.resolve("data/chat_format/train.jsonl"));
        Files.writeString(dir.resolve("task.yaml"), "task_name: chat-task\ninput_template: \"{review}\"\n");
        assertThatThrownBy(() -> service.run(task, null)).isInstanceOf(SourceException.class)
                .hasMessageStartingWith("task.yaml: input_template uses {review}");
        assertThat(dir.resolve("data/chat_format/train.jsonl")).hasBinaryContent(current);
        assertThat(data.listSnapshots(task)).hasSize(2);
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }
}
