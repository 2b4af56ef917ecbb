package io.ftcoach.ingest.domain;

/**
 * What storing a set of splits did.
 *
 * @param snapshot         the snapshot the task's data now is
 * @param created          false when a snapshot with this content existed already (equal content, equal id)
 * @param parentSnapshotId the snapshot the task's data was before, null for its first data
 * @param dataSourceSha256 sha-256 of the task's data_source.yaml, or of the empty string when it has none
 * @param dataVersion      the data version recorded in data/data_version.yaml, {@code YYYY-MM-DD-NNN}
 */
public record SnapshotImport(DataSnapshot snapshot, boolean created, String parentSnapshotId, String dataSourceSha256,
                             String dataVersion) {
}
