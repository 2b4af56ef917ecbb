package io.ftcoach.task.domain.recommend;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What the recommender needs to know.
 *
 * @param dataSize        labelled samples available (or planned)
 * @param language        the data's language, e.g. zh-TW, zh-CN, en
 * @param needs           what matters most, first = most important; empty = none stated
 * @param gpuMemoryGb     memory of the GPU to train on; null = not known yet
 * @param taskType        classification, extraction, generation or qa
 * @param preferenceData  preference pairs (chosen / rejected) are available
 * @param strongAlignment strong alignment to preferences is needed
 */
public record RecommendationRequest(int dataSize, String language, List<Need> needs, Double gpuMemoryGb,
                                    String taskType, boolean preferenceData, boolean strongAlignment) {

    public static final Set<String> TASK_TYPES = Set.of("classification", "extraction", "generation", "qa");

    public RecommendationRequest {
        if (dataSize < 0) {
            throw new IllegalArgumentException("dataSize must be 0 or more labelled samples, was " + dataSize);
        }
        if (gpuMemoryGb != null && !(gpuMemoryGb > 0 && gpuMemoryGb <= 2048)) {
            throw new IllegalArgumentException("gpuMemoryGb must be between 0 and 2048 GB when given, was " + gpuMemoryGb);
        }
        language = language == null || language.isBlank() ? "zh-TW" : language.trim();
        taskType = taskType == null || taskType.isBlank() ? "classification" : taskType.trim().toLowerCase(Locale.ROOT);
        if (!TASK_TYPES.contains(taskType)) {
            throw new IllegalArgumentException("taskType '" + taskType + "' is not known; use classification, "
                    + "extraction, generation or qa");
        }
        needs = needs == null ? List.of() : List.copyOf(needs);
    }

    public static RecommendationRequest of(int dataSize, String language, Double gpuMemoryGb, Need... needs) {
        return new RecommendationRequest(dataSize, language, List.of(needs), gpuMemoryGb, "classification", false, false);
    }

    public boolean chineseLanguage() {
        return language.toLowerCase(Locale.ROOT).startsWith("zh");
    }
}
