package io.ftcoach.dispatcher.domain.evaluation;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a version must reach: {@code passed = results[primaryMetric] >= threshold}, on the task's OWN primary metric
 * (workflow-spec §5.1; the old template's "always macro_f1" bug is not copied).
 *
 * @param primaryMetric a name {@link ClassificationMetrics#canonicalName} or {@link NerMetrics#canonicalName} knows,
 *                      stored in its canonical spelling (a classification name when both know it)
 */
public record SuccessCriteria(String primaryMetric, double threshold) {

    /** The suggested default for classification (workflow-spec §5.1): macro-F1 ≥ 0.80. */
    public static final SuccessCriteria DEFAULT = new SuccessCriteria("macro_f1", 0.80);
    /** The suggested default for NER (workflow-spec §5.1): entity F1 ≥ 0.70. */
    public static final SuccessCriteria DEFAULT_EXTRACTION = new SuccessCriteria("entity_f1", 0.70);

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public SuccessCriteria {
        // a name both know (f1, accuracy) reads as classification here; of(TaskType, ...) reads it for the task
        primaryMetric = !knowsClassification(primaryMetric) && NerMetrics.knows(primaryMetric)
                ? NerMetrics.canonicalName(primaryMetric) : ClassificationMetrics.canonicalName(primaryMetric);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("A success threshold is a score within 0..1, was " + threshold);
        }
    }

    private static boolean knowsClassification(String name) {
        try {
            ClassificationMetrics.canonicalName(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * The criteria of a task of {@code type}; for an extraction task a bare {@code f1}, {@code precision},
     * {@code recall} or {@code accuracy} means the entity-level score ({@link NerMetrics#canonicalName}).
     *
     * @throws IllegalArgumentException when the task type has no such metric
     */
    public static SuccessCriteria of(TaskType type, String metric, double threshold) {
        return new SuccessCriteria(type == TaskType.EXTRACTION ? NerMetrics.canonicalName(metric)
                : ClassificationMetrics.canonicalName(metric), threshold);
    }

    /** The same criteria read as an extraction task reads them: {@code accuracy} becomes the sentence accuracy. */
    public SuccessCriteria forExtraction() {
        return new SuccessCriteria(NerMetrics.canonicalName(primaryMetric), threshold);
    }

    public static SuccessCriteria defaultFor(TaskType type) {
        return type == TaskType.EXTRACTION ? DEFAULT_EXTRACTION : DEFAULT;
    }

    /**
     * The task.yaml {@code task_type}; classification when the file or the field is missing.
     *
     * @throws IllegalArgumentException naming the file and field when it is no task type
     */
    public static TaskType taskTypeFromTaskYaml(Path taskYaml) {
        JsonNode root = readYaml(taskYaml);
        if (root == null || !root.path("task_type").isString()) {
            return TaskType.CLASSIFICATION;
        }
        try {
            return TaskType.parse(root.path("task_type").asString());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(taskYaml + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode readYaml(Path taskYaml) {
        if (!Files.isRegularFile(taskYaml)) {
            return null;
        }
        try {
            return YAML.readTree(taskYaml.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(taskYaml + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
    }

    public boolean passed(ClassificationMetrics metrics) {
        return metrics.metric(primaryMetric) >= threshold;
    }

    /**
     * The task's labels in the order its task.yaml declares them: the first {@code enum} list under
     * {@code output_format} (e.g. {@code output_format: {type: json, schema: {sentiment: {enum: [正面, 負面, 中立]}}}}),
     * else a top-level {@code labels} list; empty when there is neither (the evaluation then orders labels as
     * scikit-learn does, sorted).
     */
    public static List<String> labelsFromTaskYaml(Path taskYaml) {
        if (!Files.isRegularFile(taskYaml)) {
            return List.of();
        }
        JsonNode root;
        try {
            root = YAML.readTree(taskYaml.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(taskYaml + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null) {
            return List.of();
        }
        JsonNode list = firstEnum(root.path("output_format"));
        if (list == null && root.path("labels").isArray()) {
            list = root.path("labels");
        }
        List<String> labels = new ArrayList<>();
        if (list != null) {
            list.forEach(n -> {
                if (n.isValueNode()) {
                    labels.add(n.asString());
                }
            });
        }
        return List.copyOf(labels);
    }

    private static JsonNode firstEnum(JsonNode node) {
        if (node == null || !node.isContainer()) {
            return null;
        }
        if (node.isObject() && node.path("enum").isArray()) {
            return node.path("enum");
        }
        for (JsonNode child : node) {
            JsonNode found = firstEnum(child);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    /**
     * The task's {@code success_criteria} ({@code primary_metric}, {@code threshold}) from its task.yaml, read for
     * its {@code task_type}; a missing file, section or field takes the value of {@link #defaultFor} that type
     * ({@link #DEFAULT} for classification, {@link #DEFAULT_EXTRACTION} for extraction).
     *
     * @throws IllegalArgumentException when task.yaml cannot be read or names a metric the evaluation does not compute
     */
    public static SuccessCriteria fromTaskYaml(Path taskYaml) {
        return fromTaskYaml(taskYaml, taskTypeFromTaskYaml(taskYaml));
    }

    /** As {@link #fromTaskYaml(Path)}, read for {@code type} (the predictions can show the task is an extraction). */
    public static SuccessCriteria fromTaskYaml(Path taskYaml, TaskType type) {
        JsonNode root = readYaml(taskYaml);
        if (root == null) {
            return defaultFor(type);
        }
        SuccessCriteria fallback = defaultFor(type);
        JsonNode criteria = root.path("success_criteria");
        if (!criteria.isObject()) {
            return fallback;
        }
        String metric = criteria.path("primary_metric").isString()
                ? criteria.path("primary_metric").asString() : fallback.primaryMetric();
        JsonNode t = criteria.path("threshold");
        try {
            double threshold = t.isNumber() ? t.asDouble() : t.isString() ? Double.parseDouble(t.asString().trim())
                    : fallback.threshold();
            return of(type, metric, threshold);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(taskYaml + " 'success_criteria' (task_type " + type.yamlName() + "): "
                    + e.getMessage(), e);
        }
    }
}
