package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles;
import io.ftcoach.dispatcher.domain.evaluation.SuccessCriteria;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What a deployment reads from a task folder: task.yaml (training settings, labels, Hub org), the version's
 * evaluation results ({@code benchmarks/results/<v>_results.json}), its lineage ({@code versions/<v>/lineage.yaml})
 * and the data version ({@code data/data_version.yaml}). Missing optional files read as empty.
 */
public final class TaskFacts {

    private static final YAMLMapper YAML = YAMLMapper.builder().build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path dir;
    private final String taskId;
    private final String version;
    private final JsonNode task;
    private final JsonNode results;
    private final JsonNode lineage;
    private final JsonNode dataVersion;
    private final List<String> labels;

    private TaskFacts(Path dir, String taskId, String version) {
        this.dir = dir;
        this.taskId = taskId;
        this.version = version;
        Path taskYaml = dir.resolve("task.yaml");
        if (!Files.isRegularFile(taskYaml)) {
            throw new DeploymentException(FailureCategory.CONFIGURATION,
                    "Task '" + taskId + "' has no task.yaml in " + dir + ".",
                    "Create the task first (task-service), or check FTCOACH_WORKSPACE points at the shared workspace.");
        }
        this.task = read(taskYaml, YAML);
        this.results = read(dir.resolve(EvaluationFiles.resultsPath(version)), JSON);
        this.lineage = read(dir.resolve("versions").resolve(version).resolve("lineage.yaml"), YAML);
        this.dataVersion = read(dir.resolve("data/data_version.yaml"), YAML);
        this.labels = SuccessCriteria.labelsFromTaskYaml(taskYaml);
    }

    public static TaskFacts read(Path taskDir, String taskId, String version) {
        return new TaskFacts(taskDir, taskId, version);
    }

    private static JsonNode read(Path file, tools.jackson.databind.ObjectMapper mapper) {
        if (!Files.isRegularFile(file)) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode n = mapper.readTree(file.toFile());
            return n == null ? MissingNode.getInstance() : n;
        } catch (JacksonException e) {
            throw new DeploymentException(FailureCategory.CONFIGURATION,
                    file + " cannot be read: " + e.getOriginalMessage() + ".",
                    "Repair or regenerate " + file.getFileName() + ", then request the deployment again.", e);
        }
    }

    public Path dir() {
        return dir;
    }

    public String taskId() {
        return taskId;
    }

    public String version() {
        return version;
    }

    /** The model name of this version: {@code <task>-<v>} (workflow-spec §6.1). */
    public String modelName() {
        return taskId + "-" + version;
    }

    public JsonNode task() {
        return task;
    }

    /** The evaluation results of this version, missing when it was never evaluated. */
    public JsonNode results() {
        return results;
    }

    public JsonNode lineage() {
        return lineage;
    }

    public JsonNode dataVersion() {
        return dataVersion;
    }

    /** The task's labels in task.yaml order; empty for a task without a label set. */
    public List<String> labels() {
        return labels;
    }

    public boolean evaluated() {
        return !results.isMissingNode();
    }

    public String baseModel() {
        return text(lineage.path("config").path("base_model"), text(task.path("training").path("base_model"), null));
    }

    public String method() {
        return text(lineage.path("config").path("method"), text(task.path("training").path("method"), "lora"));
    }

    public String language() {
        return text(task.path("language"), null);
    }

    public String taskType() {
        return text(task.path("task_type"), "classification");
    }

    public String domain() {
        return text(task.path("domain"), null);
    }

    public String description() {
        return text(task.path("description"), null);
    }

    public String inputTemplate() {
        return text(task.path("input_template"), null);
    }

    /** A training setting: this version's lineage config first, then task.yaml's training section. */
    public String training(String key) {
        JsonNode config = lineage.path("config");
        JsonNode fromLineage = key.startsWith("lora.") ? config.path("lora").path(key.substring(5)) : config.path(key);
        JsonNode training = task.path("training");
        JsonNode fromTask = key.startsWith("lora.") ? training.path("lora").path(key.substring(5)) : training.path(key);
        return text(fromLineage, text(fromTask, null));
    }

    public String hubOrg() {
        return text(task.path("huggingface").path("org"), null);
    }

    public String hubPrefix() {
        return text(task.path("huggingface").path("prefix"), null);
    }

    /** Whether the base model is a Qwen3, whose chat template needs thinking switched off for short answers. */
    public boolean qwen3() {
        String base = baseModel();
        return base != null && base.toLowerCase().contains("qwen3");
    }

    static String text(JsonNode n, String fallback) {
        if (n == null || n.isMissingNode() || n.isNull() || n.isContainer()) {
            return fallback;
        }
        if (n.isNumber()) {
            // YAML reads 1e-5 as a double; a person reads 0.00001 more easily than 1.0E-5
            return n.isIntegralNumber() ? n.asString()
                    : java.math.BigDecimal.valueOf(n.asDouble()).stripTrailingZeros().toPlainString();
        }
        String s = n.asString();
        return s == null || s.isBlank() ? fallback : s.trim();
    }
}
