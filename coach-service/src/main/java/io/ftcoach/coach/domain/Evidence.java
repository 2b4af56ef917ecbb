package io.ftcoach.coach.domain;

import java.util.Map;

/**
 * What problem-diagnoser reads (spec §2.3 step 1), gathered from task, lineage, results, data statistics and logs.
 * Unknown numbers are null: a rule that needs them does not fire, and the report says what was missing.
 *
 * @param perClassF1        per-class F1 of the version's evaluation (label → F1), empty when not evaluated
 * @param trainCount        training rows of the version's data snapshot
 * @param classDistribution rows per label in the snapshot
 * @param imbalanceRatio    largest / smallest class, as the data validation computed it
 * @param trainingFailure   the reason of a failed training run, or null
 * @param complaint         the person's own words, or null
 * @param symptom           the symptom the router recognised (intents-sample.yaml), or null
 * @param backend           the execution backend that trains the next version, the task's (baseline, local, ssh …):
 *                          a fix is only worth offering when it changes what that backend trains; null when unknown
 */
public record Evidence(String task, String version, String primaryMetric, Double value, double threshold,
                       Map<String, Double> perClassF1, Long trainCount, Map<String, Long> classDistribution,
                       Double imbalanceRatio, Integer loraRank, Integer epochs, String trainingFailure,
                       String complaint, String symptom, String backend) {

    public Evidence {
        perClassF1 = perClassF1 == null ? Map.of() : Map.copyOf(perClassF1);
        classDistribution = classDistribution == null ? Map.of() : Map.copyOf(classDistribution);
    }

    /** Evidence of a version whose backend is not known: every fix keeps its training change. */
    public Evidence(String task, String version, String primaryMetric, Double value, double threshold,
                    Map<String, Double> perClassF1, Long trainCount, Map<String, Long> classDistribution,
                    Double imbalanceRatio, Integer loraRank, Integer epochs, String trainingFailure,
                    String complaint, String symptom) {
        this(task, version, primaryMetric, value, threshold, perClassF1, trainCount, classDistribution,
                imbalanceRatio, loraRank, epochs, trainingFailure, complaint, symptom, null);
    }
}
