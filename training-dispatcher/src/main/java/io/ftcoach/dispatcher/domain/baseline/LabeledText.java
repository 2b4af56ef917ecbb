package io.ftcoach.dispatcher.domain.baseline;

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

/** One row of a data split ({@code data/train.jsonl} …: {@code {"text": …, "label": …}} a line, spec §5.3). */
public record LabeledText(String text, String label) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public LabeledText {
        if (text == null || label == null || label.isBlank()) {
            throw new IllegalArgumentException("A row needs its text and label");
        }
    }

    /**
     * Reads a split; {@code text} may also be called {@code input}, {@code label} {@code output} (as the data
     * validator accepts), a number label is read as its text.
     *
     * @throws IllegalArgumentException naming the file and line of a row that cannot be used
     */
    public static List<LabeledText> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the data split " + file, e);
        }
        List<LabeledText> rows = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(lines.get(i));
                JsonNode text = n.has("text") ? n.path("text") : n.path("input");
                JsonNode label = n.has("label") ? n.path("label") : n.path("output");
                if (!text.isString() || !(label.isString() || label.isNumber() || label.isBoolean())) {
                    throw new IllegalArgumentException("it needs a string 'text' and a 'label'");
                }
                rows.add(new LabeledText(text.asString(), label.asString()));
            } catch (JacksonException | IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " cannot be used: "
                        + (e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage()), e);
            }
        }
        return rows;
    }
}
