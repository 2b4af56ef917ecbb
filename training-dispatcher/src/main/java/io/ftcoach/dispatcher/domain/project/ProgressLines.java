package io.ftcoach.dispatcher.domain.project;

import io.ftcoach.dispatcher.domain.ProgressUpdate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads what the generated scripts print: a progress line is one JSON object with {@code step} and {@code percent}
 * (and optionally {@code epoch, loss, eval_loss, learning_rate, eta_seconds, total_steps}); a metrics line is one
 * JSON object with a {@code metrics} object of numbers (the trainer's final train_loss, train_runtime …). Every
 * other line is plain log text.
 */
public final class ProgressLines {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ProgressLines() {
    }

    public static Optional<ProgressUpdate> progress(String line) {
        JsonNode node = object(line);
        if (node == null || !node.path("step").isNumber() || !node.path("percent").isNumber()) {
            return Optional.empty();
        }
        double percent = Math.max(0, Math.min(100, node.path("percent").asDouble()));
        return Optional.of(new ProgressUpdate(node.path("step").asLong(), longOrNull(node, "total_steps"),
                node.path("epoch").isNumber() ? node.path("epoch").asDouble() : 0.0, doubleOrNull(node, "loss"),
                doubleOrNull(node, "eval_loss"), doubleOrNull(node, "learning_rate"), percent,
                longOrNull(node, "eta_seconds")));
    }

    /** The numbers of a {@code {"metrics": {...}}} line; empty for any other line. */
    public static Map<String, Double> metrics(String line) {
        JsonNode node = object(line);
        Map<String, Double> out = new LinkedHashMap<>();
        if (node != null && node.path("metrics").isObject()) {
            for (Map.Entry<String, JsonNode> e : node.path("metrics").properties()) {
                if (e.getValue().isNumber() && Double.isFinite(e.getValue().asDouble())) {
                    out.put(e.getKey(), e.getValue().asDouble());
                }
            }
        }
        return out;
    }

    /** Keeps a progress update's latest values as the run's metrics (train_loss, eval_loss, epochs). */
    public static void record(ProgressUpdate update, Map<String, Double> metrics) {
        if (update.loss() != null) {
            metrics.put("train_loss", update.loss());
        }
        if (update.evalLoss() != null) {
            metrics.put("eval_loss", update.evalLoss());
        }
        metrics.put("epochs", update.epoch());
    }

    private static JsonNode object(String line) {
        String s = line == null ? "" : line.strip();
        if (!s.startsWith("{") || !s.endsWith("}")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(s);
            return node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null; // a log line that merely looks like JSON
        }
    }

    private static Double doubleOrNull(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() && Double.isFinite(v.asDouble()) ? v.asDouble() : null;
    }

    private static Long longOrNull(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNumber() ? v.asLong() : null;
    }
}
