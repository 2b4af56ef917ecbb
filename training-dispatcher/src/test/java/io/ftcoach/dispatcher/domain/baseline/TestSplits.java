package io.ftcoach.dispatcher.domain.baseline;

import io.ftcoach.infra.testing.SharedDatasets;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Test data: the shared waimai_10k.csv, a deterministic stratified split, the split files of a task folder. */
public final class TestSplits {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private TestSplits() {
    }

    /** The shared waimai_10k reviews ({@code 1} = positive, {@code 0} = negative); fails loudly when missing. */
    public static List<LabeledText> waimai() {
        return SharedDatasets.waimaiReviews().stream()
                .filter(r -> r.text() != null && !r.text().isBlank())
                .map(r -> new LabeledText(r.text(), r.label().trim()))
                .toList();
    }

    /** Stratified split by label: each label's rows shuffled with the seed, then cut at the fractions. */
    public static Map<String, List<LabeledText>> stratified(List<LabeledText> rows, double train, double valid,
                                                            long seed) {
        Map<String, List<LabeledText>> byLabel = new TreeMap<>();
        rows.forEach(r -> byLabel.computeIfAbsent(r.label(), k -> new ArrayList<>()).add(r));
        Map<String, List<LabeledText>> out = new LinkedHashMap<>();
        out.put("train", new ArrayList<>());
        out.put("valid", new ArrayList<>());
        out.put("test", new ArrayList<>());
        Random random = new Random(seed);
        for (List<LabeledText> group : byLabel.values()) {
            Collections.shuffle(group, random);
            int nTrain = (int) Math.round(group.size() * train);
            int nValid = (int) Math.round(group.size() * valid);
            out.get("train").addAll(group.subList(0, nTrain));
            out.get("valid").addAll(group.subList(nTrain, nTrain + nValid));
            out.get("test").addAll(group.subList(nTrain + nValid, group.size()));
        }
        out.values().forEach(split -> Collections.shuffle(split, random));
        return out;
    }

    /** Writes {@code dir/train.jsonl}, {@code valid.jsonl}, {@code test.jsonl} as data-ingest-service does. */
    public static void write(Path dir, Map<String, List<LabeledText>> splits) throws IOException {
        Files.createDirectories(dir);
        for (Map.Entry<String, List<LabeledText>> split : splits.entrySet()) {
            StringBuilder out = new StringBuilder();
            for (LabeledText r : split.getValue()) {
                Map<String, String> row = new LinkedHashMap<>();
                row.put("text", r.text());
                row.put("label", r.label());
                out.append(JSON.writeValueAsString(row)).append('\n');
            }
            Files.writeString(dir.resolve(split.getKey() + ".jsonl"), out, StandardCharsets.UTF_8);
        }
    }
}
