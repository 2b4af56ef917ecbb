package io.ftcoach.ingest.domain;

/** The three splits a task trains, selects and tests on, in the fixed order every hash and listing uses. */
public enum Split {
    TRAIN, VALID, TEST;

    /** {@code train}, {@code valid}, {@code test}: the JSON key, the artifact kind and the file's base name. */
    public String key() {
        return name().toLowerCase();
    }

    /** {@code train.jsonl}, … (spec §5.3). */
    public String fileName() {
        return key() + ".jsonl";
    }
}
