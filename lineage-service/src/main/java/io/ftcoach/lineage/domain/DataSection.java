package io.ftcoach.lineage.domain;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What a DataUpdated says about one data snapshot of a task: counts, class distribution, the hash of the
 * data_source.yaml that produced it, its files and the source positions (PostgreSQL LSN, API cursor, file hash) it
 * was read up to. A version points at a snapshot by id; the snapshot is recorded once per task and shared.
 */
public record DataSection(EventRef source, String snapshotId, String parentSnapshotId, String dataSourceSha256,
                          long trainCount, long validCount, long testCount, Map<String, Long> classDistribution,
                          List<DataFile> files, List<SourcePosition> sourcePositions, RowChanges changesSinceTrained)
        implements Section {

    /** Snapshot ids become file names: content hashes such as {@code sha256-9f2c…} or {@code sha256:9f2c…}. */
    private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    public DataSection {
        requireSnapshotId(snapshotId);
        // labels sorted, since the event's map has no order and the files must not depend on it
        classDistribution = classDistribution == null ? Map.of() : new TreeMap<>(classDistribution);
        files = files == null ? List.of() : List.copyOf(files);
        sourcePositions = sourcePositions == null ? List.of() : List.copyOf(sourcePositions);
    }

    public static String requireSnapshotId(String snapshotId) {
        if (snapshotId == null || !SAFE_ID.matcher(snapshotId).matches()) {
            throw new IllegalArgumentException("Data snapshot id '" + snapshotId + "' cannot name a file: expected "
                    + "at most 128 letters, digits, '.', '_', ':' or '-', e.g. sha256-9f2c");
        }
        return snapshotId;
    }

    public long totalCount() {
        return trainCount + validCount + testCount;
    }

    /** One file of the snapshot: its split (train, valid, test …), path relative to the task, and hash. */
    public record DataFile(String split, String path, String sha256) {
    }

    /** How far one source was read: {@code sourceType} database, api, web_scrape, llm_generated or file_import. */
    public record SourcePosition(String sourceName, String sourceType, String position) {
    }

    /** Rows added, changed and removed since the snapshot the latest trained version used. */
    public record RowChanges(String sinceSnapshotId, String sinceVersion, long added, long changed, long removed) {
    }
}
