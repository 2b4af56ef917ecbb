package io.ftcoach.lineage.domain;

/** One class's evaluation scores. */
public record ClassScore(String label, double precision, double recall, double f1) {
}
