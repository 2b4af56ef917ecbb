package io.ftcoach.ingest.domain;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A content-addressed data snapshot as its {@code manifest.json} records it. Everything here follows from the
 * files' content, except {@code createdAt}: when that content was first stored.
 *
 * @param classDistribution rows per label over all three splits, sorted by label
 * @param files             train, valid and test, in that order
 */
public record DataSnapshot(String snapshotId, Instant createdAt, long trainCount, long validCount, long testCount,
                           Map<String, Long> classDistribution, List<SnapshotFile> files) {

    public DataSnapshot {
        classDistribution = Collections.unmodifiableMap(new TreeMap<>(classDistribution));
        files = List.copyOf(files);
    }

    public long totalCount() {
        return trainCount + validCount + testCount;
    }
}
