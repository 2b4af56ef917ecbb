package io.ftcoach.coach.domain;

/** One class's scores on the evaluation split; {@code support} is its number of rows there. */
public record ClassScore(String label, double precision, double recall, double f1, long support) {
}
