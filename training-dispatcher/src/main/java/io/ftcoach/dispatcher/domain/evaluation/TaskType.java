package io.ftcoach.dispatcher.domain.evaluation;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kind of task, task.yaml {@code task_type} (workflow-spec §5.1). It decides how a version is evaluated:
 * {@link #EXTRACTION} on entities ({@link NerMetrics}), everything else on labels ({@link ClassificationMetrics}).
 */
public enum TaskType {
    CLASSIFICATION, EXTRACTION, GENERATION, QA;

    /** The task.yaml spelling. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @param value null or blank: the default, classification
     * @throws IllegalArgumentException for a value that is no task type, naming those there are
     */
    public static TaskType parse(String value) {
        if (value == null || value.isBlank()) {
            return CLASSIFICATION;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("ner")) {
            return EXTRACTION;
        }
        return Arrays.stream(values()).filter(t -> t.yamlName().equals(v)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'task_type' is '" + value + "', expected one of "
                        + String.join(", ", Arrays.stream(values()).map(TaskType::yamlName).toList())));
    }
}
