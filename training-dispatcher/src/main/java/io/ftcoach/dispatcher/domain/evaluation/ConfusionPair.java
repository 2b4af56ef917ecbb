package io.ftcoach.dispatcher.domain.evaluation;

/**
 * One kind of mistake, {@code actual → predicted}.
 *
 * @param shareOfErrors   count / all wrong predictions
 * @param shareOfActual   count / rows whose gold label is {@code actual}
 */
public record ConfusionPair(String actual, String predicted, long count, double shareOfErrors, double shareOfActual) {
}
