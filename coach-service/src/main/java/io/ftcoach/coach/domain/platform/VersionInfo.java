package io.ftcoach.coach.domain.platform;

/** One recorded version as lineage-service lists it. */
public record VersionInfo(String version, String parent, String dataSnapshotId, String primaryMetric,
                          Double primaryValue, Double threshold, Boolean passed) {
}
