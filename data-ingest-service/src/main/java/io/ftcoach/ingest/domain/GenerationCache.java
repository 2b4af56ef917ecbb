package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an llm_generated source wrote, kept under the task folder so that a run with the same settings gives the
 * same rows without asking the model again: {@code data/generated/<source>/<key>.jsonl} (the source's output file,
 * review flags included) and {@code <key>.json}, its manifest (key, row counts, the file's sha-256 and the settings
 * it was generated with, never the api key). The key is the sha-256 of those settings (see
 * {@link LlmGeneratedSource}). The manifest is written last, so an entry without one does not exist.
 */
final class GenerationCache {

    static final String DIR = "data/generated";

    /** A verified entry: its rows, the output file as stored, and how many rows it marks for review. */
    record Entry(List<LabeledRow> rows, byte[] output, int review) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final Path taskDir;
    private final SourceDefinition source;

    GenerationCache(Path taskDir, SourceDefinition source) {
        this.taskDir = taskDir;
        this.source = source;
    }

    /** The entry's rows file, relative to the task folder (as messages name it). */
    String rowsPath(String key) {
        return DIR + "/" + source.name() + "/" + key + ".jsonl";
    }

    String manifestPath(String key) {
        return DIR + "/" + source.name() + "/" + key + ".json";
    }

    /**
     * @return empty when there is no entry for the key
     * @throws SourceException when there is one that cannot be trusted: its rows would not be the ones generated
     */
    Optional<Entry> read(String key) {
        Path manifestFile = taskDir.resolve(manifestPath(key));
        if (!Files.isRegularFile(manifestFile)) {
            return Optional.empty();
        }
        JsonNode manifest;
        try {
            manifest = JSON.readTree(manifestFile.toFile());
        } catch (JacksonException e) {
            throw corrupt(manifestPath(key) + " is not valid JSON (line " + e.getLocation().getLineNr() + ": "
                    + e.getOriginalMessage() + ")", key);
        }
        if (manifest == null || !manifest.isObject()) {
            throw corrupt(manifestPath(key) + " is not a JSON object", key);
        }
        if (!key.equals(manifest.path("key").asString(null))) {
            throw corrupt(manifestPath(key) + " names the key '" + manifest.path("key").asString("") + "', not the "
                    + "one of its file name", key);
        }
        Path rowsFile = taskDir.resolve(rowsPath(key));
        byte[] output;
        try {
            output = Files.readAllBytes(rowsFile);
        } catch (java.nio.file.NoSuchFileException e) {
            throw corrupt(rowsPath(key) + " is missing", key);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + rowsFile, e);
        }
        String sha = Sha256.hex(output);
        if (!sha.equals(manifest.path("sha256").asString(null))) {
            throw corrupt(rowsPath(key) + " has sha-256 " + sha + ", but its manifest says "
                    + manifest.path("sha256").asString("(none)"), key);
        }
        List<LabeledRow> rows = new ArrayList<>();
        int review = 0;
        String[] lines = new String(output, StandardCharsets.UTF_8).split("\n");
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            JsonNode row;
            try {
                row = JSON.readTree(lines[i]);
            } catch (JacksonException e) {
                throw corrupt(rowsPath(key) + " line " + (i + 1) + " is not valid JSON", key);
            }
            if (!row.path("text").isString() || !row.path("label").isString()) {
                throw corrupt(rowsPath(key) + " line " + (i + 1) + " has no text or label", key);
            }
            rows.add(LabeledRow.of(row.path("text").asString(), row.path("label").asString()));
            review += row.path("review").asBoolean(false) ? 1 : 0;
        }
        return Optional.of(new Entry(rows, output, review));
    }

    /**
     * Stores (or replaces) the entry: the rows file first, then the manifest, each atomically.
     *
     * @param settings what the key was computed from, as the manifest shows it (no secrets)
     */
    void write(String key, ObjectNode settings, byte[] output, int rows, int review) {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("key", key);
        manifest.put("source", source.name());
        manifest.put("rows", rows);
        manifest.put("review", review);
        manifest.put("sha256", Sha256.hex(output));
        manifest.set("settings", settings);
        AtomicFiles.write(taskDir.resolve(rowsPath(key)), output);
        AtomicFiles.write(taskDir.resolve(manifestPath(key)), JSON.writeValueAsBytes(manifest));
    }

    private SourceException corrupt(String what, String key) {
        return new SourceException(source.label() + ": the cached generation cannot be trusted: " + what + ". Set "
                + "regenerate: true on the source (or run with ?regenerate=true) to ask the model again and replace "
                + "it, or delete " + manifestPath(key) + " to do so on the next run");
    }
}
