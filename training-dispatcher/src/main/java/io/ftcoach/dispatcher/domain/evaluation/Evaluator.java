package io.ftcoach.dispatcher.domain.evaluation;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates a finished job: when its backend wrote test predictions ({@code benchmarks/predictions/<v>_test.jsonl},
 * an artefact of kind {@code predictions}), computes the metrics against the task's success criteria (task.yaml
 * {@code success_criteria}, default {@link SuccessCriteria#DEFAULT}) and writes {@code benchmarks/results/<v>_results.json}
 * and {@code <v>_report.md}. An extraction task (task.yaml {@code task_type: extraction}), or predictions whose
 * {@code gold} is a list of entities or BIO tags ({@link NerPredictions}), is scored on entities ({@link NerEvaluation},
 * criteria default {@link SuccessCriteria#DEFAULT_EXTRACTION}); anything else on labels ({@link Evaluation}).
 */
public final class Evaluator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Clock clock;

    public Evaluator(Clock clock) {
        this.clock = clock;
    }

    /**
     * What an evaluation produced; paths relative to the task folder.
     *
     * @param modelPath the model the predictions came from, or null when the backend named none
     */
    public record Result(EvaluationVerdict evaluation, String predictionsPath, String resultsPath, String reportPath,
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
        TaskType declared = SuccessCriteria.taskTypeFromTaskYaml(taskYaml);
        boolean entities = declared == TaskType.EXTRACTION || holdsEntities(file);
        SuccessCriteria criteria = SuccessCriteria.fromTaskYaml(taskYaml, entities ? TaskType.EXTRACTION : declared);
        List<String> labels = SuccessCriteria.labelsFromTaskYaml(taskYaml);
        String model = outcome.artifacts().stream().filter(a -> a.kind().equals("model")).map(JobArtifact::path)
                .findFirst().orElse(null);
        EvaluationVerdict evaluation;
        if (entities) {
            NerEvaluation ner = NerEvaluation.of("test", NerPredictions.read(file, labels), criteria);
            EvaluationFiles.writeNerResults(taskDir, job.request().taskId(), version, model, ner, clock.instant());
            evaluation = ner;
        } else {
            Evaluation labelled = Evaluation.of("test", labels, EvaluationFiles.readPredictions(file), criteria);
            EvaluationFiles.writeResults(taskDir, job.request().taskId(), version, model, labelled, clock.instant());
            evaluation = labelled;
        }
        return Optional.of(new Result(evaluation, predictions.get(), EvaluationFiles.resultsPath(version),
                EvaluationFiles.reportPath(version), model));
    }

    /**
     * Whether the first row's {@code gold} is a list (entities or BIO tags) rather than a label; a row that is not
     * JSON is left to the label reader to name.
     */
    static boolean holdsEntities(Path predictions) {
        try (BufferedReader in = Files.newBufferedReader(predictions, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    try {
                        return JSON.readTree(line).path("gold").isArray();
                    } catch (JacksonException e) {
                        return false;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the predictions " + predictions, e);
        }
    }
}
