package io.ftcoach.lineage.domain;

import java.util.List;

/**
 * The coach's result-analyzer decision on a version (spec §2.4 step 5): MET, CLOSE, SIGNIFICANT_GAP or
 * CHOOSE_VERSION, a summary, the version it was compared with and the recommendations.
 */
public record AnalysisSection(EventRef source, String decision, String summary, String comparedWith,
                              List<String> recommendations) implements Section {

    public AnalysisSection {
        recommendations = recommendations == null ? List.of() : List.copyOf(recommendations);
    }
}
