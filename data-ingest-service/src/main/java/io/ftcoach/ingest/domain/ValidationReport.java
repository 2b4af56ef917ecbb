package io.ftcoach.ingest.domain;

import java.util.List;

/** The verdict on a snapshot and the issues behind it, in the order the checks found them. */
public record ValidationReport(Verdict verdict, List<ValidationIssue> issues) {

    public ValidationReport {
        issues = List.copyOf(issues);
    }

    static ValidationReport of(List<ValidationIssue> issues) {
        Verdict verdict = issues.stream().anyMatch(ValidationIssue::isFailure) ? Verdict.FAIL
                : issues.isEmpty() ? Verdict.PASS : Verdict.WARN;
        return new ValidationReport(verdict, issues);
    }
}
