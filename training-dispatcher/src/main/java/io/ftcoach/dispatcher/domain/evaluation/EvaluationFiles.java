package io.ftcoach.dispatcher.domain.evaluation;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation's files in a task folder (workflow-spec §5.3, §5.6), every one written atomically:
 * <ul>
 *     <li>{@code benchmarks/predictions/<v>_<split>.jsonl}: {@code input, gold, predicted, raw_output} a line;</li>
 *     <li>{@code benchmarks/results/<v>_results.json}: the metrics, per-class scores, confusion matrix in label
 *     order (row = actual), the confusion pairs, pass criteria, overall status and the first errors;</li>
 *     <li>{@code benchmarks/results/<v>_report.md}: the same for a person.</li>
 * </ul>
 * An extraction (NER) task's results keep the layout with entity-level content ({@link #writeNerResults}).
 */
public final class EvaluationFiles {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final JsonMapper JSON_LINE = JsonMapper.builder().build();

    private EvaluationFiles() {
    }

    /** Relative to the task folder. */
    public static String predictionsPath(String version, String split) {
        return "benchmarks/predictions/" + version + "_" + split + ".jsonl";
    }

    public static String resultsPath(String version) {
        return "benchmarks/results/" + version + "_results.json";
    }

    public static String reportPath(String version) {
        return "benchmarks/results/" + version + "_report.md";
    }

    public static void writePredictions(Path file, List<Prediction> predictions) {
        StringBuilder out = new StringBuilder();
        for (Prediction p : predictions) {
            Map<String, String> row = new LinkedHashMap<>();
            row.put("input", p.input());
            row.put("gold", p.gold());
            row.put("predicted", p.predicted());
            row.put("raw_output", p.rawOutput());
            out.append(JSON_LINE.writeValueAsString(row)).append('\n');
        }
        AtomicFiles.writeString(file, out.toString());
    }

