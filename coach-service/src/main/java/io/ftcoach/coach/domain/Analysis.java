package io.ftcoach.coach.domain;

import java.util.List;

/** What result-analyzer concluded: the decision, the numbers it rests on, and what to do next. */
public record Analysis(Decision decision, String metric, double value, double threshold, String summary,
                       List<String> recommendations) {

    public Analysis {
        recommendations = List.copyOf(recommendations);
    }
}
