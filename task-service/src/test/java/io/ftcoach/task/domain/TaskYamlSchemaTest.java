package io.ftcoach.task.domain;

import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** task.yaml against its JSON Schema: a complete valid file, and invalid ones with the exact path. */
class TaskYamlSchemaTest {

    static final String VALID = """
            task_name: entity-sentiment
            version: v2
            status: training
            task_type: classification
            domain: finance
            language: zh-TW
            input_template: "分析以下文本對「{entity}」的情感傾向。\\n文本：{text}"
            output_format:
              type: single_label
              labels: [正面, 負面, 中立]
              schema: {}
            training:
              base_model: Qwen/Qwen3-4B
              method: lora
              lora: {r: 32, alpha: 64}
              epochs: 8
              learning_rate: 1.0e-5
            success_criteria:
              primary_metric: macro_f1
              threshold: 0.80
              secondary_metrics: [accuracy, per_class_f1]
              per_class_floor: 0.70
            execution: {type: local, host: user@gpu-server, cuda_devices: "0"}
            versioning:
              strategy: semantic
              naming: "{task}-v{n}"
              retention: {keep_recent: 3, keep_deployed: true, keep_best: true, cleanup_exp_after: 7d}
              deploy_target: huggingface
            created: "2026-01-06T09:00:00Z"
            updated: "2026-01-07T10:30:00Z"
            notes: a person's own field
            """;

    private final YAMLMapper yaml = YAMLMapper.builder().build();
    private final TaskYamlValidator validator = new TaskYamlValidator();

    private ObjectNode valid() {
        return (ObjectNode) yaml.readTree(VALID);
    }

    @Test
    void theSpecExampleIsValid() {
        assertThat(validator.validate(valid())).isEmpty();
        ObjectNode retentionAsNumber = valid();
        retentionAsNumber.withObjectProperty("versioning").put("retention", 3);
        assertThat(validator.validate(retentionAsNumber)).isEmpty();
        ObjectNode full = valid();
        full.withObjectProperty("training").put("method", "full").remove("lora");
        assertThat(validator.validate(full)).isEmpty();
    }

