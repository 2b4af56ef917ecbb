package io.ftcoach.coach.domain.platform;

import java.util.List;

/** What the goal-clarifier hands task-service to create a task; nulls take task-service's defaults. */
public record NewTask(String name, String taskType, String domain, String language, List<String> labels,
                      String primaryMetric, Double threshold, Integer dataSize, Double gpuMemoryGb,
                      List<String> needs, String versioningStrategy, String deployTarget) {
}
