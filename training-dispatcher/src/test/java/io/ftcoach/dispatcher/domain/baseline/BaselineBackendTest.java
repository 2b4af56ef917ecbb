package io.ftcoach.dispatcher.domain.baseline;

import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.TrainingSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the baseline does with data or settings it cannot train on: a failure a person can act on, nothing written. */
class BaselineBackendTest {

    @TempDir
    Path task;

    @Test
    void missingSplitsAreADataFailureThatNamesTheFile() throws Exception {
        TrainingOutcome.Failed failed = failed(new BaselineBackend().run(WaimaiBaselineTest.job("v1"), task, p -> { }));
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.DATA);
        assertThat(failed.failure().reason()).contains("data/train.jsonl is missing", "data-ingest-service");
        assertThat(task.resolve("models")).doesNotExist();
    }

    @Test
    void oneLabelOnlyOrABrokenLineIsADataFailure() throws Exception {
        TestSplits.write(task.resolve("data"), Map.of("train", List.of(new LabeledText("好吃", "1"),
                new LabeledText("很快", "1")), "test", List.of(new LabeledText("慢", "0"))));
        TrainingOutcome.Failed oneLabel = failed(new BaselineBackend().run(WaimaiBaselineTest.job("v1"), task, p -> { }));
        assertThat(oneLabel.failure().category()).isEqualTo(FailureCategory.DATA);
        assertThat(oneLabel.failure().reason()).contains("at least two labels");

        Files.writeString(task.resolve("data/test.jsonl"), "{\"text\": \"ok\", \"label\": \"1\"}\nnot json\n");
        TrainingOutcome.Failed broken = failed(new BaselineBackend().run(WaimaiBaselineTest.job("v1"), task, p -> { }));
        assertThat(broken.failure().reason()).contains("test.jsonl line 2 cannot be used");
        assertThat(task.resolve("models")).doesNotExist();
        assertThat(task.resolve("benchmarks")).doesNotExist();
    }

    @Test
    void badSettingsAreAConfigurationFailure() throws Exception {
        Job job = Job.queued("j", new JobRequest(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.now(), "task-service", "t", "v1", null, BaselineBackend.NAME, "s",
                new TrainingSettings("none", "baseline", null, null, null, 3, 0.5, null,
                        Map.of("baseline.class_weights", "sometimes")), List.of(), false, null), Instant.now());
        TrainingOutcome.Failed failed = failed(new BaselineBackend().run(job, task, p -> { }));
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(failed.failure().reason()).contains("baseline.class_weights must be 'balanced' or 'none'");
    }

    @Test
    void optionsComeFromABaselineRequestAndItsExtraKeys() {
        TrainingSettings llm = new TrainingSettings("Qwen/Qwen3-4B", "lora", 32, 64, 0.05, 8, 1e-5, 4, Map.of());
        // epochs are epochs whatever the method; an LLM's learning rate and batch size are not the baseline's
        assertThat(BaselineOptions.from(llm)).isEqualTo(new BaselineOptions(1, 2, 2, 8, 0.5, 1, false, 42));
        assertThat(BaselineOptions.from(new TrainingSettings("Qwen/Qwen3-4B", "lora", 64, 128, 0.05, 1, 1e-5, 4,
                Map.of()))).isEqualTo(new BaselineOptions(1, 2, 2, 1, 0.5, 1, false, 42));
        assertThat(BaselineOptions.from(new TrainingSettings("none", "lora", 32, 64, null, 0, 1e-5, null, Map.of())))
                .as("no epochs in the request: the default").isEqualTo(BaselineOptions.DEFAULTS);
        TrainingSettings own = new TrainingSettings("none", "baseline", null, null, null, 3, 0.2, null,
                Map.of("baseline.ngram_max", "3", "baseline.class_weights", "balanced", "baseline.seed", "7"));
        assertThat(BaselineOptions.from(own)).isEqualTo(new BaselineOptions(1, 3, 2, 3, 0.2, 1, true, 7));
        assertThatThrownBy(() -> BaselineOptions.from(new TrainingSettings("none", "baseline", null, null, null, 3,
                0.2, null, Map.of("baseline.ngram_max", "many"))))
                .hasMessageContaining("baseline.ngram_max must be a number");
    }

    @Test
    void theSettingsTheBaselineCannotHonourAreNamedWithWhy() {
        assertThat(BaselineOptions.ignored(new TrainingSettings("Qwen/Qwen3-4B", "qlora", 128, 256, 0.05, 2, 5e-6, 4,
                Map.of()))).containsExactly(
                "base_model=Qwen/Qwen3-4B (the baseline trains its own classifier from scratch)",
                "lora_r=128 (the baseline has no LoRA adapter)",
                "lora_alpha=256 (the baseline has no LoRA adapter)",
                "lora_dropout=0.05 (the baseline has no LoRA adapter)",
                "learning_rate=5.0E-6 (an LLM's; the baseline's AdaGrad uses baseline.learning_rate, default 0.5)",
                "batch_size=4 (it goes with the LLM's learning rate; the baseline uses baseline.minibatch, default 1)");
        // baseline.* keys replace what they would have been taken from
        assertThat(BaselineOptions.ignored(new TrainingSettings("none", "sft", null, null, null, 2, 5e-6, 8,
                Map.of("baseline.learning_rate", "0.2", "baseline.minibatch", "2")))).isEmpty();
        assertThat(BaselineOptions.ignored(new TrainingSettings("none", "baseline", null, null, null, 3, 0.2, 16,
                Map.of()))).as("a baseline request's own settings").isEmpty();
    }

    @Test
    void anLlmRequestWithOtherEpochsTrainsADifferentModel(@TempDir Path task) throws Exception {
        List<LabeledText> all = new ArrayList<>(TestSplits.waimai());
        List<LabeledText> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 10) {
            rows.add(all.get(i));
        }
        TestSplits.write(task.resolve("data"), TestSplits.stratified(rows, 0.8, 0.1, 3));
        List<Double> v1Epochs = new ArrayList<>();
        List<Double> v2Epochs = new ArrayList<>();
        // what a diagnosis "fewer epochs" changes between two versions of an LLM task trained on the baseline
        TrainingOutcome v1 = new BaselineBackend().run(lora("v1", 4), task, p -> v1Epochs.add(p.epoch()));
        TrainingOutcome v2 = new BaselineBackend().run(lora("v2", 1), task, p -> v2Epochs.add(p.epoch()));
        assertThat(v1Epochs).containsExactly(1.0, 2.0, 3.0, 4.0);
        assertThat(v2Epochs).containsExactly(1.0);
        assertThat(((TrainingOutcome.Succeeded) v1).metrics()).containsEntry("epochs", 4.0);
        assertThat(((TrainingOutcome.Succeeded) v2).metrics()).containsEntry("epochs", 1.0);
        var w1 = (LinearSGDModel) Model.deserializeFromFile(task.resolve("models/baseline/v1/model.tribuo"));
        var w2 = (LinearSGDModel) Model.deserializeFromFile(task.resolve("models/baseline/v2/model.tribuo"));
        assertThat(w2.getWeightsCopy()).isNotEqualTo(w1.getWeightsCopy());
    }

    private static Job lora(String version, int epochs) {
        return Job.queued(UUID.randomUUID().toString(), new JobRequest(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), Instant.now(), "task-service", "t", version, null, BaselineBackend.NAME,
                "s", new TrainingSettings("Qwen/Qwen3-4B", "qlora", 128, 256, 0.05, epochs, 5e-6, null, Map.of()),
                List.of(), false, null), Instant.now()).start(Instant.now());
    }

    @Test
    void balancedClassWeightsTrainOnImbalancedData() throws Exception {
        List<LabeledText> all = new ArrayList<>(TestSplits.waimai());
        List<LabeledText> rows = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 10) {
            rows.add(all.get(i));
        }
        TestSplits.write(task.resolve("data"), TestSplits.stratified(rows, 0.8, 0.1, 3));
        Job job = Job.queued("j", new JobRequest(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.now(), "task-service", "t", "v1", null, BaselineBackend.NAME, "s",
                new TrainingSettings("none", "baseline", null, null, null, 3, 0.5, null,
                        Map.of("baseline.class_weights", "balanced")), List.of(), false, null), Instant.now());
        TrainingOutcome outcome = new BaselineBackend().run(job, task, p -> { });
        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        assertThat(((TrainingOutcome.Succeeded) outcome).metrics().get("eval_macro_f1")).isGreaterThan(0.7);
        assertThat(Files.readString(task.resolve("models/baseline/v1/model_info.json")))
                .contains("\"balancedClassWeights\" : true");
    }

    @Test
    void theTimeLimitEndsTheTrainingAfterAnEpochAndWritesNothing() throws Exception {
        List<LabeledText> all = new ArrayList<>(TestSplits.waimai());
        List<LabeledText> rows = new java.util.ArrayList<>();
        for (int i = 0; i < all.size(); i += 20) {
            rows.add(all.get(i));
        }
        TestSplits.write(task.resolve("data"), TestSplits.stratified(rows, 0.8, 0.1, 3));
        Job job = Job.queued("j", new JobRequest(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.now(), "task-service", "t", "v1", null, BaselineBackend.NAME, "s",
                new TrainingSettings("none", "baseline", null, null, null, 5, 0.5, null, Map.of()), List.of(), false,
                10L), Instant.now());
        AtomicLong clock = new AtomicLong();
        List<ProgressUpdate> progress = new java.util.ArrayList<>();
        // every reading of the clock is 100 s later: the limit of 10 s is passed by the first epoch
        TrainingOutcome.Failed failed = failed(new BaselineBackend(() -> clock.getAndAdd(100_000_000_000L))
                .run(job, task, progress::add));
        assertThat(failed.failure().category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(failed.failure().reason()).startsWith("The baseline training passed its time limit of 10 s after "
                + "epoch 1 of 5");
        assertThat(progress).hasSize(1);
        assertThat(task.resolve("models")).doesNotExist();
        assertThat(task.resolve("benchmarks")).doesNotExist();
    }

    private static TrainingOutcome.Failed failed(TrainingOutcome outcome) {
        assertThat(outcome).isInstanceOf(TrainingOutcome.Failed.class);
        return (TrainingOutcome.Failed) outcome;
    }
}
