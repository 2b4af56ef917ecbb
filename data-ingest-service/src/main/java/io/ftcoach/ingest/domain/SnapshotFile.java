package io.ftcoach.ingest.domain;

/**
 * One file of a snapshot.
 *
 * @param split  {@code train}, {@code valid} or {@code test}
 * @param path   relative to the task folder, e.g. {@code data/snapshots/<id>/train.jsonl}
 * @param sha256 lower-case hex sha-256 of the file's bytes
 */
public record SnapshotFile(String split, String path, String sha256) {
}
