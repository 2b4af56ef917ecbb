package io.ftcoach.ingest.domain;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The verdict on a snapshot and the issues behind it, in the order the checks found them.
 *
 * @param classDistribution rows per label over all three splits
 * @param imbalanceRatio    rows of the largest class over rows of the smallest; null with fewer than two classes
 * @param labelsChecked     false when the task names no label set, so labels were not checked
 * @param summary           a few sentences the coach can show
 */
public record ValidationReport(Verdict verdict, List<ValidationIssue> issues, Map<String, Long> classDistribution,
                               Double imbalanceRatio, boolean labelsChecked, String summary) {

    public ValidationReport {
        issues = List.copyOf(issues);
        classDistribution = classDistribution == null ? Map.of()
                : Collections.unmodifiableMap(new TreeMap<>(classDistribution));
    }

    public ValidationReport(Verdict verdict, List<ValidationIssue> issues) {
        this(verdict, issues, Map.of(), null, false, null);
    }

    static ValidationReport of(List<ValidationIssue> issues) {
        Verdict verdict = issues.stream().anyMatch(ValidationIssue::isFailure) ? Verdict.FAIL
                : issues.isEmpty() ? Verdict.PASS : Verdict.WARN;
        return new ValidationReport(verdict, issues);
    }
}
