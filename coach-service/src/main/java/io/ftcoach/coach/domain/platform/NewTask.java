package io.ftcoach.coach.domain.platform;

import java.util.List;

/**
 * What the goal-clarifier hands task-service to create a task; nulls take task-service's defaults.
 *
 * @param inputTemplate the prompt each data row fills ({@code {text}}: every data source yields rows with a
 *                      {@code text} field); null keeps task-service's bare-name default {@code {instruction}}
 */
public record NewTask(String name, String taskType, String domain, String language, List<String> labels,
                      String primaryMetric, Double threshold, Integer dataSize, Double gpuMemoryGb,
                      List<String> needs, String versioningStrategy, String deployTarget, String inputTemplate) {

    /** The template of tasks the coach creates from a conversation: the row's text, as the data sources write it. */
    public static final String ROW_TEXT_TEMPLATE = "{text}";

    public NewTask(String name, String taskType, String domain, String language, List<String> labels,
                   String primaryMetric, Double threshold, Integer dataSize, Double gpuMemoryGb,
                   List<String> needs, String versioningStrategy, String deployTarget) {
        this(name, taskType, domain, language, labels, primaryMetric, threshold, dataSize, gpuMemoryGb, needs,
                versioningStrategy, deployTarget, null);
    }
}
