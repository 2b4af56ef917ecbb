package io.ftcoach.lineage.domain;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class VersionComparisonTest {

    private static final Instant T1 = Instant.parse("2026-11-20T09:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-25T10:00:00Z");

    /** Spec §6.3's worked example: v1 r32, 8 epochs, macro-F1 0.72 → v2 r64, 6 epochs, 0.815. */
    static VersionLineage v1() {
        return version("v1", null, "snap-500", 32, 8,
                results("e1", T1, 0.72, 0.72, 0.78, 0.72, 0.62));
    }

    static VersionLineage v2() {
        return version("v2", "v1", "snap-700", 64, 6,
                results("e2", T2, 0.815, 0.82, 0.86, 0.81, 0.785));
    }

    static VersionLineage version(String name, String parent, String snapshot, int rank, int epochs,
                                  ResultsSection results) {
        RequestSection request = new RequestSection(new EventRef("req-" + name, T1), parent, snapshot,
                new TrainingSettings("Qwen/Qwen3-4B", "lora", rank, 2 * rank, 0.05, epochs, 1e-5, 4), List.of());
        VersionLineage l = VersionLineage.empty(VersionName.of(name)).merge(request).lineage();
        return results == null ? l : l.merge(results).lineage();
    }

    static ResultsSection results(String id, Instant at, double macroF1, double accuracy, double positive,
                                  double negative, double neutral) {
        return new ResultsSection(new EventRef(id, at), macroF1, accuracy,
                List.of(new ClassScore("positive", 0.9, 0.8, positive), new ClassScore("negative", 0.8, 0.8, negative),
                        new ClassScore("neutral", 0.7, 0.8, neutral)),
                "macro_f1", macroF1, 0.80, macroF1 >= 0.80);
    }

    @Test
    void theSpecsWorkedExampleIsAdopted() {
        VersionComparison c = VersionComparison.compare(v1(), v2());

        assertThat(c.verdict()).isEqualTo(VersionComparison.Verdict.ADOPT);
        assertThat(c.primaryMetric()).isEqualTo("macro_f1");
        assertThat(c.config()).filteredOn(VersionComparison.ConfigDelta::changed)
                .extracting(VersionComparison.ConfigDelta::setting)
                .containsExactly("lora.r", "lora.alpha", "epochs");
        VersionComparison.ConfigDelta rank = c.config().get(2);
        assertThat(rank).isEqualTo(new VersionComparison.ConfigDelta("lora.r", 32, 64, true, 32.0, 100.0));
        VersionComparison.ConfigDelta epochs = c.config().get(5);
        assertThat(epochs).isEqualTo(new VersionComparison.ConfigDelta("epochs", 8, 6, true, -2.0, -25.0));
        assertThat(c.data()).isEqualTo(new VersionComparison.DataDelta("snap-500", "snap-700", true));
        assertThat(c.metrics()).extracting(VersionComparison.MetricDelta::metric, VersionComparison.MetricDelta::deltaPoints)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("macro_f1", 9.5),
                        org.assertj.core.groups.Tuple.tuple("accuracy", 10.0),
                        org.assertj.core.groups.Tuple.tuple("f1:positive", 8.0),
                        org.assertj.core.groups.Tuple.tuple("f1:negative", 9.0),
                        org.assertj.core.groups.Tuple.tuple("f1:neutral", 16.5));
        assertThat(c.regressions()).isEmpty();
        assertThat(c.reasons()).first().asString().contains("+9.5 points");
    }

    @Test
    void aWorsePrimaryMetricIsRolledBack() {
        VersionComparison c = VersionComparison.compare(v2(), v1());
        assertThat(c.verdict()).isEqualTo(VersionComparison.Verdict.ROLL_BACK);
        assertThat(c.regressions()).extracting(VersionComparison.MetricDelta::metric)
                .containsExactly("macro_f1", "accuracy", "f1:positive", "f1:negative", "f1:neutral");
        assertThat(c.reasons()).first().asString().contains("-9.5 points", "keep v2");
    }

    @Test
    void improvedButBelowTheThresholdOrWithAClassRegressionIsIterated() {
        VersionComparison below = VersionComparison.compare(v1(),
                version("v2", "v1", "snap-700", 64, 6, results("e2", T2, 0.76, 0.77, 0.8, 0.75, 0.73)));
        assertThat(below.verdict()).isEqualTo(VersionComparison.Verdict.ITERATE);
        assertThat(below.reasons()).anyMatch(r -> r.contains("below the threshold 0.8"));

        VersionComparison classDrop = VersionComparison.compare(v1(),
                version("v2", "v1", "snap-700", 64, 6, results("e2", T2, 0.82, 0.83, 0.9, 0.69, 0.87)));
        assertThat(classDrop.verdict()).isEqualTo(VersionComparison.Verdict.ITERATE);
        assertThat(classDrop.regressions()).extracting(VersionComparison.MetricDelta::metric,
                        VersionComparison.MetricDelta::deltaPoints)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("f1:negative", -3.0));
        assertThat(classDrop.reasons()).anyMatch(r -> r.contains("class 'negative' F1 dropped -3 points"));

        VersionComparison smallDrop = VersionComparison.compare(v1(),
                version("v2", "v1", "snap-700", 64, 6, results("e2", T2, 0.82, 0.83, 0.9, 0.705, 0.87)));
        assertThat(smallDrop.verdict()).isEqualTo(VersionComparison.Verdict.ADOPT);
        assertThat(smallDrop.regressions()).hasSize(1);
    }

    @Test
    void aVersionWithoutResultsCannotBeCompared() {
        VersionLineage pending = version("v3", "v2", "snap-700", 64, 6, null);
        assertThatThrownBy(() -> VersionComparison.compare(v2(), pending))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("Version 'v3' has no results");
    }

    @Test
    void markdownHasTheConfigMetricsRegressionsAndVerdict() {
        String md = ComparisonMarkdown.render(VersionComparison.compare(v1(), v2()));
        assertThat(md).startsWith("# v1 vs v2\n")
                .contains("| setting | v1 | v2 | change |",
                        "| lora.r | 32 | 64 | +32 (+100%) |",
                        "| epochs | 8 | 6 | -2 (-25%) |",
                        "| learning_rate | 1e-05 | 1e-05 | = |",
                        "| snapshot | snap-500 | snap-700 | changed |",
                        "| **macro_f1** (primary) | 0.72 | 0.815 | +9.5 |",
                        "| neutral F1 | 0.62 | 0.785 | +16.5 |",
                        "## Regressions\n\nNone.\n",
                        "## Verdict: adopt");
    }
}
