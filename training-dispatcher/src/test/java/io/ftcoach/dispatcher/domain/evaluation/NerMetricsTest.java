package io.ftcoach.dispatcher.domain.evaluation;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Entity-level scores on small cases worked out by hand; each case says how its numbers come about. The BIO cases
 * follow seqeval's semantics (default mode), and the first is the example of seqeval's own README, whose published
 * output is f1 0.50 with MISC 0.00 and PER 1.00.
 */
class NerMetricsTest {

    private static final double EPS = 1e-12;

    private static NerPrediction tagged(List<String> gold, List<String> predicted) {
        return new NerPrediction("", BioTags.entities(gold, null), BioTags.entities(predicted, null), "");
    }

    /**
     * seqeval README: gold has MISC(3..6) and PER(0..2); the prediction has MISC(2..6), one token too early, and
     * PER(0..2). Exact: 1 right of 2 predicted, 2 gold → P = R = F1 = 0.5; MISC 0/1/1 → 0.0, PER 1/1/1 → 1.0;
     * macro = (0 + 1) / 2 = 0.5, weighted = (0·1 + 1·1) / 2 = 0.5. Type match: MISC(2..6) overlaps MISC(3..6) with the
     * same type, so both predictions count → 1.0.
     */
    @Test
    void seqevalsReadmeExample() {
        NerMetrics m = NerMetrics.of(List.of(
                tagged(List.of("O", "O", "O", "B-MISC", "I-MISC", "I-MISC", "O"),
                        List.of("O", "O", "B-MISC", "I-MISC", "I-MISC", "I-MISC", "O")),
                tagged(List.of("B-PER", "I-PER", "O"), List.of("B-PER", "I-PER", "O"))));

        assertThat(m.exact()).isEqualTo(new NerMetrics.Counts(1, 2, 2));
        assertThat(m.exact().precision()).isEqualTo(0.5);
        assertThat(m.exact().recall()).isEqualTo(0.5);
        assertThat(m.exact().f1()).isEqualTo(0.5);
        assertThat(m.perType()).extracting(NerMetrics.TypeScore::type, t -> t.counts().f1(), NerMetrics.TypeScore::support)
                .containsExactly(tuple("MISC", 0.0, 1L), tuple("PER", 1.0, 1L));
        assertThat(m.macro(NerMetrics.Counts::f1)).isEqualTo(0.5);
        assertThat(m.weighted(NerMetrics.Counts::f1)).isEqualTo(0.5);
        assertThat(m.typeMatch()).isEqualTo(new NerMetrics.Counts(2, 2, 2));
        assertThat(m.typeMatch().f1()).isEqualTo(1.0);
        // the second sentence has exactly its gold entities, the first does not
        assertThat(m.sentenceAccuracy()).isEqualTo(0.5);
        assertThat(m.metric("accuracy")).isEqualTo(0.5);
        assertThat(m.metric("F1")).isEqualTo(0.5);
    }

    /**
     * seqeval's default chunking: a stray I- opens a chunk (I-PER I-PER → PER 0..2); B-PER I-LOC is two chunks
     * because the type changes; B-LOC B-LOC is two chunks; E- closes a chunk and S- is a chunk of its own.
     */
    @Test
    void bioTagsAreChunkedAsSeqevalChunksThem() {
        assertThat(BioTags.entities(List.of("I-PER", "I-PER", "O"), null))
                .containsExactly(Entity.span("PER", 0, 2, ""));
        assertThat(BioTags.entities(List.of("B-PER", "I-LOC", "O", "B-LOC", "B-LOC"), List.of("a", "b", "c", "d", "e")))
                .containsExactly(Entity.span("PER", 0, 1, "a"), Entity.span("LOC", 1, 2, "b"),
                        Entity.span("LOC", 3, 4, "d"), Entity.span("LOC", 4, 5, "e"));
        assertThat(BioTags.entities(List.of("B-ORG", "E-ORG", "I-ORG", "S-PER"), null))
                .containsExactly(Entity.span("ORG", 0, 2, ""), Entity.span("ORG", 2, 3, ""), Entity.span("PER", 3, 4, ""));
        assertThatThrownBy(() -> BioTags.entities(List.of("O", "PER"), null))
                .hasMessage("Tag 2 'PER' is not O, B-<type>, I-<type>, E-<type> or S-<type>");
    }

