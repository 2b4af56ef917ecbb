package io.ftcoach.dispatcher.domain.baseline;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobRequest;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.TrainingSettings;
import io.ftcoach.dispatcher.domain.evaluation.Evaluation;
import io.ftcoach.dispatcher.domain.evaluation.EvaluationFiles;
import io.ftcoach.dispatcher.domain.evaluation.Prediction;
import io.ftcoach.dispatcher.domain.evaluation.SuccessCriteria;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Model;
import org.tribuo.classification.sgd.linear.LinearSGDModel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The baseline on a real dataset: waimai_10k (≈12k Chinese food-delivery reviews, 1 = positive, 0 = negative),
 * split 80/10/10 stratified with a fixed seed here, trained and evaluated as the dispatcher does.
 */
class WaimaiBaselineTest {

    @Test
    void trainsInSecondsAndGivesARealMacroF1(@TempDir Path task) throws Exception {
        List<LabeledText> rows = new ArrayList<>(TestSplits.waimai());
        assertThat(rows).hasSizeGreaterThan(11_000);
        var splits = TestSplits.stratified(rows, 0.8, 0.1, 42);
        TestSplits.write(task.resolve("data"), splits);

        List<ProgressUpdate> progress = new ArrayList<>();
        long t0 = System.nanoTime();
        long[] trained = new long[1];
        TrainingOutcome outcome = new BaselineBackend().run(job("v1"), task, p -> {
            progress.add(p);
            trained[0] = System.nanoTime();
        });
        Duration took = Duration.ofNanos(System.nanoTime() - t0);

        assertThat(outcome).isInstanceOf(TrainingOutcome.Succeeded.class);
        TrainingOutcome.Succeeded done = (TrainingOutcome.Succeeded) outcome;
        List<Prediction> predictions = EvaluationFiles.readPredictions(task.resolve("benchmarks/predictions/v1_test.jsonl"));
        assertThat(predictions).hasSize(splits.get("test").size());
        Evaluation e = Evaluation.of("test", null, predictions, SuccessCriteria.DEFAULT);
        System.out.printf("waimai_10k baseline: train %d, test %d rows; test accuracy %.4f, macro-F1 %.4f, "
                        + "weighted-F1 %.4f; valid macro-F1 %.4f; features and training %d ms, all (predict, save) %d ms; %s%n",
                splits.get("train").size(), predictions.size(), e.metrics().accuracy(), e.metrics().macroF1(),
                e.metrics().weightedF1(), done.metrics().get("eval_macro_f1"), (trained[0] - t0) / 1_000_000,
                took.toMillis(), Files.readString(task.resolve("models/baseline/v1/model_info.json"))
                        .replaceAll("\\s+", " "));

        // measured 0.88–0.89 macro-F1 on this split; the floor leaves room for JVM and library differences
        assertThat(e.metrics().macroF1()).isGreaterThan(0.85);
        assertThat(e.metrics().accuracy()).isGreaterThan(0.86);
        assertThat(e.passed()).isTrue();
        assertThat(took).isLessThan(Duration.ofSeconds(60));

        assertThat(progress).extracting(ProgressUpdate::epoch).containsExactly(1.0, 2.0, 3.0, 4.0, 5.0);
        assertThat(progress.get(4).percent()).isEqualTo(100.0);
        assertThat(progress).allSatisfy(p -> assertThat(p.loss()).isNotNull().isPositive());
        assertThat(progress.get(4).loss()).isLessThan(progress.get(0).loss());
        assertThat(done.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                org.assertj.core.groups.Tuple.tuple("model", "models/baseline/v1/model.tribuo"),
                org.assertj.core.groups.Tuple.tuple("predictions", "benchmarks/predictions/v1_test.jsonl"),
                org.assertj.core.groups.Tuple.tuple("predictions", "benchmarks/predictions/v1_valid.jsonl"));
        assertThat(done.artifacts()).allSatisfy(a -> assertThat(a.sha256()).hasSize(64));
        Model<?> model = Model.deserializeFromFile(task.resolve("models/baseline/v1/model.tribuo"));
        assertThat(model.getOutputIDInfo().getDomain()).hasSize(2);
        assertThat(task.resolve("models/baseline/v1/model_info.json")).isRegularFile();
    }

    @Test
    void theSameDataAndSeedGiveTheSamePredictions(@TempDir Path task) throws Exception {
        List<LabeledText> all = new ArrayList<>(TestSplits.waimai());
        // every fourth row: the file is sorted by label, so both labels stay in
        List<LabeledText> rows = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 4) {
            rows.add(all.get(i));
        }
        TestSplits.write(task.resolve("data"), TestSplits.stratified(rows, 0.8, 0.1, 7));
        assertThat(new BaselineBackend().run(job("v1"), task, p -> { })).isInstanceOf(TrainingOutcome.Succeeded.class);
        assertThat(new BaselineBackend().run(job("v2"), task, p -> { })).isInstanceOf(TrainingOutcome.Succeeded.class);
        assertThat(Files.readString(task.resolve("benchmarks/predictions/v2_test.jsonl")))
                .isEqualTo(Files.readString(task.resolve("benchmarks/predictions/v1_test.jsonl")));
        // the model files differ only in their provenance (when and where it was trained); the weights do not
        var v1 = (LinearSGDModel) Model.deserializeFromFile(task.resolve("models/baseline/v1/model.tribuo"));
        var v2 = (LinearSGDModel) Model.deserializeFromFile(task.resolve("models/baseline/v2/model.tribuo"));
        assertThat(v2.getWeightsCopy()).isEqualTo(v1.getWeightsCopy());
    }

    static Job job(String version) {
        return Job.queued(UUID.randomUUID().toString(), new JobRequest(UUID.randomUUID().toString(),
                UUID.randomUUID().toString(), Instant.parse("2026-11-25T10:00:00Z"), "task-service", "waimai-sentiment",
                version, null, BaselineBackend.NAME, "ab".repeat(32),
                new TrainingSettings("none", "lora", null, null, null, 5, 1e-5, null, Map.of()), List.of(), false, null),
                Instant.now()).start(Instant.now());
    }
}
