package io.ftcoach.ingest.domain;

/**
 * One thing wrong with a configuration file.
 *
 * @param file    the file as the person knows it, e.g. {@code data_source.yaml}
 * @param line    1-based line, or null when the problem has no single place (an empty file)
 * @param path    the field, e.g. {@code sources[0].config.password}; {@code $} for the whole document
 * @param message what was found and what is expected instead
 */
public record ConfigProblem(String file, Integer line, String path, String message) {

    /** {@code data_source.yaml:7: sources[0].config.password: write ${DB_PASSWORD}, not the password itself}. */
    @Override
    public String toString() {
        return file + (line == null ? "" : ":" + line) + ": " + path + ": " + message;
    }
}
