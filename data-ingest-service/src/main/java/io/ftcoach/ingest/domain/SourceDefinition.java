package io.ftcoach.ingest.domain;

import java.util.Map;

/**
 * One entry of {@code sources[]} in data_source.yaml, as validated.
 *
 * @param index      its position in {@code sources[]}: sources are run in this order
 * @param config     the type-specific {@code config} block, as plain Java values (maps, lists, strings, numbers);
 *                   a database source's {@code query}, which the file has next to config, is here too
 * @param mapping    {@code mapping} (file_import: text/label/entity ← column), empty when absent
 * @param outputPath {@code output.path} relative to the task folder, or null: then {@code data/raw/<name>.jsonl}
 */
public record SourceDefinition(int index, String name, String type, boolean enabled, Map<String, Object> config,
                               Map<String, String> mapping, String outputPath) {

    public SourceDefinition {
        config = Map.copyOf(config);
        mapping = Map.copyOf(mapping);
    }

    /** How errors name this source: {@code sources[0] 'reviews' (file_import)}. */
    public String label() {
        return "sources[" + index + "] '" + name + "' (" + type + ")";
    }

    public String rawOutputPath() {
        return outputPath != null ? outputPath : DataWorkspace.RAW_DIR + "/" + name + ".jsonl";
    }

    public String configString(String key, String fallback) {
        Object value = config.get(key);
        return value == null ? fallback : value.toString();
    }
}
