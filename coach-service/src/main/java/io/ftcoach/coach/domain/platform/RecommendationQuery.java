package io.ftcoach.coach.domain.platform;

import java.util.List;

/** The facts task-service's recommendation rules decide on (spec §2.1, §3.2). */
public record RecommendationQuery(int dataSize, String language, List<String> needs, Double gpuMemoryGb,
                                  String taskType) {
}
