package io.ftcoach.dispatcher.domain.baseline;

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

    /**
     * {@code ../shared/datasets/waimai_10k.csv} ({@code label,review}; 1 = positive, 0 = negative), found through
     * the Surefire property {@code ftcoach.shared.dir} or, outside Maven, relative to the working directory.
     *
     * @throws AssertionError naming every place it looked, when the file is not there: the test must fail, never skip
     */
    public static Path waimaiCsv() {
        List<Path> candidates = new ArrayList<>();
        String shared = System.getProperty("ftcoach.shared.dir");
        if (shared != null) {
            candidates.add(Path.of(shared, "datasets", "waimai_10k.csv"));
        }
        candidates.add(Path.of("../shared/datasets/waimai_10k.csv"));
        candidates.add(Path.of("../../shared/datasets/waimai_10k.csv"));
        for (Path p : candidates) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError("The dataset waimai_10k.csv is missing; looked at "
                + candidates.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList()
                + " (system property ftcoach.shared.dir=" + shared + "). Put the shared datasets folder next to the "
                + "project (../shared/datasets/waimai_10k.csv)");
    }

    /** The rows of a {@code label,review} CSV (RFC 4180 quoting). */
    public static List<LabeledText> readCsv(Path csv) throws IOException {
        String content = Files.readString(csv, StandardCharsets.UTF_8);
        List<List<String>> records = parseCsv(content);
        List<String> header = records.get(0);
        int label = header.indexOf("label");
        int text = header.indexOf("review");
        if (label < 0 || text < 0) {
            throw new AssertionError(csv + " has the columns " + header + "; expected label and review");
        }
        List<LabeledText> rows = new ArrayList<>();
        for (List<String> r : records.subList(1, records.size())) {
            if (r.size() > Math.max(label, text) && !r.get(text).isBlank()) {
                rows.add(new LabeledText(r.get(text), r.get(label).trim()));
            }
        }
        return rows;
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

    private static List<List<String>> parseCsv(String s) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < s.length() && s.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                record.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < s.length() && s.charAt(i + 1) == '\n') {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
            } else if (c != '\uFEFF' || i > 0) {
                field.append(c);
            }
        }
        if (field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
