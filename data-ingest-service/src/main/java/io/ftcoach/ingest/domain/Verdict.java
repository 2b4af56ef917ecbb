package io.ftcoach.ingest.domain;

/** The outcome of validating a snapshot: the worst severity among its issues, PASS when it has none. */
public enum Verdict {
    PASS, WARN, FAIL
}
