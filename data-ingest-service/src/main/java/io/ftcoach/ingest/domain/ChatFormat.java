package io.ftcoach.ingest.domain;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The splits in the shapes training reads (spec §5.3): chat rows {@code {"messages": [system, user, assistant]}}
 * with the task's input template filled from each row and its label (or {@code {"<field>": label}} for a JSON
 * output) as the answer; and, where the task trains with DPO or ORPO, preference rows {@code {"prompt", "chosen",
 * "rejected"}} whose rejected answer is another label of the task, drawn with the seed.
 *
 * <p>Files are named relative to the data folder: {@code chat_format/train.jsonl} and, for preference methods,
 * {@code chat_format/train_preference.jsonl}, for each split.
 */
public final class ChatFormat {

    public static final String DIR = "chat_format";
    /** The methods that train on preference pairs. */
    public static final Set<String> PREFERENCE_METHODS = Set.of("dpo", "orpo");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");
    /**
     * The placeholders a template may use: the row's text under the three names templates give it (the default
     * input_template is {@code {instruction}}), as the generated project's 03_convert_format.py reads them too.
     */
    private static final Set<String> TEXT_FIELDS = Set.of("text", "input", "instruction");
    private static final Set<String> FIELDS = Set.of("text", "input", "instruction", "entity");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * What task.yaml says about prompting the model.
     *
     * @param inputTemplate {@code input_template}, e.g. {@code 分析以下文本的情感。\n文本：{text}}
     * @param systemPrompt  {@code system_prompt}, or one written from the task type, domain and labels
     * @param labels        the task's label set, empty when task.yaml names none
     * @param method        {@code training.method} in lower case: sft, lora, dpo, orpo…; empty when unset
     * @param jsonField     for {@code output_format.type: json} with one schema field, that field; else null
     */
    public record TaskPrompting(String inputTemplate, String systemPrompt, List<String> labels, String method,
                                String jsonField) {

        public TaskPrompting {
            labels = List.copyOf(labels);
        }

        public boolean wantsPreferencePairs() {
            return PREFERENCE_METHODS.contains(method);
        }
    }

    private ChatFormat() {
    }

    /** A system prompt for a task.yaml that has none: what the model does and which answers it may give. */
    public static String defaultSystemPrompt(String taskType, String domain, List<String> labels) {
        StringBuilder out = new StringBuilder("You are a ")
                .append(taskType == null || taskType.isBlank() ? "classification" : taskType).append(" model");
        if (domain != null && !domain.isBlank()) {
            out.append(" for the ").append(domain).append(" domain");
        }
        out.append('.');
        if (!labels.isEmpty()) {
            out.append(" Answer with exactly one of: ").append(String.join(", ", labels)).append('.');
        }
        return out.toString();
    }

    /**
     * @param seed draws each preference row's rejected label
     * @return file name (relative to {@code data/}) → content, in a fixed order
     * @throws SourceException when the template names a field the rows lack, or pairs need labels that are missing
     */
    public static Map<String, byte[]> convert(DatasetSplits splits, TaskPrompting task, long seed) {
        checkTemplate(task.inputTemplate());
        Set<String> labelSet = new LinkedHashSet<>(task.labels());
        if (labelSet.isEmpty()) {
            for (Split s : Split.values()) {
                splits.rows(s).forEach(r -> labelSet.add(r.label()));
            }
        }
        List<String> labels = new ArrayList<>(task.labels().isEmpty() ? new TreeSet<>(labelSet) : labelSet);
        if (task.wantsPreferencePairs() && labels.size() < 2) {
            throw new SourceException("task.yaml: training.method " + task.method() + " trains on preference pairs, "
                    + "which need a second label to reject, but the task has only " + labels + ": add labels to "
                    + "output_format.labels or train with sft/lora");
        }
        Map<String, byte[]> out = new LinkedHashMap<>();
        Random random = new Random(seed);
        for (Split split : Split.values()) {
            StringBuilder chat = new StringBuilder();
            StringBuilder pairs = new StringBuilder();
            List<LabeledRow> rows = splits.rows(split);
            for (int i = 0; i < rows.size(); i++) {
                LabeledRow row = rows.get(i);
                String prompt = fill(task.inputTemplate(), row, split, i);
                String answer = answer(task, row.label());
                ObjectNode line = JSON.createObjectNode();
                ArrayNode messages = line.putArray("messages");
                messages.addObject().put("role", "system").put("content", task.systemPrompt());
                messages.addObject().put("role", "user").put("content", prompt);
                messages.addObject().put("role", "assistant").put("content", answer);
                chat.append(JSON.writeValueAsString(line)).append('\n');
                if (task.wantsPreferencePairs()) {
                    List<String> others = new ArrayList<>(labels);
                    others.remove(row.label());
                    if (others.isEmpty()) {
                        continue;
                    }
                    ObjectNode pair = JSON.createObjectNode();
                    pair.put("prompt", prompt);
                    pair.put("chosen", answer);
                    pair.put("rejected", answer(task, others.get(random.nextInt(others.size()))));
                    pairs.append(JSON.writeValueAsString(pair)).append('\n');
                }
            }
            out.put(DIR + "/" + split.fileName(), chat.toString().getBytes(StandardCharsets.UTF_8));
            if (task.wantsPreferencePairs()) {
                out.put(DIR + "/" + split.key() + "_preference.jsonl", pairs.toString().getBytes(StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Every file name {@link #convert} can give, so files of an earlier configuration can be removed. */
    public static List<String> fileNames() {
        List<String> out = new ArrayList<>();
        for (Split split : Split.values()) {
            out.add(DIR + "/" + split.fileName());
            out.add(DIR + "/" + split.key() + "_preference.jsonl");
        }
        return out;
    }

    /** The artifact kind of a converted file: chat_train, preference_valid, … */
    public static String kind(String fileName) {
        String base = fileName.substring(fileName.lastIndexOf('/') + 1).replace(".jsonl", "");
        return base.endsWith("_preference") ? "preference_" + base.substring(0, base.length() - "_preference".length())
                : "chat_" + base;
    }

    private static void checkTemplate(String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!FIELDS.contains(m.group(1))) {
                throw new SourceException("task.yaml: input_template uses {" + m.group(1) + "}, which is not a field "
                        + "of the rows (they have text, also named input or instruction, and entity): write {text} "
                        + "(and {entity} for entity-level tasks) in input_template");
            }
        }
    }

    private static String fill(String template, LabeledRow row, Split split, int index) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = TEXT_FIELDS.contains(m.group(1)) ? row.text() : row.entity();
            if (value == null) {
                throw new SourceException("task.yaml: input_template uses {" + m.group(1) + "}, but " + split.key()
                        + "[" + index + "] has no " + m.group(1) + ": map " + m.group(1) + " in the sources of "
                        + "data_source.yaml, or take {" + m.group(1) + "} out of input_template");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String answer(TaskPrompting task, String label) {
        if (task.jsonField() == null) {
            return label;
        }
        ObjectNode node = JSON.createObjectNode();
        node.put(task.jsonField(), label);
        return JSON.writeValueAsString(node);
    }
}
