package io.ftcoach.coach.domain.platform;

import java.util.List;
import java.util.Map;

/** data-ingest-service's validation of a snapshot: verdict, issues in words, class balance. */
public record DataValidation(String verdict, List<String> issues, Map<String, Long> classDistribution,
                             Double imbalanceRatio, String summary) {

    public DataValidation {
        issues = issues == null ? List.of() : List.copyOf(issues);
        classDistribution = classDistribution == null ? Map.of() : Map.copyOf(classDistribution);
    }
}
