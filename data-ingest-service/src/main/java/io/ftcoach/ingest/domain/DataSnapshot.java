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
 * @param files             train, valid and test, in that order, then the files derived from them (chat format,
 *                          preference pairs) by name
 * @param sourcePositions   source name → where it stood when this content was first stored (a file's sha-256, an
 *                          LSN, an API's last page or cursor…), in the order the sources ran; empty for imported rows
 *                          and for manifests written before positions were recorded
 */
public record DataSnapshot(String snapshotId, Instant createdAt, long trainCount, long validCount, long testCount,
                           Map<String, Long> classDistribution, List<SnapshotFile> files,
                           Map<String, String> sourcePositions) {

    public DataSnapshot {
        classDistribution = Collections.unmodifiableMap(new TreeMap<>(classDistribution));
        files = List.copyOf(files);
        sourcePositions = sourcePositions == null ? Map.of()
                : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(sourcePositions));
    }

    public long totalCount() {
        return trainCount + validCount + testCount;
    }
}
