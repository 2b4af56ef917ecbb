package io.ftcoach.platform.cli;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A chat session's server-sent event as terminal lines. Reads the events' JSON tolerantly (the Avro field names
 * in camelCase, with the task and version in the envelope or at the top), so a field that is missing only
 * shortens the line.
 */
final class ChatEventText {

    private static final int BAR = 20;

    private ChatEventText() {
    }

    /** coach-service may name its events by the event type rather than the short names. */
    private static final java.util.Map<String, String> SHORT_NAMES = java.util.Map.of(
            "DataValidated", "data-validated", "TrainingProgress", "training-progress",
            "EvaluationReady", "evaluation-ready", "AnalysisCompleted", "analysis", "DiagnosisCompleted", "diagnosis");
    private static final java.util.regex.Pattern PERCENT = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

    static List<String> lines(String eventName, String data) {
        String name = SHORT_NAMES.getOrDefault(eventName, eventName);
        JsonNode json;
        try {
            json = ChatClient.JSON.readTree(data);
        } catch (JacksonException e) {
            return List.of("[" + name + "] " + data);
        }
        if (json == null || !json.isObject()) {
            return List.of("[" + name + "] " + data);
        }
        List<String> out = new ArrayList<>();
        String subject = (text(json, "taskId", "task", "envelope.taskId") + " "
                + text(json, "version", "envelope.version")).strip();
        switch (name) {
            case "training-progress" -> {
                double percent = number(json, "percent", Double.NaN);
                double step = number(json, "step", Double.NaN);
                double total = number(json, "totalSteps", Double.NaN);
                if (Double.isNaN(percent) && !Double.isNaN(step) && total > 0) {
                    percent = step / total * 100;
                }
                java.util.regex.Matcher inText = PERCENT.matcher(text(json, "text"));
                if (Double.isNaN(percent) && inText.find()) {   // the activity item's text: "Training of v1: 42%, …"
                    percent = Double.parseDouble(inText.group(1));
                }
                percent = Double.isNaN(percent) ? 0 : Math.max(0, Math.min(100, percent));
                int filled = (int) Math.round(percent / 100 * BAR);
                StringBuilder line = new StringBuilder("[progress] ").append(subject).append(' ')
                        .append("#".repeat(filled)).append(".".repeat(BAR - filled))
                        .append(String.format(Locale.ROOT, " %.1f%%", percent));
                if (!Double.isNaN(step)) {
                    line.append(" step ").append((long) step).append(Double.isNaN(total) ? "" : "/" + (long) total);
                }
                double loss = number(json, "loss", Double.NaN);
                if (!Double.isNaN(loss)) {
                    line.append(String.format(Locale.ROOT, " loss %.4f", loss));
                }
                double eta = number(json, "etaSeconds", Double.NaN);
                if (!Double.isNaN(eta)) {
                    line.append(" eta ").append((long) eta).append(" s");
                }
                out.add(line.toString());
            }
            case "evaluation-ready" -> {
                if (!json.has("accuracy") && !json.has("macroF1")) {
                    out.add("[evaluation] " + subject + ": " + text(json, "text"));
                    return out;
                }
                String primary = text(json, "primaryMetric");
                StringBuilder line = new StringBuilder("[evaluation] ").append(subject).append(": accuracy ")
                        .append(fraction(json, "accuracy")).append(", macro_f1 ").append(fraction(json, "macroF1"));
                if (!primary.isEmpty()) {
                    line.append(" (target ").append(primary).append(' ').append(fraction(json, "threshold"))
                            .append(json.path("passed").asBoolean(false) ? ": met)" : ": not met)");
                }
                out.add(line.toString());
                for (JsonNode c : json.path("perClass")) {
                    out.add(String.format(Locale.ROOT, "  %-16s P %s  R %s  F1 %s", c.path("label").asString(""),
                            fraction(c, "precision"), fraction(c, "recall"), fraction(c, "f1")));
                }
                out.addAll(confusion(json));
            }
            case "analysis" -> {
                String decision = text(json, "decision");
                out.add("[analysis] " + subject + ": " + (decision.isEmpty() ? "" : decision + " — ")
                        + text(json, "text", "summary"));
                for (JsonNode r : json.path("recommendations")) {
                    out.add("  - " + r.asString(""));
                }
            }
            case "diagnosis" -> {
                out.add("[diagnosis] " + subject + (json.has("text") ? ": " + text(json, "text") : ""));
                for (JsonNode s : json.path("symptoms")) {
                    out.add("  symptom: " + s.asString(""));
                }
                for (JsonNode f : json.path("fixes")) {
                    out.add("  " + f.path("priority").asString("?") + ". " + f.path("title").asString("")
                            + " (cause: " + f.path("cause").asString("") + "; gain " + f.path("expectedGain").asString("")
                            + "; difficulty " + f.path("difficulty").asString("") + ")");
                }
            }
            case "data-validated" -> {
                JsonNode issues = json.path("issues");
                out.add(json.has("verdict") ? "[data] " + subject + " validated: " + text(json, "verdict") + ", "
                        + issues.size() + " issue(s)" : "[data] " + subject + ": " + text(json, "text"));
                int shown = 0;
                for (JsonNode i : issues) {
                    if (shown++ == 10) {
                        out.add("  … " + (issues.size() - 10) + " more");
                        break;
                    }
                    String where = String.join(":", nonEmpty(i.path("file").asString(""),
                            i.path("line").isNumber() ? i.path("line").asString() : "", i.path("field").asString("")));
                    out.add("  " + i.path("severity").asString("") + " [" + i.path("check").asString("") + "] "
                            + (where.isEmpty() ? "" : where + " ") + i.path("message").asString(""));
                }
            }
            default -> out.add("[" + name + "] " + (json.has("text") ? text(json, "text") : data));
        }
        return out;
    }

