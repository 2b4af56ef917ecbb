package io.ftcoach.coach.domain.platform;

import java.util.Map;

/** One data snapshot as data-ingest-service lists it. */
public record DataSnapshot(String snapshotId, String createdAt, long trainCount, long validCount, long testCount,
                           Map<String, Long> classDistribution) {

    public DataSnapshot {
        classDistribution = classDistribution == null ? Map.of() : Map.copyOf(classDistribution);
    }
}
