package io.ftcoach.ingest.domain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Runs a data_source.yaml in memory: the enabled sources in their order, then merge (de-duplicate by key,
 * shuffle with the seed), then split (ratios, stratified by label, seed). Deterministic: the same configuration
 * on unchanged sources gives the same rows in the same order, hence the same snapshot id (an llm_generated source
 * through its cache). Nothing is written here but that cache ({@link LlmGeneratedSource}).
 */
public final class DataPipeline {

    private final Map<String, SourceReader> readers = new LinkedHashMap<>();
    private final Function<String, String> environment;

    /** Only file_import, and no environment: for tests and tools that read files. */
    public DataPipeline() {
        this(List.of(new FileImportSource()), name -> null);
    }

    /** @param environment resolves {@code ${VAR}}: {@code System::getenv} in the service */
    public DataPipeline(List<SourceReader> readers, Function<String, String> environment) {
        readers.forEach(r -> this.readers.put(r.type(), r));
        this.environment = environment;
    }

    /**
     * @param sources  what each enabled source gave, in order
     * @param merged   the rows after merge, in the order they were split
     * @param rawFiles files to write, relative to the task folder: each source's output and the merged rows
     */
    public record Result(DatasetSplits splits, List<SourceRows> sources, List<LabeledRow> merged,
                         Map<String, byte[]> rawFiles) {
    }

    public Result run(Path taskDir, DataSourceConfig config) {
        return run(taskDir, config, source -> false);
    }

    /** @param regenerate the sources to read afresh, replacing what they kept from earlier runs (llm_generated) */
    public Result run(Path taskDir, DataSourceConfig config, Predicate<SourceDefinition> regenerate) {
        List<SourceDefinition> enabled = config.sources().stream().filter(SourceDefinition::enabled).toList();
        if (enabled.isEmpty()) {
            throw new SourceException("data_source.yaml has no enabled source: add one to sources (e.g. a "
                    + "file_import) or set enabled: true on one");
        }
        for (SourceDefinition source : enabled) {
            if (!readers.containsKey(source.type())) {
                throw new SourceException(source.label() + ": this service cannot run " + source.type()
                        + " sources yet (only " + String.join(", ", readers.keySet()) + "): set enabled: false on "
                        + "it, or import its data as a file");
            }
        }
        List<SourceRows> read = new ArrayList<>();
        Map<String, byte[]> rawFiles = new LinkedHashMap<>();
        List<LabeledRow> earlier = new ArrayList<>();
        for (SourceDefinition source : enabled) {
            SourceRows rows = readers.get(source.type()).read(taskDir, source, environment,
                    Collections.unmodifiableList(earlier), regenerate.test(source));
            read.add(rows);
            earlier.addAll(rows.rows());
            rawFiles.put(source.rawOutputPath(), rows.rawOutput() != null ? rows.rawOutput()
                    : JsonLines.write(rows.rows()));
        }
        List<LabeledRow> merged = merge(read, config.merge());
        if (merged.isEmpty()) {
            throw new NoRowsException("The enabled sources gave no rows (" + String.join(", ", read.stream()
                    .map(r -> r.source().label() + ": " + r.rows().size()).toList()) + "): check that their files "
                    + "hold data rows below the header and that their tables hold rows the query selects (a captured "
                    + "table may have been truncated); nothing was stored, the previous snapshot stays the task's data");
        }
        if (config.merge().enabled()) {
            rawFiles.put(config.merge().outputPath(), JsonLines.write(merged));
        }
        return new Result(split(merged, config.split()), read, merged, rawFiles);
    }

    /** All sources' rows in order; when merge is enabled, the first row of each key is kept and the rest shuffled. */
    static List<LabeledRow> merge(List<SourceRows> sources, DataSourceConfig.Merge merge) {
        List<LabeledRow> all = new ArrayList<>();
        sources.forEach(s -> all.addAll(s.rows()));
        if (!merge.enabled()) {
            return all;
        }
        List<LabeledRow> out = all;
        if (merge.deduplicate()) {
            Function<LabeledRow, Object> key = switch (merge.dedupKey()) {
                case "text_label" -> r -> List.of(r.text(), r.label());
                case "text_entity" -> r -> java.util.Arrays.asList(r.text(), r.entity());
                default -> LabeledRow::text;
            };
            // sized for every row up front: a million-row merge must not rehash twenty times
            Set<Object> seen = new HashSet<>((int) (all.size() / 0.75f) + 1);
            out = new ArrayList<>();
            for (LabeledRow row : all) {
                if (seen.add(key.apply(row))) {
                    out.add(row);
                }
            }
        }
        if (merge.shuffle()) {
            Collections.shuffle(out, new Random(merge.seed()));
        }
        return out;
    }

    /**
     * Splits each stratum (each label, in label order; or all rows when not stratified): train gets
     * round(n × train ratio), valid round(n × valid ratio), test the rest (nothing when its ratio is 0). The
     * strata are shuffled with the seed before and each split after, so labels are interleaved.
     */
    static DatasetSplits split(List<LabeledRow> rows, DataSourceConfig.SplitSettings split) {
        if (!split.enabled()) {
            return new DatasetSplits(rows, List.of(), List.of());
        }
        Map<String, List<LabeledRow>> strata = new TreeMap<>();
        for (LabeledRow row : rows) {
            strata.computeIfAbsent(split.stratifyByLabel() ? row.label() : "", k -> new ArrayList<>()).add(row);
        }
        Random random = new Random(split.seed());
        Map<Split, List<LabeledRow>> out = new EnumMap<>(Split.class);
        for (Split s : Split.values()) {
            out.put(s, new ArrayList<>());
        }
        for (List<LabeledRow> stratum : strata.values()) {
            List<LabeledRow> shuffled = new ArrayList<>(stratum);
            Collections.shuffle(shuffled, random);
            int n = shuffled.size();
            int train = (int) Math.min(n, Math.round(n * split.train()));
            int valid = (int) Math.min(n - train, Math.round(n * split.valid()));
            if (split.test() == 0) {
                valid = n - train;
            }
            out.get(Split.TRAIN).addAll(shuffled.subList(0, train));
            out.get(Split.VALID).addAll(shuffled.subList(train, train + valid));
            out.get(Split.TEST).addAll(shuffled.subList(train + valid, n));
        }
        for (Split s : Split.values()) {
            Collections.shuffle(out.get(s), random);
        }
        return new DatasetSplits(out.get(Split.TRAIN), out.get(Split.VALID), out.get(Split.TEST));
    }
}
