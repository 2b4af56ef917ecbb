package io.ftcoach.coach.domain;

import java.util.List;

/**
 * What result-analyzer concluded: the decision, the numbers it rests on, what to do next, and the parent version it
 * was compared with (null when none).
 */
public record Analysis(Decision decision, String metric, double value, double threshold, String summary,
                       List<String> recommendations, String comparedWith) {

    public Analysis {
        recommendations = List.copyOf(recommendations);
    }

    public Analysis(Decision decision, String metric, double value, double threshold, String summary,
                    List<String> recommendations) {
        this(decision, metric, value, threshold, summary, recommendations, null);
    }
}