    /** Rows = expected, columns = predicted, as in EvaluationReady. */
    private static List<String> confusion(JsonNode json) {
        JsonNode labels = json.path("confusionLabels");
        JsonNode matrix = json.path("confusionMatrix");
        if (labels.isEmpty() || matrix.isEmpty()) {
            return List.of();
        }
        int widest = 8;
        for (JsonNode l : labels) {
            widest = Math.max(widest, l.asString("").length() + 1);
        }
        int width = widest;
        List<String> out = new ArrayList<>();
        out.add("  confusion (rows expected, columns predicted):");
        StringBuilder head = new StringBuilder("  ").append(" ".repeat(width));
        labels.forEach(l -> head.append(pad(l.asString(""), width)));
        out.add(head.toString().stripTrailing());
        for (int r = 0; r < matrix.size(); r++) {
            StringBuilder row = new StringBuilder("  ").append(pad(labels.path(r).asString(""), width));
            for (JsonNode v : matrix.get(r)) {
                row.append(pad(v.asString(), width));
            }
            out.add(row.toString().stripTrailing());
        }
        return out;
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s + " " : s + " ".repeat(width - s.length());
    }

    private static List<String> nonEmpty(String... parts) {
        List<String> out = new ArrayList<>();
        for (String p : parts) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        }
        return out;
    }

    private static String text(JsonNode json, String... paths) {
        for (String path : paths) {
            JsonNode n = json;
            for (String part : path.split("\\.")) {
                n = n.path(part);
            }
            if (!n.isMissingNode() && !n.isNull()) {
                return n.asString("");
            }
        }
        return "";
    }

    private static double number(JsonNode json, String field, double fallback) {
        JsonNode n = json.path(field);
        return n.isNumber() ? n.asDouble() : fallback;
    }

    private static String fraction(JsonNode json, String field) {
        JsonNode n = json.path(field);
        return n.isNumber() ? String.format(Locale.ROOT, "%.4f", n.asDouble()) : "–";
    }
}