    /**
     * Entity lists compared by text (no offsets). Sentence 1: gold {台積電 ORG, 張忠謀 PER}, predicted {台積電 ORG,
     * 張忠謀 ORG, 新竹 LOC}: only 台積電 ORG is right (張忠謀 has the wrong type, 新竹 is not gold). Sentence 2: gold
     * {台積電公司 ORG}, predicted {台積電 ORG}: not exact, but it lies inside the gold text with the same type.
     * Exact: right 1, predicted 4, gold 3 → P 0.25, R 1/3, F1 = 2·0.25·(1/3) / (0.25 + 1/3) = 2/7.
     * Type: right 2 → P 0.5, R 2/3, F1 = 2·0.5·(2/3) / (0.5 + 2/3) = 4/7.
     * Per type (exact): LOC 0 right/1 pred/0 gold → 0; ORG 1/3/2 → P 1/3, R 1/2, F1 0.4; PER 0/0/1 → 0.
     * macro F1 = 0.4 / 3; weighted F1 = (0.4·2 + 0·1) / 3 = 0.8 / 3 (LOC has no support).
     */
    @Test
    void entityListsComparedByTextAndByType() {
        NerMetrics m = NerMetrics.of(List.of(
                new NerPrediction("張忠謀創辦台積電", List.of(Entity.text("ORG", "台積電"), Entity.text("PER", "張忠謀")),
                        List.of(Entity.text("ORG", "台積電"), Entity.text("ORG", "張忠謀"), Entity.text("LOC", "新竹")), ""),
                new NerPrediction("台積電公司宣布", List.of(Entity.text("ORG", "台積電公司")),
                        List.of(Entity.text("ORG", "台積電")), "")));

        assertThat(m.exact()).isEqualTo(new NerMetrics.Counts(1, 4, 3));
        assertThat(m.exact().f1()).isCloseTo(2.0 / 7, offset(EPS));
        assertThat(m.typeMatch()).isEqualTo(new NerMetrics.Counts(2, 4, 3));
        assertThat(m.typeMatch().f1()).isCloseTo(4.0 / 7, offset(EPS));
        assertThat(m.perType()).extracting(NerMetrics.TypeScore::type, NerMetrics.TypeScore::counts).containsExactly(
                tuple("LOC", new NerMetrics.Counts(0, 1, 0)), tuple("ORG", new NerMetrics.Counts(1, 3, 2)),
                tuple("PER", new NerMetrics.Counts(0, 0, 1)));
        assertThat(m.perType().get(1).counts().f1()).isCloseTo(0.4, offset(EPS));
        assertThat(m.macro(NerMetrics.Counts::f1)).isCloseTo(0.4 / 3, offset(EPS));
        assertThat(m.weighted(NerMetrics.Counts::f1)).isCloseTo(0.8 / 3, offset(EPS));
        assertThat(m.asMap()).containsEntry("entity_f1", m.exact().f1()).containsEntry("entity_f1_type_match", m.typeMatch().f1())
                .containsEntry("macro_f1", 0.4 / 3).containsEntry("sentence_accuracy", 0.0);
    }

    /**
     * Spans: gold PER 0..3 and ORG 5..8. Predicted PER 0..3 (exact), ORG 5..7 (overlaps the gold ORG) and a second
     * ORG 6..8 (overlaps it too, but the gold ORG is taken: one gold entity answers one prediction). Exact: 1/3
     * predicted, 1/2 gold; type: 2/3, 2/2. A repeated exact prediction of PER 0..3 in another sentence finds no
     * second gold PER there, so duplicates are not rewarded.
     */
    @Test
    void spansMatchOneToOne() {
        NerMetrics m = NerMetrics.of(List.of(new NerPrediction("張忠謀創辦台積電",
                List.of(Entity.span("PER", 0, 3, "張忠謀"), Entity.span("ORG", 5, 8, "台積電")),
                List.of(Entity.span("PER", 0, 3, "張忠謀"), Entity.span("ORG", 5, 7, "台積"), Entity.span("ORG", 6, 8, "積電")),
                ""), new NerPrediction("x", List.of(Entity.span("PER", 0, 3, "")),
                List.of(Entity.span("PER", 0, 3, ""), Entity.span("PER", 0, 3, "")), "")));

        assertThat(m.exact()).isEqualTo(new NerMetrics.Counts(2, 5, 3));
        assertThat(m.typeMatch()).isEqualTo(new NerMetrics.Counts(3, 5, 3));
    }

