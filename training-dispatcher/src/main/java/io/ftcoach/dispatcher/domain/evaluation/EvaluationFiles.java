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
        md.append("- status: ").append(e.passed() ? "✅ PASSED" : "❌ FAILED").append(" — ")
                .append(e.criteria().primaryMetric()).append(' ').append(f(e.primaryValue()))
                .append(e.passed() ? " ≥ " : " < ").append(f(e.criteria().threshold())).append("\n\n");

        md.append("## Overall\n\n| metric | score | target | |\n|---|---|---|---|\n");
        for (Map.Entry<String, Double> metric : m.asMap().entrySet()) {
            boolean primary = metric.getKey().equals(e.criteria().primaryMetric());
            md.append("| ").append(metric.getKey()).append(primary ? " (primary)" : "").append(" | ")
                    .append(f(metric.getValue())).append(" | ")
                    .append(primary ? "≥ " + f(e.criteria().threshold()) : "–").append(" | ")
                    .append(primary ? (e.passed() ? "✅" : "❌") : "").append(" |\n");
        }

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