    /**
     * @throws IllegalArgumentException naming the file and line of a row that is not a prediction
     */
    public static List<Prediction> readPredictions(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the predictions " + file, e);
        }
        List<Prediction> out = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON_LINE.readTree(line);
                if (!n.path("gold").isString() || !n.path("predicted").isString()) {
                    throw new IllegalArgumentException("it needs the strings 'gold' and 'predicted'");
                }
                out.add(new Prediction(n.path("input").asString(""), n.path("gold").asString(),
                        n.path("predicted").asString(), n.path("raw_output").asString(n.path("predicted").asString())));
            } catch (JacksonException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a prediction: "
                        + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()), e);
            }
        }
        return out;
    }

    /** Writes the results JSON and the report of {@code version}; answers their paths relative to the task folder. */
    public static List<String> writeResults(Path taskDir, String taskName, String version, String modelPath,
                                            Evaluation e, Instant evaluatedAt) {
        AtomicFiles.write(taskDir.resolve(resultsPath(version)), JSON.writeValueAsBytes(
                results(taskName, version, modelPath, e, evaluatedAt)));
        AtomicFiles.writeString(taskDir.resolve(reportPath(version)), report(taskName, version, modelPath, e,
                evaluatedAt));
        return List.of(resultsPath(version), reportPath(version));
    }

    static Map<String, Object> results(String taskName, String version, String modelPath, Evaluation e,
                                       Instant evaluatedAt) {
        ClassificationMetrics m = e.metrics();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("task_name", taskName);
        r.put("version", version);
        r.put("evaluation_date", evaluatedAt.toString());
        r.put("model_path", modelPath);
        r.put("split", e.split());
        r.put("test_samples", m.total());
        Map<String, Object> metrics = new LinkedHashMap<>(m.asMap());
        Map<String, Double> perClassF1 = new LinkedHashMap<>();
        m.perClass().forEach(c -> perClassF1.put(c.label(), c.f1()));
        metrics.put("per_class", perClassF1);
        r.put("metrics", metrics);
        Map<String, Object> perClass = new LinkedHashMap<>();
        m.perClass().forEach(c -> perClass.put(c.label(), Map.of("precision", c.precision(), "recall", c.recall(),
                "f1", c.f1(), "support", c.support())));
        r.put("per_class_metrics", perClass);
        r.put("labels", m.labels());
        r.put("confusion_matrix", m.confusion());
        r.put("confusion_pairs", e.topConfusions().stream().map(p -> {
            Map<String, Object> pair = new LinkedHashMap<>();
            pair.put("actual", p.actual());
            pair.put("predicted", p.predicted());
            pair.put("count", p.count());
            pair.put("share_of_errors", p.shareOfErrors());
            pair.put("share_of_actual", p.shareOfActual());
            return pair;
        }).toList());
        r.put("primary_metric", e.criteria().primaryMetric());
        Map<String, Object> criterion = new LinkedHashMap<>();
        criterion.put("threshold", e.criteria().threshold());
        criterion.put("actual", e.primaryValue());
        criterion.put("passed", e.passed());
        r.put("pass_criteria", Map.of(e.criteria().primaryMetric(), criterion));
        r.put("overall_status", e.passed() ? "PASSED" : "FAILED");
        r.put("error_samples", e.errorSamples().stream().map(p -> {
            Map<String, String> s = new LinkedHashMap<>();
            s.put("input", p.input());
            s.put("expected", p.gold());
            s.put("prediction", p.predicted());
            s.put("raw_output", p.rawOutput());
            return s;
        }).toList());
        return r;
    }

    static String report(String taskName, String version, String modelPath, Evaluation e, Instant evaluatedAt) {
        ClassificationMetrics m = e.metrics();
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of ").append(taskName).append(' ').append(version).append("\n\n");
        md.append("- evaluated: ").append(evaluatedAt).append('\n');
        md.append("- model: `").append(modelPath).append("`\n");
        md.append("- split: ").append(e.split()).append(" (").append(m.total()).append(" samples)\n");
        statusAndOverall(md, e, m.asMap());

        md.append("\n## Per class\n\n| label | precision | recall | F1 | support |\n|---|---|---|---|---|\n");
        for (ClassificationMetrics.ClassScore c : m.perClass()) {
            md.append("| ").append(cell(c.label())).append(" | ").append(f(c.precision())).append(" | ")
                    .append(f(c.recall())).append(" | ").append(f(c.f1())).append(" | ").append(c.support())
                    .append(" |\n");
        }

        md.append("\n## Confusion matrix\n\nRows: actual label; columns: predicted label.\n\n| actual \\ predicted |");
        m.labels().forEach(l -> md.append(' ').append(cell(l)).append(" |"));
        md.append("\n|---|");
        m.labels().forEach(l -> md.append("---|"));
        md.append('\n');
        for (int i = 0; i < m.labels().size(); i++) {
            md.append("| ").append(cell(m.labels().get(i))).append(" |");
            for (long v : m.confusion()[i]) {
                md.append(' ').append(v).append(" |");
            }
            md.append('\n');
        }

        md.append("\n## Error analysis\n\n");
        if (e.topConfusions().isEmpty()) {
            md.append("No errors.\n");
        } else {
            md.append("| confusion | count | % of errors | % of actual class |\n|---|---|---|---|\n");
            for (ConfusionPair p : e.topConfusions()) {
                md.append("| ").append(cell(p.actual())).append(" → ").append(cell(p.predicted())).append(" | ")
                        .append(p.count()).append(" | ").append(pct(p.shareOfErrors())).append(" | ")
                        .append(pct(p.shareOfActual())).append(" |\n");
            }
            md.append("\n### Typical cases\n\n| input | predicted | actual | analysis |\n|---|---|---|---|\n");
            for (Prediction p : e.errorSamples()) {
                md.append("| ").append(cell(p.input())).append(" | ").append(cell(p.predicted())).append(" | ")
                        .append(cell(p.gold())).append(" | ").append(cell(p.gold())).append(" predicted as ")
                        .append(cell(p.predicted()))
                        .append(p.rawOutput().equals(p.predicted()) ? "" : " (raw output: " + cell(p.rawOutput()) + ")")
                        .append(" |\n");
            }
        }
        return md.toString();
    }

    /**
     * Writes the results JSON and the report of an extraction task's {@code version}, in the layout of
     * {@link #writeResults}: the entity-level metrics (exact and type match, macro and weighted averages, sentence
     * accuracy), per entity type scores, the entity counts, the errors by kind and the first wrong entities; answers
     * their paths relative to the task folder.
     */
    public static List<String> writeNerResults(Path taskDir, String taskName, String version, String modelPath,
                                               NerEvaluation e, Instant evaluatedAt) {
        byte[] json = JSON.writeValueAsBytes(nerResults(taskName, version, modelPath, e, evaluatedAt));
        String md = nerReport(taskName, version, modelPath, e, evaluatedAt);
        AtomicFiles.write(taskDir.resolve(resultsPath(version)), json);
        AtomicFiles.writeString(taskDir.resolve(reportPath(version)), md);
        return List.of(resultsPath(version), reportPath(version));
    }

    static Map<String, Object> nerResults(String taskName, String version, String modelPath, NerEvaluation e,
                                          Instant evaluatedAt) {
        NerMetrics m = e.metrics();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("task_name", taskName);
        r.put("version", version);
        r.put("task_type", TaskType.EXTRACTION.yamlName());
        r.put("evaluation_date", evaluatedAt.toString());
        r.put("model_path", modelPath);
        r.put("split", e.split());
        r.put("test_samples", m.sentences());
        Map<String, Object> metrics = new LinkedHashMap<>(m.asMap());
        Map<String, Double> perTypeF1 = new LinkedHashMap<>();
        m.perType().forEach(t -> perTypeF1.put(t.type(), t.counts().f1()));
        metrics.put("per_class", perTypeF1);
        r.put("metrics", metrics);
        Map<String, Object> perType = new LinkedHashMap<>();
        m.perType().forEach(t -> perType.put(t.type(), score(t.counts().precision(), t.counts().recall(),
                t.counts().f1(), t.support())));
        r.put("per_class_metrics", perType);
        long support = m.exact().gold();
        Map<String, Object> averages = new LinkedHashMap<>();
        averages.put("micro avg", score(m.exact().precision(), m.exact().recall(), m.exact().f1(), support));
        averages.put("macro avg", score(m.macro(NerMetrics.Counts::precision), m.macro(NerMetrics.Counts::recall),
                m.macro(NerMetrics.Counts::f1), support));
        averages.put("weighted avg", score(m.weighted(NerMetrics.Counts::precision),
                m.weighted(NerMetrics.Counts::recall), m.weighted(NerMetrics.Counts::f1), support));
        averages.put("type match", score(m.typeMatch().precision(), m.typeMatch().recall(), m.typeMatch().f1(),
                support));
        r.put("averages", averages);
        r.put("labels", m.types());
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("gold", m.exact().gold());
        counts.put("predicted", m.exact().predicted());
        counts.put("correct_exact", m.exact().correct());
        counts.put("correct_type_match", m.typeMatch().correct());
        counts.put("sentences", m.sentences());
        counts.put("sentences_exactly_right", m.sentencesRight());
        r.put("entity_counts", counts);
        Map<String, Long> errors = new LinkedHashMap<>();
        for (EntityError.Kind k : EntityError.Kind.values()) {
            errors.put(k.key(), e.errorCounts().get(k));
        }
        r.put("error_counts", errors);
        r.put("primary_metric", e.criteria().primaryMetric());
        Map<String, Object> criterion = new LinkedHashMap<>();
        criterion.put("threshold", e.criteria().threshold());
        criterion.put("actual", e.primaryValue());
        criterion.put("passed", e.passed());
        r.put("pass_criteria", Map.of(e.criteria().primaryMetric(), criterion));
        r.put("overall_status", e.passed() ? "PASSED" : "FAILED");
        r.put("error_samples", e.errorSamples().stream().map(err -> {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("input", err.input());
            s.put("kind", err.kind().key());
            s.put("expected", entity(err.expected()));
            s.put("prediction", entity(err.predicted()));
            s.put("raw_output", err.rawOutput());
            return s;
        }).toList());
        return r;
    }

    private static Map<String, Object> score(double precision, double recall, double f1, long support) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("precision", precision);
        s.put("recall", recall);
        s.put("f1", f1);
        s.put("support", support);
        return s;
    }

    /** The status line and the Overall table: the same for every kind of task, judged on its primary metric. */
    private static void statusAndOverall(StringBuilder md, EvaluationVerdict e, Map<String, Double> metrics) {
        md.append("- status: ").append(e.passed() ? "✅ PASSED" : "❌ FAILED").append(" — ")
                .append(e.criteria().primaryMetric()).append(' ').append(f(e.primaryValue()))
                .append(e.passed() ? " ≥ " : " < ").append(f(e.criteria().threshold())).append("\n\n");

        md.append("## Overall\n\n| metric | score | target | |\n|---|---|---|---|\n");
        for (Map.Entry<String, Double> metric : metrics.entrySet()) {
            boolean primary = metric.getKey().equals(e.criteria().primaryMetric());
            md.append("| ").append(metric.getKey()).append(primary ? " (primary)" : "").append(" | ")
                    .append(f(metric.getValue())).append(" | ")
                    .append(primary ? "≥ " + f(e.criteria().threshold()) : "–").append(" | ")
                    .append(primary ? (e.passed() ? "✅" : "❌") : "").append(" |\n");
        }
    }

    /** An entity as the predictions files write it; null for none. */
    private static Map<String, Object> entity(Entity e) {
        if (e == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", e.type());
        m.put("text", e.text());
        if (e.hasSpan()) {
            m.put("start", e.start());
            m.put("end", e.end());
        }
        return m;
    }

    static String nerReport(String taskName, String version, String modelPath, NerEvaluation e, Instant evaluatedAt) {
        NerMetrics m = e.metrics();
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of ").append(taskName).append(' ').append(version).append("\n\n");
        md.append("- evaluated: ").append(evaluatedAt).append('\n');
        md.append("- model: `").append(modelPath).append("`\n");
        md.append("- task type: extraction (entity-level scores)\n");
        md.append("- split: ").append(e.split()).append(" (").append(m.sentences()).append(" sentences, ")
                .append(m.exact().gold()).append(" gold entities, ").append(m.exact().predicted())
                .append(" predicted)\n");
        statusAndOverall(md, e, m.asMap());
        md.append("\nExact match: a predicted entity is right when a gold entity of its sentence has the same type and "
                + "the same span (the same text when either has no span), as seqeval counts. Type match: the same type "
                + "and an overlapping span (or one text inside the other). Each gold entity answers one prediction. "
                + "entity_* scores are micro averages over all entities; macro_* and weighted_* average the exact "
                + "per-type scores (weighted by gold support). sentence_accuracy is the share of sentences whose "
                + "predicted entity set is exactly the gold set.\n");

        md.append("\n## Per entity type\n\nExact match.\n\n| type | precision | recall | F1 | support |\n"
                + "|---|---|---|---|---|\n");
        for (NerMetrics.TypeScore t : m.perType()) {
            md.append("| ").append(cell(t.type())).append(" | ").append(f(t.counts().precision())).append(" | ")
                    .append(f(t.counts().recall())).append(" | ").append(f(t.counts().f1())).append(" | ")
                    .append(t.support()).append(" |\n");
        }
        long support = m.exact().gold();
        md.append("| micro avg | ").append(f(m.exact().precision())).append(" | ").append(f(m.exact().recall()))
                .append(" | ").append(f(m.exact().f1())).append(" | ").append(support).append(" |\n");
        md.append("| macro avg | ").append(f(m.macro(NerMetrics.Counts::precision))).append(" | ")
                .append(f(m.macro(NerMetrics.Counts::recall))).append(" | ").append(f(m.macro(NerMetrics.Counts::f1)))
                .append(" | ").append(support).append(" |\n");
        md.append("| weighted avg | ").append(f(m.weighted(NerMetrics.Counts::precision))).append(" | ")
                .append(f(m.weighted(NerMetrics.Counts::recall))).append(" | ")
                .append(f(m.weighted(NerMetrics.Counts::f1))).append(" | ").append(support).append(" |\n");
        md.append("| type match | ").append(f(m.typeMatch().precision())).append(" | ")
                .append(f(m.typeMatch().recall())).append(" | ").append(f(m.typeMatch().f1())).append(" | ")
                .append(support).append(" |\n");

        md.append("\n## Error analysis\n\n");
        long total = e.errorTotal();
        if (total == 0) {
            md.append("No errors.\n");
            return md.toString();
        }
        md.append("| error | count | % of errors |\n|---|---|---|\n");
        for (EntityError.Kind k : EntityError.Kind.values()) {
            long n = e.errorCounts().get(k);
            if (n > 0) {
                md.append("| ").append(k.key()).append(" | ").append(n).append(" | ")
                        .append(pct((double) n / total)).append(" |\n");
            }
        }
        md.append("\n### Typical cases\n\n| input | predicted | actual | analysis |\n|---|---|---|---|\n");
        for (EntityError err : e.errorSamples()) {
            String analysis = switch (err.kind()) {
                case MISSED -> "missed: " + EntityError.describe(err.expected()) + " was not found";
                case SPURIOUS -> "spurious: " + EntityError.describe(err.predicted()) + " is not an entity";
                case WRONG_TYPE -> "wrong type: " + err.expected().type() + " predicted as " + err.predicted().type();
                case WRONG_BOUNDARY -> "wrong boundary: " + EntityError.describe(err.predicted()) + " instead of "
                        + EntityError.describe(err.expected());
            };
            md.append("| ").append(cell(err.input())).append(" | ").append(cell(orNone(err.predicted())))
                    .append(" | ").append(cell(orNone(err.expected()))).append(" | ").append(cell(analysis))
                    .append(err.rawOutput().isEmpty() ? "" : " (raw output: " + cell(err.rawOutput()) + ")")
                    .append(" |\n");
        }
        return md.toString();
    }

    private static String orNone(Entity e) {
        return e == null ? "—" : EntityError.describe(e);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** Text safe inside a Markdown table cell: one line, pipes escaped, at most 120 characters. */
    private static String cell(String s) {
        String one = s.replace("\\", "\\\\").replace("|", "\\|").replaceAll("\\s+", " ").trim();
        return one.length() > 120 ? one.substring(0, 119) + "…" : one;
    }
}
