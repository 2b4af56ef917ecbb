package io.ftcoach.coach.domain.platform;

import java.util.List;

/**
 * A task as task-service shows it: what the coach needs to talk about it.
 *
 * @param closeBand the task's own "close to target" band (task.yaml success_criteria.close_band); null when the
 *                  task leaves it to the coach's configured default
 */
public record TaskInfo(String name, String taskType, String domain, String language, List<String> labels,
                       String status, String activeVersion, String primaryMetric, double threshold,
                       String baseModel, String method, Integer loraR, Integer epochs, double learningRate,
                       String executionBackend, String updated, Double closeBand) {

    public TaskInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }

    public TaskInfo(String name, String taskType, String domain, String language, List<String> labels,
                    String status, String activeVersion, String primaryMetric, double threshold,
                    String baseModel, String method, Integer loraR, Integer epochs, double learningRate,
                    String executionBackend, String updated) {
        this(name, taskType, domain, language, labels, status, activeVersion, primaryMetric, threshold, baseModel,
                method, loraR, epochs, learningRate, executionBackend, updated, null);
    }
}
