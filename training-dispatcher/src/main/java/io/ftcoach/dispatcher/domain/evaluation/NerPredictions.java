package io.ftcoach.dispatcher.domain.evaluation;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The predictions of an extraction (NER) task: {@code benchmarks/predictions/<v>_test.jsonl}, one JSON object a
 * line, in either of two shapes.
 * <p><b>Entity lists</b> (what an LLM's JSON output maps to):
 * <pre>{"input": "張忠謀創辦台積電", "gold": [{"type": "PER", "text": "張忠謀", "start": 0, "end": 3},
 *  {"type": "ORG", "text": "台積電", "start": 5, "end": 8}], "predicted": [{"type": "ORG", "text": "台積電"}],
 *  "raw_output": "{\"ORG\": [\"台積電\"]}"}</pre>
 * Each entity has {@code type} and {@code text}; {@code start} (inclusive) and {@code end} (exclusive) character
 * offsets are optional, and when an entity lacks them it is compared by its text.
 * <p><b>BIO tags</b> (what a token classifier writes): {@code gold} and {@code predicted} are tag lists, one per
 * token, optionally with {@code tokens}; chunks are read as seqeval reads them ({@link BioTags}):
 * <pre>{"tokens": ["張", "忠", "謀"], "gold": ["B-PER", "I-PER", "I-PER"], "predicted": ["B-PER", "I-PER", "O"]}</pre>
 */
public final class NerPredictions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private NerPredictions() {
    }

    /** @throws IllegalArgumentException naming the file, line and field of what is not a prediction, and why */
    public static List<NerPrediction> read(Path file) {
        return read(file, List.of());
    }

    /**
     * @param entityTypes the task's entity types; an entity (gold or predicted) of another type is an error; empty:
     *                    any type
     * @throws IllegalArgumentException naming the file, line and field of what is not a prediction, and why
     */
    public static List<NerPrediction> read(Path file, List<String> entityTypes) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the predictions " + file, e);
        }
        List<NerPrediction> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                out.add(parse(JSON.readTree(lines.get(i)), entityTypes));
            } catch (JacksonException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not JSON: " + e.getOriginalMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    static NerPrediction parse(JsonNode row) {
        return parse(row, List.of());
    }

    static NerPrediction parse(JsonNode row, List<String> entityTypes) {
        JsonNode gold = row.path("gold");
        JsonNode predicted = row.path("predicted");
        if (!gold.isArray() || !predicted.isArray()) {
            throw new IllegalArgumentException("'gold' and 'predicted' must both be lists: of entities "
                    + "({\"type\": \"ORG\", \"text\": \"台積電\"}) or of BIO tags (\"B-ORG\")");
        }
        boolean tags = isTagList(gold) && isTagList(predicted) && !(gold.isEmpty() && predicted.isEmpty());
        if (tags) {
            List<String> tokens = row.path("tokens").isArray() ? strings(row.path("tokens"), "tokens") : null;
            List<String> g = strings(gold, "gold");
            List<String> p = strings(predicted, "predicted");
            if (g.size() != p.size()) {
                throw new IllegalArgumentException("'gold' has " + g.size() + " tags but 'predicted' has " + p.size()
                        + "; both need one tag per token");
            }
            String input = row.path("input").asString(tokens == null ? "" : String.join(" ", tokens));
            checkTagTypes(g, "gold", entityTypes);
            checkTagTypes(p, "predicted", entityTypes);
            return new NerPrediction(input, tagged(g, tokens, "gold"), tagged(p, tokens, "predicted"),
                    row.path("raw_output").asString(""));
        }
        return new NerPrediction(row.path("input").asString(""), entities(gold, "gold", entityTypes),
                entities(predicted, "predicted", entityTypes), row.path("raw_output").asString(""));
    }

    private static boolean isTagList(JsonNode list) {
        for (JsonNode n : list) {
            if (!n.isString()) {
                return false;
            }
        }
        return true;
    }

    private static List<Entity> tagged(List<String> tags, List<String> tokens, String field) {
        try {
            return BioTags.entities(tags, tokens);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + field + "': " + e.getMessage(), e);
        }
    }

    private static List<String> strings(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : list) {
            if (!n.isString()) {
                throw new IllegalArgumentException("'" + field + "' must be a list of strings");
            }
            out.add(n.asString());
        }
        return out;
    }

    private static void checkTagTypes(List<String> tags, String field, List<String> entityTypes) {
        for (int i = 0; i < tags.size(); i++) {
            String tag = tags.get(i);
            // a malformed tag is BioTags' to name; only well-formed ones carry a type to check
            if (tag != null && tag.length() > 2 && tag.charAt(1) == '-') {
                checkType(tag.substring(2), entityTypes, "'" + field + "' tag " + (i + 1) + " '" + tag + "'");
            }
        }
    }

    private static void checkType(String type, List<String> entityTypes, String where) {
        if (!entityTypes.isEmpty() && !entityTypes.contains(type)) {
            throw new IllegalArgumentException(where + " has the entity type '" + type + "', which is not one of the "
                    + "task's entity types " + String.join(", ", entityTypes) + " (task.yaml)");
        }
    }

    private static List<Entity> entities(JsonNode list, String field, List<String> entityTypes) {
        List<Entity> out = new ArrayList<>();
        int i = 0;
        for (JsonNode n : list) {
            String where = "'" + field + "' entity " + (++i);
            if (!n.isObject() || !n.path("type").isString()) {
                throw new IllegalArgumentException(where + " needs a string 'type', e.g. {\"type\": \"ORG\", "
                        + "\"text\": \"台積電\"}");
            }
            checkType(n.path("type").asString(), entityTypes, where);
            boolean span = n.has("start") || n.has("end");
            if (span && !(n.path("start").isInt() && n.path("end").isInt())) {
                throw new IllegalArgumentException(where + " needs both 'start' and 'end' as whole numbers, or neither");
            }
            try {
                out.add(new Entity(n.path("type").asString(), n.path("text").asString(""),
                        span ? n.path("start").asInt() : -1, span ? n.path("end").asInt() : -1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return out;
    }
}
