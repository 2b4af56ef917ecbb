package io.ftcoach.dispatcher.domain.evaluation;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The metrics equal scikit-learn's on fixed predictions: {@code evaluation/sklearn_vectors.json} was written by
 * {@code evaluation/make_sklearn_vectors.py} (both under src/test/resources) with scikit-learn 1.2.1.
 */
class ClassificationMetricsTest {

    private static final double EPS = 1e-9;

    @TestFactory
    Stream<DynamicTest> equalsScikitLearn() throws Exception {
        JsonNode vectors;
        try (InputStream in = getClass().getResourceAsStream("/evaluation/sklearn_vectors.json")) {
            assertThat(in).as("evaluation/sklearn_vectors.json on the test classpath").isNotNull();
            vectors = JsonMapper.builder().build().readTree(in);
        }
        assertThat(vectors.path("cases").size()).isGreaterThanOrEqualTo(5);
        return vectors.path("cases").valueStream().map(c -> DynamicTest.dynamicTest(c.path("name").asString(), () -> {
            ClassificationMetrics m = ClassificationMetrics.compute(strings(c.path("labels")), strings(c.path("gold")),
                    strings(c.path("predicted")));
            JsonNode x = c.path("expected");
            assertThat(m.labels()).isEqualTo(strings(c.path("labels")));
            assertThat(m.accuracy()).isCloseTo(x.path("accuracy").asDouble(), within(EPS));
            assertThat(m.macroPrecision()).isCloseTo(x.path("macro_precision").asDouble(), within(EPS));
            assertThat(m.macroRecall()).isCloseTo(x.path("macro_recall").asDouble(), within(EPS));
            assertThat(m.macroF1()).isCloseTo(x.path("macro_f1").asDouble(), within(EPS));
            assertThat(m.weightedPrecision()).isCloseTo(x.path("weighted_precision").asDouble(), within(EPS));
            assertThat(m.weightedRecall()).isCloseTo(x.path("weighted_recall").asDouble(), within(EPS));
            assertThat(m.weightedF1()).isCloseTo(x.path("weighted_f1").asDouble(), within(EPS));
            for (ClassificationMetrics.ClassScore s : m.perClass()) {
                JsonNode e = x.path("per_class").path(s.label());
                assertThat(e.isObject()).as("expected scores for %s", s.label()).isTrue();
                assertThat(s.precision()).as("precision of %s", s.label()).isCloseTo(e.path("precision").asDouble(), within(EPS));
                assertThat(s.recall()).as("recall of %s", s.label()).isCloseTo(e.path("recall").asDouble(), within(EPS));
                assertThat(s.f1()).as("F1 of %s", s.label()).isCloseTo(e.path("f1").asDouble(), within(EPS));
                assertThat(s.support()).as("support of %s", s.label()).isEqualTo(e.path("support").asLong());
            }
            JsonNode cm = x.path("confusion_matrix");
            assertThat(m.confusion()).hasDimensions(cm.size(), cm.size());
            for (int i = 0; i < cm.size(); i++) {
                for (int j = 0; j < cm.size(); j++) {
                    assertThat(m.confusion()[i][j]).as("cell %d,%d", i, j).isEqualTo(cm.path(i).path(j).asLong());
                }
            }
        }));
    }

    @Test
    void withoutLabelsTheOrderIsTheSortedUnionAndUnknownPredictionsGetAColumn() {
        ClassificationMetrics m = ClassificationMetrics.compute(List.of("pos", "neg"),
                List.of("pos", "neg", "pos"), List.of("pos", "neg", "I think it is positive"));
        assertThat(m.labels()).containsExactly("pos", "neg", "I think it is positive");
        assertThat(m.confusion()[0]).containsExactly(1, 0, 1);
        assertThat(ClassificationMetrics.compute(null, List.of("b", "a"), List.of("c", "a")).labels())
                .containsExactly("a", "b", "c");
    }

    @Test
    void metricNamesAcceptTheUsualSpellings() {
        assertThat(ClassificationMetrics.canonicalName("macro-F1")).isEqualTo("macro_f1");
        assertThat(ClassificationMetrics.canonicalName("macroF1")).isEqualTo("macro_f1");
        assertThat(ClassificationMetrics.canonicalName("f1_weighted")).isEqualTo("weighted_f1");
        assertThat(ClassificationMetrics.canonicalName("Accuracy")).isEqualTo("accuracy");
        assertThatThrownBy(() -> ClassificationMetrics.canonicalName("bleu"))
                .hasMessageContaining("'bleu' is not one the evaluation computes").hasMessageContaining("macro_f1");
    }

    @Test
    void aMismatchOfGoldAndPredictionsIsRefused() {
        assertThatThrownBy(() -> ClassificationMetrics.compute(null, List.of("a"), List.of()))
                .hasMessageContaining("1 gold labels but 0 predictions");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asString()));
        return out;
    }
}
