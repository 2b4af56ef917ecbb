package io.ftcoach.coach.domain.platform;

import java.util.List;

/** A task as task-service shows it: what the coach needs to talk about it. */
public record TaskInfo(String name, String taskType, String domain, String language, List<String> labels,
                       String status, String activeVersion, String primaryMetric, double threshold,
                       String baseModel, String method, Integer loraR, Integer epochs, double learningRate,
                       String executionBackend, String updated) {

    public TaskInfo {
        labels = labels == null ? List.of() : List.copyOf(labels);
    }
}