    @ParameterizedTest(name = "{0} = {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "/success_criteria/threshold | 1.5            | /success_criteria/threshold | maximum value of 1",
            "/success_criteria/threshold | 0              | /success_criteria/threshold | exclusive minimum value of 0",
            "/success_criteria/threshold | \"high\"       | /success_criteria/threshold | number",
            "/success_criteria/close_band | 1             | /success_criteria/close_band | exclusive maximum value of 1",
            "/success_criteria/close_band | -0.1          | /success_criteria/close_band | minimum value of 0",
            "/task_name                  | \"Bad_Name\"   | /task_name                  | pattern",
            "/status                     | \"running\"    | /status                     | enumeration",
            "/training/method            | \"magic\"      | /training/method            | enumeration",
            "/training/epochs            | 0              | /training/epochs            | minimum value of 1",
            "/training/lora/r            | 2.5            | /training/lora/r            | integer",
            "/training/learning_rate     | -0.1           | /training/learning_rate     | exclusive minimum value of 0",
            "/version                    | \"version-1\"  | /version                    | pattern",
            "/created                    | \"yesterday\"  | /created                    | date-time",
            "/versioning/deploy_target   | \"s3\"         | /versioning/deploy_target   | enumeration",
            "/output_format/type         | \"xml\"        | /output_format/type         | enumeration"})
    void anInvalidValueIsReportedAtItsPath(String pointer, String json, String path, String expected) {
        ObjectNode node = valid();
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String field = pointer.substring(pointer.lastIndexOf('/') + 1);
        ObjectNode target = parent.isEmpty() ? node : (ObjectNode) node.at(parent);
        target.set(field, yaml.readTree(json));
        List<TaskYamlValidator.Violation> violations = validator.validate(node);
        assertThat(violations).extracting(TaskYamlValidator.Violation::path).containsExactly(path);
        assertThat(violations.get(0).expected()).contains(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            " | domain | /domain",
            "/training | base_model | /training/base_model",
            "/training | lora | /training/lora",
            "/success_criteria | primary_metric | /success_criteria/primary_metric",
            "/versioning | strategy | /versioning/strategy"})
    void aMissingFieldIsReportedAtItsPath(String parent, String field, String path) {
        ObjectNode node = valid();
        ((ObjectNode) (parent == null ? node : node.at(parent))).remove(field);
        assertThat(validator.validate(node)).extracting(Object::toString).containsExactly(path + ": is required");
    }

    @Test
    void anInvalidFileOnDiskIsReportedAndNeverOverwritten(@TempDir Path root) throws Exception {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        Task task = repo.create(new Task(TaskName.of("entity-sentiment"), "classification", List.of("a", "b"),
                SuccessCriteria.classificationDefault(), "baseline", LifecycleStatus.CREATED, null, t0, t0));
        Path file = root.resolve("entity-sentiment/task.yaml");
        String broken = Files.readString(file).replace("threshold: 0.8", "threshold: 1.5");
        Files.writeString(file, broken);

        assertThatThrownBy(() -> repo.get(task.name())).isInstanceOf(TaskYamlInvalidException.class)
                .hasMessageContaining("/success_criteria/threshold: must have a maximum value of 1");
        assertThatThrownBy(() -> repo.save(task.withStatus(LifecycleStatus.TRAINING, t0)))
                .isInstanceOf(TaskYamlInvalidException.class);
        assertThat(file).hasContent(broken);
        assertThat(repo.list()).isEmpty();

        Files.writeString(file, "task_name: [unclosed\n");
        assertThatThrownBy(() -> repo.get(task.name())).isInstanceOf(TaskYamlInvalidException.class)
                .hasMessageContaining("is not valid YAML");
    }

    @Test
    void anInvalidPatchIsRefusedWithThePathAndWritesNothing(@TempDir Path root) throws Exception {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        repo.create(new Task(TaskName.of("entity-sentiment"), "classification", List.of("a", "b"),
                SuccessCriteria.classificationDefault(), "baseline", LifecycleStatus.CREATED, null, t0, t0));
        Path file = root.resolve("entity-sentiment/task.yaml");
        String before = Files.readString(file);

        JsonNode bad = yaml.readTree("{success_criteria: {threshold: 1.5}, domain: finance}");
        assertThatThrownBy(() -> repo.patch(TaskName.of("entity-sentiment"), bad, t0.plusSeconds(5)))
                .isInstanceOf(InvalidTaskChangeException.class)
                .hasMessageContaining("nothing was written")
                .hasMessageContaining("/success_criteria/threshold: must have a maximum value of 1");
        assertThatThrownBy(() -> repo.patch(TaskName.of("entity-sentiment"), yaml.readTree("{version: v9}"), t0))
                .hasMessageContaining("'version' cannot be patched").hasMessageContaining("rollback");
        assertThat(file).hasContent(before);

        TaskRepository.Change change = repo.patch(TaskName.of("entity-sentiment"),
                yaml.readTree("{success_criteria: {threshold: 0.85}, training: {epochs: 5}, notes: hi}"), t0.plusSeconds(5));
        assertThat(change.changedFields()).containsExactly("notes", "success_criteria.threshold", "training.epochs");
        assertThat(change.task().successCriteria().threshold()).isEqualTo(0.85);
        assertThat(change.task().updated()).isEqualTo(t0.plusSeconds(5));
        assertThat(validator.validate(yaml.readTree(file.toFile()))).isEmpty();
    }

    @Test
    void theWrittenFileIsCompleteAndValid(@TempDir Path root) throws Exception {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        repo.create(new Task(TaskName.of("entity-sentiment"), "classification", List.of("a", "b"),
                SuccessCriteria.classificationDefault(), "baseline", LifecycleStatus.CREATED, null, t0, t0));
        JsonNode written = yaml.readTree(root.resolve("entity-sentiment/task.yaml").toFile());
        assertThat(validator.validate(written)).isEmpty();
        assertThat(written.path("training").path("base_model").asString()).isEqualTo("Qwen/Qwen3-4B");
        assertThat(written.path("versioning").path("retention").path("keep_recent").asInt()).isEqualTo(3);
        System.out.println(Files.readString(root.resolve("entity-sentiment/task.yaml")));
    }

    @Test
    void aRecommendedFullFineTuneIsWrittenWithoutLoraAndStaysValid(@TempDir Path root) throws Exception {
        var rec = new io.ftcoach.task.domain.recommend.Recommender().recommend(
                io.ftcoach.task.domain.recommend.RecommendationRequest.of(3000, "zh-TW", 80.0));
        TrainingConfig training = TrainingConfig.from(rec);
        assertThat(training.method()).isEqualTo("full");
        assertThat(training.loraR()).isNull();
        TaskRepository repo = new TaskRepository(new Workspace(root));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        Task task = new Task(TaskName.of("big-task"), "classification", "general", "zh-TW", "{text}", "single_label",
                List.of("a"), training, SuccessCriteria.defaultFor("classification"), "local", Versioning.defaults(),
                LifecycleStatus.CREATED, null, t0, t0);
        repo.create(task);
        JsonNode written = yaml.readTree(root.resolve("big-task/task.yaml").toFile());
        assertThat(written.path("training").has("lora")).isFalse();
        assertThat(written.path("training").path("method").asString()).isEqualTo("full");
        assertThat(repo.get(task.name())).isEqualTo(task);
    }

    @Test
    void aCreateThatWouldBeInvalidWritesNothing(@TempDir Path root) {
        TaskRepository repo = new TaskRepository(new Workspace(root));
        Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
        Task task = new Task(TaskName.of("bad-lang"), "classification", "general", "English!", "{text}",
                "single_label", List.of("a"), TrainingConfig.projectDefault(), SuccessCriteria.classificationDefault(),
                "local", Versioning.defaults(), LifecycleStatus.CREATED, null, t0, t0);
        assertThatThrownBy(() -> repo.create(task)).isInstanceOf(InvalidTaskChangeException.class)
                .hasMessageContaining("/language: does not match the regex pattern");
        assertThat(root.resolve("bad-lang")).doesNotExist();
    }
}
