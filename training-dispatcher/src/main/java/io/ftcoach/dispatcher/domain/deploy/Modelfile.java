package io.ftcoach.dispatcher.domain.deploy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An Ollama Modelfile for a version's GGUF (workflow-spec §5.7): {@code FROM ./<gguf>}, a ChatML TEMPLATE for Qwen
 * models (others keep the template embedded in their GGUF), the SYSTEM prompt and the PARAMETERs. The same content
 * goes to Ollama's create API as fields.
 *
 * @param template   null to keep the GGUF's own chat template
 * @param parameters temperature, top_p, num_predict, stop …; a list value becomes one line per item
 */
public record Modelfile(String ggufFile, String template, String system, Map<String, Object> parameters) {

    /** ChatML, the chat format of the Qwen family. */
    static final String CHATML = """
            {{- if .System }}<|im_start|>system
            {{ .System }}<|im_end|>
            {{ end }}<|im_start|>user
            {{ .Prompt }}<|im_end|>
            <|im_start|>assistant
            """;

    public static Modelfile forTask(TaskFacts t, String ggufFile, String systemPrompt) {
        boolean qwen = t.baseModel() != null && t.baseModel().toLowerCase(Locale.ROOT).contains("qwen");
        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put("temperature", 0.1);
        parameters.put("top_p", 0.9);
        // a label is a few tokens; free-text tasks need room
        parameters.put("num_predict", t.labels().isEmpty() ? 256 : 10);
        if (qwen) {
            parameters.put("stop", List.of("<|im_end|>"));
        }
        return new Modelfile(ggufFile, qwen ? CHATML : null, systemPrompt(t, systemPrompt), parameters);
    }

    /** The given prompt, else for a labelled task "answer with exactly one of …". */
    static String systemPrompt(TaskFacts t, String given) {
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        if (!t.labels().isEmpty()) {
            return "Answer with exactly one of these labels and nothing else: " + String.join(" / ", t.labels()) + ".";
        }
        return "You are the " + t.taskId() + " model. Answer briefly.";
    }

    public String render() {
        StringBuilder m = new StringBuilder();
        m.append("FROM ./").append(ggufFile).append("\n\n");
        if (template != null) {
            m.append("TEMPLATE \"\"\"").append(template).append("\"\"\"\n\n");
        }
        m.append("SYSTEM \"\"\"").append(system).append("\"\"\"\n\n");
        parameters.forEach((k, v) -> {
            if (v instanceof List<?> list) {
                list.forEach(item -> m.append("PARAMETER ").append(k).append(' ').append(quote(item)).append('\n'));
            } else {
                m.append("PARAMETER ").append(k).append(' ').append(v).append('\n');
            }
        });
        return m.toString();
    }

    private static String quote(Object v) {
        return "\"" + v.toString().replace("\"", "\\\"") + "\"";
    }
}
