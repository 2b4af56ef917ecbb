package io.ftcoach.ingest.domain;

import java.util.List;

/**
 * A validated data_source.yaml (spec §5.2): the sources in the order they run, then merge and split.
 *
 * @param sha256 sha-256 of the file's bytes, the {@code source_config_hash} of the data it produces
 */
public record DataSourceConfig(String version, List<SourceDefinition> sources, Merge merge, SplitSettings split,
                               List<EnvVariable> environment, String sha256) {

    public DataSourceConfig {
        sources = List.copyOf(sources);
        environment = List.copyOf(environment);
    }

    /**
     * {@code merge}: absent means enabled, de-duplicated by text, shuffled with seed 42.
     *
     * @param dedupKey {@code text} (the default), {@code text_label} or {@code text_entity}
     */
    public record Merge(boolean enabled, String outputPath, boolean deduplicate, String dedupKey, boolean shuffle,
                        long seed) {

        public static final String DEFAULT_OUTPUT = DataWorkspace.RAW_DIR + "/merged.jsonl";
    }

    /**
     * {@code split}: absent means 0.7 / 0.15 / 0.15, stratified by label, seed 42. Disabled puts every row in train.
     *
     * @param stratifyByLabel {@code stratify_by: label}
     */
    public record SplitSettings(boolean enabled, double train, double valid, double test, boolean stratifyByLabel,
                                long seed) {

        public static final long DEFAULT_SEED = 42;
    }
}
