package io.ftcoach.ingest.domain;

/**
 * One finding of the data-validation hook.
 *
 * @param severity {@code warn} (train anyway, but look) or {@code fail} (fix before training)
 * @param check    which check found it: json, encoding, required_fields, labels, text_length, replacement_chars,
 *                 duplicates (within a split), leakage (across splits), pii, distribution, imbalance, empty_split,
 *                 file, checksum
 * @param file     the file, relative to the task folder; null for findings about the whole snapshot
 * @param line     1-based line in that file; null when the finding is not about one line
 * @param field    the row field concerned, e.g. {@code text}; null when none
 * @param message  what is wrong and what to do about it
 */
public record ValidationIssue(String severity, String check, String file, Integer line, String field, String message) {

    public static final String WARN = "warn";
    public static final String FAIL = "fail";

    public boolean isFailure() {
        return FAIL.equals(severity);
    }
}
