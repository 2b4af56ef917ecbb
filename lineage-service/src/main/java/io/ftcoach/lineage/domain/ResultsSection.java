package io.ftcoach.lineage.domain;

import java.util.List;

/**
 * What an EvaluationReady says about a version. {@code primaryValue} is null when the evaluation did not report
 * the task's primary metric.
 */
public record ResultsSection(EventRef source, double macroF1, double accuracy, List<ClassScore> perClass,
                             String primaryMetric, Double primaryValue, double threshold, boolean passed)
        implements Section {

    public ResultsSection {
        perClass = perClass == null ? List.of() : List.copyOf(perClass);
    }
}
