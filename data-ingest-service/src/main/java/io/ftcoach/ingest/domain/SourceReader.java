package io.ftcoach.ingest.domain;

import java.nio.file.Path;

/** Reads one kind of source ({@code type} in data_source.yaml) into rows, or fails with a {@link SourceException}. */
public interface SourceReader {

    /** The {@code type} it reads: file_import, database, … */
    String type();

    /**
     * @param taskDir     the task folder: relative paths resolve against it
     * @param environment resolves {@code ${VAR}} references (secrets); null when a variable is not set
     */
    SourceRows read(Path taskDir, SourceDefinition source, java.util.function.Function<String, String> environment);

    /**
     * As {@link #read(Path, SourceDefinition, java.util.function.Function)}, knowing the rows the sources before
     * this one gave in the same run (an llm_generated source de-duplicates against them).
     */
    default SourceRows read(Path taskDir, SourceDefinition source, java.util.function.Function<String, String> environment,
                            java.util.List<LabeledRow> earlierRows) {
        return read(taskDir, source, environment);
    }

    /**
     * As {@link #read(Path, SourceDefinition, java.util.function.Function, java.util.List)}.
     *
     * @param regenerate read the source afresh, ignoring and replacing what the reader kept from earlier runs (an
     *                   llm_generated source's cache of what the model wrote); readers that keep nothing ignore it
     */
    default SourceRows read(Path taskDir, SourceDefinition source, java.util.function.Function<String, String> environment,
                            java.util.List<LabeledRow> earlierRows, boolean regenerate) {
        return read(taskDir, source, environment, earlierRows);
    }
}
