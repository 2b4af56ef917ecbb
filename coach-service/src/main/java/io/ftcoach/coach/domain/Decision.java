package io.ftcoach.coach.domain;

/** result-analyzer's verdict on one version (spec §2.4 step 4, templates A–D). */
public enum Decision {
    /** The primary metric reached the target. */
    MET,
    /** Below the target by no more than the close band: small tweaks, or accept the score. */
    CLOSE,
    /** Further below: diagnose, fix, retrain. */
    SIGNIFICANT_GAP,
    /** Template D: the version scored below its parent, so the choice between them is the decision. */
    CHOOSE_VERSION
}
