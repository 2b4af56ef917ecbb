package io.ftcoach.dispatcher.domain.evaluation;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.TrainingOutcome;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * Evaluates a finished job: when its backend wrote test predictions ({@code benchmarks/predictions/<v>_test.jsonl},
 * an artefact of kind {@code predictions}), computes the metrics against the task's success criteria (task.yaml
 * {@code success_criteria}, default {@link SuccessCriteria#DEFAULT}) and writes {@code benchmarks/results/<v>_results.json}
 * and {@code <v>_report.md}.
 */
public final class Evaluator {

    private final Clock clock;

    public Evaluator(Clock clock) {
        this.clock = clock;
    }

    /**
     * What an evaluation produced; paths relative to the task folder.
     *
     * @param modelPath the model the predictions came from, or null when the backend named none
     */
    public record Result(Evaluation evaluation, String predictionsPath, String resultsPath, String reportPath,
                         String modelPath) {
    }

    /**
     * @return empty when the job left no test predictions (nothing to evaluate)
     * @throws IllegalArgumentException when the predictions or task.yaml cannot be used, saying which and why;
     *                                  nothing is written then
     */
    public Optional<Result> evaluate(Job job, TrainingOutcome.Succeeded outcome, Path taskDir) {
        String version = job.request().version();
        String expected = EvaluationFiles.predictionsPath(version, "test");
        Optional<String> predictions = outcome.artifacts().stream()
                .filter(a -> a.kind().equals("predictions") && a.path().equals(expected))
                .map(JobArtifact::path).findFirst();
        if (predictions.isEmpty()) {
            return Optional.empty();
        }
        Path file = taskDir.resolve(predictions.get());
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Backend '" + job.request().backend() + "' reported the predictions "
                    + predictions.get() + " but the task folder " + taskDir + " has no such file");
        }
        Path taskYaml = taskDir.resolve("task.yaml");
        SuccessCriteria criteria = SuccessCriteria.fromTaskYaml(taskYaml);
        Evaluation evaluation = Evaluation.of("test", SuccessCriteria.labelsFromTaskYaml(taskYaml),
                EvaluationFiles.readPredictions(file), criteria);
        String model = outcome.artifacts().stream().filter(a -> a.kind().equals("model")).map(JobArtifact::path)
                .findFirst().orElse(null);
        EvaluationFiles.writeResults(taskDir, job.request().taskId(), version, model, evaluation, clock.instant());
        return Optional.of(new Result(evaluation, predictions.get(), EvaluationFiles.resultsPath(version),
                EvaluationFiles.reportPath(version), model));
    }
}
