package io.ftcoach.coach.domain;

/** result-analyzer's verdict on one version (spec §2.4 step 4, templates A–C). */
public enum Decision {
    /** The primary metric reached the target. */
    MET,
    /** Below the target by no more than the close band: small tweaks, or accept the score. */
    CLOSE,
    /** Further below: diagnose, fix, retrain. */
    SIGNIFICANT_GAP
}
