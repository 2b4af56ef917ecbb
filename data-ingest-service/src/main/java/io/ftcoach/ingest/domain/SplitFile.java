package io.ftcoach.ingest.domain;

import java.nio.file.Path;

/**
 * A split's file as the validator is to read it.
 *
 * @param displayPath    how issues name the file: relative to the task folder
 * @param path           where it is on disk; null when the announced path would lie outside the task folder
 * @param expectedSha256 the hash the snapshot announced, or null when there is none to compare with
 */
public record SplitFile(String displayPath, Path path, String expectedSha256) {
}
