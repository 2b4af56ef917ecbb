package io.ftcoach.coach.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResultAnalyzerTest {

    private final ResultAnalyzer analyzer = new ResultAnalyzer(ResultAnalyzer.DEFAULT_CLOSE_BAND);

    @ParameterizedTest(name = "{0} {1} vs {2} (macro-F1 {3}, accuracy {4}) → {5}")
    @CsvSource({
            // primary metric, its value, threshold, macro_f1, accuracy, decision
            "macro_f1, 0.815, 0.80, 0.815, 0.82, MET",
            "macro_f1, 0.80,  0.80, 0.80,  0.82, MET",                // at the threshold counts as met (spec §5.1 ≥)
            "macro_f1, 0.78,  0.80, 0.78,  0.90, CLOSE",
            "macro_f1, 0.75,  0.80, 0.75,  0.90, CLOSE",              // exactly the band: 0.80 − 0.75 in doubles
            "macro_f1, 0.7499,0.80, 0.7499,0.90, SIGNIFICANT_GAP",
            "macro_f1, 0.62,  0.80, 0.62,  0.95, SIGNIFICANT_GAP",    // a high accuracy does not rescue macro-F1
            "accuracy, 0.91,  0.90, 0.55,  0.91, MET",                // judged on accuracy though macro-F1 is poor
            "accuracy, 0.87,  0.90, 0.95,  0.87, CLOSE",
            "accuracy, 0.70,  0.90, 0.95,  0.70, SIGNIFICANT_GAP",
    })
    void decidesOnTheTasksOwnPrimaryMetric(String metric, double value, double threshold, double macroF1,
                                           double accuracy, Decision expected) {
        EvaluationResult r = result(metric, threshold, Map.of(metric, value), macroF1, accuracy, List.of());

        Analysis a = analyzer.analyze(r);

        assertThat(a.decision()).isEqualTo(expected);
        assertThat(a.metric()).isEqualTo(metric);
        assertThat(a.value()).isEqualTo(value);
        assertThat(a.summary()).contains(metric + " " + String.format(java.util.Locale.ROOT, "%.4f", value))
                .contains(String.format(java.util.Locale.ROOT, "target of %.4f", threshold));
    }

    @Test
    void fallsBackToTheDedicatedFieldsWhenTheMetricsMapLacksThePrimaryMetric() {
        assertThat(analyzer.analyze(result("macro_f1", 0.80, Map.of(), 0.77, 0.99, List.of())).decision())
                .isEqualTo(Decision.CLOSE);
        assertThat(analyzer.analyze(result("accuracy", 0.80, Map.of(), 0.99, 0.60, List.of())).decision())
                .isEqualTo(Decision.SIGNIFICANT_GAP);
        // macroF1, macro-f1 and macro_f1 are one metric
        assertThat(ResultAnalyzer.primaryValue(result("macro_f1", 0.8, Map.of("macroF1", 0.66), 0.1, 0.1, List.of())))
                .isEqualTo(0.66);
    }

    @Test
    void aTasksOwnCloseBandReplacesTheConfiguredOne() {
        EvaluationResult r = result("macro_f1", 0.80, Map.of("macro_f1", 0.72), 0.72, 0.9, List.of());
        assertThat(analyzer.analyze(r).decision()).isEqualTo(Decision.SIGNIFICANT_GAP);
        assertThat(analyzer.analyze(r, 0.10).decision()).isEqualTo(Decision.CLOSE);
        assertThat(analyzer.analyze(r, 0.10).summary()).contains("within the 0.10 band");
        assertThat(analyzer.analyze(r, null).decision()).isEqualTo(Decision.SIGNIFICANT_GAP);
        assertThatThrownBy(() -> analyzer.analyze(r, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("close band");
    }

    @Test
    void refusesToJudgeAMetricTheEvaluationDidNotReport() {
        EvaluationResult r = result("entity_f1", 0.70, Map.of("accuracy", 0.9), 0.9, 0.9, List.of());
        assertThatThrownBy(() -> analyzer.analyze(r)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("primary metric 'entity_f1'").hasMessageContaining("[accuracy]");
    }

    @Test
    void aGapNamesTheWeakClassesTheMainConfusionAndTheImbalance() {
        List<ClassScore> perClass = List.of(new ClassScore("positive", 0.8, 0.9, 0.85, 120),
                new ClassScore("negative", 0.7, 0.6, 0.65, 60), new ClassScore("neutral", 0.5, 0.45, 0.47, 30));
        EvaluationResult r = new EvaluationResult("entity-sentiment", "v1", "macro_f1", 0.80,
                Map.of("macro_f1", 0.66), 0.66, 0.74, perClass, List.of("positive", "negative", "neutral"),
                List.of(List.of(108L, 8L, 4L), List.of(20L, 36L, 4L), List.of(12L, 4L, 14L)));

        Analysis a = analyzer.analyze(r);

        assertThat(a.decision()).isEqualTo(Decision.SIGNIFICANT_GAP);
        assertThat(a.summary()).isEqualTo("entity-sentiment v1: macro_f1 0.6600 against a target of 0.8000 "
                + "(82.5% of target) — significant gap ❌: 0.1400 short (close band 0.05).");
        assertThat(a.recommendations()).containsExactly(
                "Per-class F1 below 0.70: neutral 0.47, negative 0.65; add or re-check labelled examples of those classes.",
                "Most frequent confusion: negative predicted as positive, 20 of 60 negative rows (33%); review those error samples.",
                "Classes are imbalanced: positive has 120 evaluation rows, neutral only 30 (4.0×); rebalance the training data or weight the classes.",
                "Diagnose before retraining: the problem-diagnoser ranks causes and fixes; then fix, train the next version and re-evaluate.");
    }

    @Test
    void metSuggestsDeployingAndStillFlagsAWeakClass() {
        List<ClassScore> perClass = List.of(new ClassScore("a", 0.9, 0.9, 0.9, 50), new ClassScore("b", 0.7, 0.66, 0.68, 45));
        Analysis a = analyzer.analyze(result("macro_f1", 0.78, Map.of("macro_f1", 0.79), 0.79, 0.8, perClass));
        assertThat(a.decision()).isEqualTo(Decision.MET);
        assertThat(a.recommendations()).containsExactly(
                "Deploy v3 with /deploy t v3, or keep optimising one change at a time.",
                "Per-class F1 below 0.70: b 0.68; add or re-check labelled examples of that class.");
    }

    @Test
    void theCloseBandIsASetting() {
        EvaluationResult r = result("macro_f1", 0.80, Map.of("macro_f1", 0.72), 0.72, 0.8, List.of());
        assertThat(new ResultAnalyzer(0.05).analyze(r).decision()).isEqualTo(Decision.SIGNIFICANT_GAP);
        assertThat(new ResultAnalyzer(0.10).analyze(r).decision()).isEqualTo(Decision.CLOSE);
        assertThat(new ResultAnalyzer(0.0).analyze(r).decision()).isEqualTo(Decision.SIGNIFICANT_GAP);
        assertThatThrownBy(() -> new ResultAnalyzer(-0.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-0.01");
        assertThatThrownBy(() -> new ResultAnalyzer(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theParentComparisonAddsTheDeltaAndARegressionBecomesAVersionChoice() {
        EvaluationResult r = result("macro_f1", 0.80, Map.of("macro_f1", 0.78), 0.78, 0.8, List.of());
        Analysis better = analyzer.compareWithParent(analyzer.analyze(r), "t", "v3", "v2", 0.72);
        assertThat(better.decision()).isEqualTo(Decision.CLOSE);
        assertThat(better.comparedWith()).isEqualTo("v2");
        assertThat(better.recommendations().get(0))
                .isEqualTo("Against its parent v2: macro_f1 0.7200 → 0.7800 (+0.0600). The change helped.");

        Analysis worse = analyzer.compareWithParent(analyzer.analyze(r), "t", "v3", "v2", 0.81);
        assertThat(worse.decision()).isEqualTo(Decision.CHOOSE_VERSION);
        assertThat(worse.summary()).isEqualTo("t v3 regressed against v2: macro_f1 0.7800 against 0.8100 — choose v2.");
        assertThat(worse.recommendations().get(0)).startsWith(
                "Against its parent v2: macro_f1 0.8100 → 0.7800 (-0.0300). Choose v2: it scores 0.0300 higher");
    }

    private static EvaluationResult result(String metric, double threshold, Map<String, Double> metrics,
                                           double macroF1, double accuracy, List<ClassScore> perClass) {
        return new EvaluationResult("t", "v3", metric, threshold, metrics, macroF1, accuracy, perClass, List.of(),
                List.of());
    }
}
