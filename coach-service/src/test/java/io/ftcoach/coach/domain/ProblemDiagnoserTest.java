package io.ftcoach.coach.domain;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** spec §2.3's automatic rules, thresholds, gains and priority order. */
class ProblemDiagnoserTest {

    private final ProblemDiagnoser diagnoser = new ProblemDiagnoser();

    @Test
    void belowTargetWithAWeakClassLittleDataAndALowRankGivesQuickWinsFirst() {
        Diagnosis d = diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.72, 0.80,
                Map.of("positive", 0.85, "negative", 0.80, "neutral", 0.55), 400L, Map.of("neutral", 40L),
                null, 16, 8, null, "F1 只有 72%，目標是 80%", "low_accuracy"));

        assertThat(d.status()).isEqualTo("news v1: macro_f1 0.7200 against a target of 0.80 (0.0800 short)");
        assertThat(d.symptoms()).containsExactly("Below target: macro_f1 0.7200 < 0.80",
                "Class 'neutral' is low: F1 0.55 < 0.60", "Too little data: 400 training rows < 500",
                "Model capacity: LoRA r=16 < 32");
        assertThat(d.fixes()).extracting(Diagnosis.Fix::title).containsExactly(
                "Add about 200 labelled 'neutral' examples",
                "Rebalance the classes (oversample the minority or weight the classes)",
                "Raise the LoRA rank to 64",
                "Generate more training data with an LLM, then review it");
        assertThat(d.fixes()).extracting(Diagnosis.Fix::priority).containsExactly(1, 2, 3, 4);
        assertThat(d.fixes().get(0).expectedGain()).isEqualTo("+5–10% F1");
        assertThat(d.fixes().get(0).cause()).contains("(40 rows in the snapshot)");
        assertThat(d.fixes().get(2).trainingChange()).isEqualTo(Map.of("loraRank", 64, "loraAlpha", 128));
        assertThat(d.fixes().get(3).difficulty()).isEqualTo("medium");
        assertThat(ProblemDiagnoser.report(d)).contains("1. Add about 200 labelled 'neutral' examples — cause:")
                .contains("expected +5–15%; difficulty medium");
    }

    @Test
    void atTheBoundariesNoRuleFires() {
        Diagnosis d = diagnoser.diagnose(new Evidence("news", "v2", "macro_f1", 0.85, 0.80,
                Map.of("a", 0.60, "b", 0.90), 500L, Map.of(), 2.9, 32, 3, null, null, null));
        assertThat(d.symptoms()).isEmpty();
        assertThat(d.fixes()).isEmpty();
        assertThat(d.status()).endsWith("(met)");
    }

    @Test
    void overfittingOutOfMemoryAndMissingEvidence() {
        Diagnosis d = diagnoser.diagnose(new Evidence("news", null, "accuracy", null, 0.80, Map.of(), null,
                Map.of(), 4.0, 64, 10, "CUDA out of memory\nat step 3", "train loss is low but test is bad",
                "overfitting"));
        assertThat(d.missingEvidence()).containsExactly("evaluation results", "data statistics");
        assertThat(d.symptoms()).contains("Class imbalance in the data: largest / smallest class = 4.0",
                "Training failed: CUDA out of memory");
        assertThat(d.fixes()).extracting(Diagnosis.Fix::title).contains("Fewer epochs (5) and more dropout, or early stopping",
                "Halve the batch size (or use a smaller base model)");
        assertThat(d.fixes()).allSatisfy(f -> assertThat(f.difficulty()).isEqualTo("low"));
    }

    @Test
    void onTheBaselineBackendAFixKeepsOnlyTheChangeTheBaselineApplies() {
        // the first case's evidence, for a task whose next version trains on the baseline classifier
        Diagnosis d = diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.72, 0.80,
                Map.of("positive", 0.85, "negative", 0.80, "neutral", 0.55), 400L, Map.of("neutral", 40L),
                null, 16, 8, null, "it overfits", "overfitting", "baseline"));

        // the §2.3 rules, thresholds and order are unchanged
        assertThat(d.symptoms()).contains("Model capacity: LoRA r=16 < 32",
                "Overfitting: training looks good, evaluation does not (\"it overfits\")");
        assertThat(d.fixes()).extracting(Diagnosis.Fix::title).containsExactly(
                "Add about 200 labelled 'neutral' examples",
                "Rebalance the classes (oversample the minority or weight the classes)",
                "Raise the LoRA rank to 64",
                "Fewer epochs (4) and more dropout, or early stopping",
                "Generate more training data with an LLM, then review it");
        Diagnosis.Fix rank = d.fixes().get(2);
        assertThat(rank.trainingChange()).as("a LoRA rank the baseline would ignore").isEmpty();
        assertThat(rank.how()).isEqualTo("train the next version with r=64, alpha=128 — not applied on the baseline "
                + "backend, which ignores loraAlpha, loraRank (it has no LoRA adapter and its own learning rate and "
                + "batch): train on an LLM backend for this fix");
        assertThat(d.fixes().get(3).trainingChange()).isEqualTo(Map.of("epochs", 4));
        assertThat(d.fixes().stream().filter(f -> !f.trainingChange().isEmpty()).findFirst())
                .as("the fix the coach offers").get().extracting(Diagnosis.Fix::title)
                .isEqualTo("Fewer epochs (4) and more dropout, or early stopping");
        assertThat(ProblemDiagnoser.report(d)).contains("3. Raise the LoRA rank to 64 — cause: model capacity (rank too low); "
                + "expected +2–5%; difficulty low; how: train the next version with r=64, alpha=128 — not applied on the baseline backend");

        // on an LLM backend (or one not known) the same fix keeps its change
        Diagnosis llm = diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.72, 0.80, Map.of(), 900L, Map.of(),
                null, 16, 8, null, null, null, "local"));
        assertThat(llm.fixes().get(0).trainingChange()).isEqualTo(Map.of("loraRank", 64, "loraAlpha", 128));
    }

    @Test
    void onTheBaselineAFixOfBothKindsKeepsItsEpochsAndSaysWhatItDrops() {
        Diagnosis.Fix mixed = new Diagnosis.Fix(1, "Fewer epochs and a lower rank", "overfitting", "stability", "low",
                "train with 2 epochs and r=8", Map.of("epochs", 2, "loraRank", 8));
        Diagnosis.Fix kept = ProblemDiagnoser.onTheBaseline(mixed);
        assertThat(kept.trainingChange()).isEqualTo(Map.of("epochs", 2));
        assertThat(kept.how()).isEqualTo("train with 2 epochs and r=8 — on the baseline backend only epochs is "
                + "applied; it ignores loraRank");
        Diagnosis.Fix lr = new Diagnosis.Fix(1, "Lower the learning rate by half", "learning rate too high", "stability",
                "low", "train the next version with half the learning rate", Map.of("learningRateFactor", 0.5));
        assertThat(ProblemDiagnoser.onTheBaseline(lr).trainingChange()).isEmpty();
        Diagnosis.Fix epochs = new Diagnosis.Fix(1, "Fewer epochs (1)", "overfitting", "stability", "low", "train the "
                + "next version with fewer epochs", Map.of("epochs", 1));
        assertThat(ProblemDiagnoser.onTheBaseline(epochs)).isSameAs(epochs);
    }

    @Test
    void underfittingInThePersonsWordsGivesHalfAsManyEpochsAgain() {
        for (String words : java.util.List.of("it looks like underfitting", "the model under-fits",
                "the training loss was still falling at the last epoch", "訓練 loss 還在下降", "模型欠拟合了")) {
            Diagnosis d = diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.85, 0.80, Map.of(), 9000L,
                    Map.of(), null, 128, 2, null, words, null, "baseline"));
            assertThat(d.symptoms()).as(words).containsExactly(
                    "Underfitting: the training had not settled when it ended (\"" + words + "\")");
            assertThat(d.fixes()).as(words).singleElement().satisfies(f -> {
                assertThat(f.title()).isEqualTo("More epochs (3)");
                assertThat(f.cause()).isEqualTo("too few epochs (or a LoRA rank or learning rate too low)");
                assertThat(f.trainingChange()).as("applied on the baseline too").isEqualTo(Map.of("epochs", 3));
            });
        }
        assertThat(diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.85, 0.80, Map.of(), 9000L, Map.of(),
                null, 32, 8, null, null, "underfitting")).fixes()).extracting(Diagnosis.Fix::title)
                .containsExactly("More epochs (12)");
        assertThat(diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.85, 0.80, Map.of(), 9000L, Map.of(),
                null, 32, null, null, "it underfits", null)).fixes().get(0).trainingChange()).isEqualTo(Map.of("epochs", 3));
        // the loss still high, or an overfitting complaint, is not underfitting
        assertThat(diagnoser.diagnose(new Evidence("news", "v1", "macro_f1", 0.85, 0.80, Map.of(), 9000L, Map.of(),
                null, 32, 2, null, "the validation loss is still high", null)).fixes()).isEmpty();
    }
}
