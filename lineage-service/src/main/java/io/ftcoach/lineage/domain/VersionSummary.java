package io.ftcoach.lineage.domain;

import java.time.Instant;

/** One line of a task's version history. Fields are null while the event that gives them has not arrived. */
public record VersionSummary(String version, String parent, Instant created, String dataSnapshotId,
                             String primaryMetric, Double primaryValue, Double threshold, Boolean passed,
                             String lineagePath) {

    static VersionSummary of(VersionLineage l, String lineagePath) {
        ResultsSection r = l.results();
        return new VersionSummary(l.version().value(), l.parent(),
                l.request() == null ? null : l.request().source().occurredAt(), l.dataSnapshotId(),
                r == null ? null : r.primaryMetric(), r == null ? null : r.primaryValue(),
                r == null ? null : r.threshold(), r == null ? null : r.passed(), lineagePath);
    }
}