    /** Nothing predicted (or no gold): the scores are 0, not NaN, as seqeval's zero_division default gives. */
    @Test
    void emptySidesScoreZero() {
        NerMetrics none = NerMetrics.of(List.of(new NerPrediction("", List.of(Entity.text("PER", "張三")), List.of(), "")));
        assertThat(none.exact()).isEqualTo(new NerMetrics.Counts(0, 0, 1));
        assertThat(List.of(none.exact().precision(), none.exact().recall(), none.exact().f1())).containsOnly(0.0);
        NerMetrics noGold = NerMetrics.of(List.of(new NerPrediction("", List.of(), List.of(Entity.text("PER", "張三")), "")));
        assertThat(noGold.exact().f1()).isEqualTo(0.0);
        assertThat(noGold.weighted(NerMetrics.Counts::f1)).isEqualTo(0.0);
    }

    @Test
    void readsBothShapesAndNamesTheLineAndFieldOfABadRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("v1_test.jsonl");
        Files.writeString(file, """
                {"input": "張忠謀創辦台積電", "gold": [{"type": "PER", "text": "張忠謀", "start": 0, "end": 3}], "predicted": [{"type": "PER", "text": "張忠謀"}], "raw_output": "{}"}

                {"tokens": ["張", "忠", "謀"], "gold": ["B-PER", "I-PER", "I-PER"], "predicted": ["B-PER", "I-PER", "O"]}
                """);
        List<NerPrediction> rows = NerPredictions.read(file);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).gold()).containsExactly(Entity.span("PER", 0, 3, "張忠謀"));
        assertThat(rows.get(0).predicted()).containsExactly(Entity.text("PER", "張忠謀"));
        assertThat(rows.get(1).input()).isEqualTo("張 忠 謀");
        assertThat(rows.get(1).gold()).containsExactly(Entity.span("PER", 0, 3, "張 忠 謀"));
        assertThat(rows.get(1).predicted()).containsExactly(Entity.span("PER", 0, 2, "張 忠"));
        // the first row's prediction has no span, so it is compared by text: right
        assertThat(NerMetrics.of(rows).exact()).isEqualTo(new NerMetrics.Counts(1, 2, 2));

        Files.writeString(file, "{\"gold\": [], \"predicted\": []}\n{\"gold\": [{\"text\": \"台積電\"}], \"predicted\": []}\n");
        assertThatThrownBy(() -> NerPredictions.read(file)).hasMessage(file + " line 2: 'gold' entity 1 needs a string "
                + "'type', e.g. {\"type\": \"ORG\", \"text\": \"台積電\"}");
        Files.writeString(file, "{\"gold\": [{\"type\": \"ORG\", \"start\": 4}], \"predicted\": []}\n");
        assertThatThrownBy(() -> NerPredictions.read(file)).hasMessage(file + " line 1: 'gold' entity 1 needs both "
                + "'start' and 'end' as whole numbers, or neither");
        Files.writeString(file, "{\"gold\": [\"B-PER\", \"O\"], \"predicted\": [\"O\"]}\n");
        assertThatThrownBy(() -> NerPredictions.read(file)).hasMessage(file + " line 1: 'gold' has 2 tags but "
                + "'predicted' has 1; both need one tag per token");
        Files.writeString(file, "{\"gold\": \"PER\"}\n");
        assertThatThrownBy(() -> NerPredictions.read(file)).hasMessageStartingWith(file + " line 1: 'gold' and "
                + "'predicted' must both be lists");
        Files.writeString(file, "{not json\n");
        assertThatThrownBy(() -> NerPredictions.read(file)).hasMessageStartingWith(file + " line 1 is not JSON: ");
    }
}
