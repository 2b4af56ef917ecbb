package io.ftcoach.coach.domain.platform;

import java.util.List;

/** task-service's recommended approach, with its reasons. */
public record Recommendation(String approach, String approachDescription, String baseModel, String method,
                             Integer loraR, Integer loraAlpha, int epochs, double learningRate, boolean gpuFits,
                             List<String> rationale, List<String> warnings) {

    public Recommendation {
        rationale = rationale == null ? List.of() : List.copyOf(rationale);
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
