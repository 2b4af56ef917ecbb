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
 * @param primaryMetric a name {@link ClassificationMetrics#canonicalName} knows, stored in its canonical spelling
 */
public record SuccessCriteria(String primaryMetric, double threshold) {

    /** The suggested default for classification (workflow-spec §5.1): macro-F1 ≥ 0.80. */
    public static final SuccessCriteria DEFAULT = new SuccessCriteria("macro_f1", 0.80);

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    public SuccessCriteria {
        primaryMetric = ClassificationMetrics.canonicalName(primaryMetric);
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("A success threshold is a score within 0..1, was " + threshold);
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
     * The task's {@code success_criteria} ({@code primary_metric}, {@code threshold}) from its task.yaml; a missing
     * file, section or field takes the value of {@link #DEFAULT}.
     *
     * @throws IllegalArgumentException when task.yaml cannot be read or names a metric the evaluation does not compute
     */
    public static SuccessCriteria fromTaskYaml(Path taskYaml) {
        if (!Files.isRegularFile(taskYaml)) {
            return DEFAULT;
        }
        JsonNode root;
        try {
            root = YAML.readTree(taskYaml.toFile());
        } catch (JacksonException e) {
            throw new IllegalArgumentException(taskYaml + " is not valid YAML: " + e.getOriginalMessage(), e);
        }
        JsonNode criteria = root == null ? null : root.path("success_criteria");
        if (criteria == null || !criteria.isObject()) {
            return DEFAULT;
        }
        String metric = criteria.path("primary_metric").isString()
                ? criteria.path("primary_metric").asString() : DEFAULT.primaryMetric();
        JsonNode t = criteria.path("threshold");
        double threshold = t.isNumber() ? t.asDouble() : t.isString() ? Double.parseDouble(t.asString().trim())
                : DEFAULT.threshold();
        return new SuccessCriteria(metric, threshold);
    }
}
