package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.TaskName;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * A task's data_source.yaml and its runs. Writing and running are serialized, so a run reads the configuration
 * whose hash it records, and a run that fails has written nothing: every source is read and split in memory
 * first, then the raw files, the splits and the snapshot are written.
 */
public final class DataSourceService {

    private final DataWorkspace workspace;
    private final DataSourceFile file;
    private final DataPipeline pipeline;

    /** A service that reads file_import sources only. */
    public DataSourceService(DataWorkspace workspace, DataSourceFile file) {
        this(workspace, file, new DataPipeline());
    }

    public DataSourceService(DataWorkspace workspace, DataSourceFile file, DataPipeline pipeline) {
        this.workspace = workspace;
        this.file = file;
        this.pipeline = pipeline;
    }

    /** What a run stored and where each source stood. */
    public record Run(SnapshotImport imported, List<SourceRows> sources, int mergedRows, DataSourceConfig config) {
    }

    /** Validates and, only when valid, replaces the file. @throws InvalidDataSourceException otherwise */
    public synchronized DataSourceConfig put(TaskName task, byte[] yaml) {
        DataSourceConfig config = file.parse(yaml);
        workspace.writeDataSource(task, yaml);
        return config;
    }

    public byte[] get(TaskName task) {
        return workspace.readDataSource(task).orElseThrow(() -> missing(task));
    }

    /** The variables the task's configuration needs, and whether each is set; never their values. */
    public List<EnvVariable> environment(TaskName task) {
        return file.parse(get(task)).environment();
    }

    /** Runs the configured sources and stores the result as the task's data and a snapshot. */
    public Run run(TaskName task, String onlySource) {
        return run(task, onlySource, false);
    }

    /**
     * As {@link #run(TaskName, String)}.
     *
     * @param regenerate read the named source (every source when none is named) afresh, ignoring and replacing what
     *                   it kept from earlier runs: an llm_generated source asks the model again instead of reusing its
     *                   cached rows
     */
    public synchronized Run run(TaskName task, String onlySource, boolean regenerate) {
        DataSourceConfig config = file.parse(get(task));
        if (onlySource != null && config.sources().stream().noneMatch(s -> s.name().equals(onlySource))) {
            throw new IllegalArgumentException("data_source.yaml of task '" + task + "' has no source named '"
                    + onlySource + "': its sources are " + config.sources().stream().map(SourceDefinition::name).toList());
        }
        // every source is re-read even when one is named: merge and split need all rows, and an unchanged source
        // gives the same rows, so the result is the same
        DataPipeline.Result result = pipeline.run(workspace.taskDir(task), config,
                source -> regenerate && (onlySource == null || source.name().equals(onlySource)));
        // converted before anything is written, so a template that does not fit the rows stores nothing
        Map<String, byte[]> chat = workspace.taskPrompting(task)
                .map(p -> ChatFormat.convert(result.splits(), p, config.split().seed())).orElse(Map.of());
        workspace.writeTaskFiles(task, result.rawFiles());
        Map<String, String> positions = new java.util.LinkedHashMap<>();
        result.sources().forEach(r -> positions.put(r.source().name(), r.position()));
        SnapshotImport imported = workspace.importSnapshot(task, result.splits(), chat, positions);
        return new Run(imported, result.sources(), result.merged().size(), config);
    }

    /**
     * Stores rows that arrived already split ({@code POST /api/tasks/{task}/snapshots}) as the task's data and a
     * snapshot, with the same derived files a run writes: the chat format, and preference pairs where the task's
     * method needs them, when task.yaml has an input_template. Pairs draw their rejected label with the split seed
     * of the task's data_source.yaml, or 42 (the default of a run) when it has none or one that is not valid, so the
     * same rows give the same snapshot whichever way they arrived.
     *
     * @throws SourceException when task.yaml's input_template does not fit the rows; nothing is stored then
     */
    public synchronized SnapshotImport importSplits(TaskName task, DatasetSplits splits) {
        Map<String, byte[]> chat = workspace.taskPrompting(task)
                .map(p -> ChatFormat.convert(splits, p, splitSeed(task))).orElse(Map.of());
        return workspace.importSnapshot(task, splits, chat);
    }

    private long splitSeed(TaskName task) {
        java.util.Optional<byte[]> yaml = workspace.readDataSource(task);
        if (yaml.isPresent()) {
            try {
                return file.parse(yaml.get()).split().seed();
            } catch (InvalidDataSourceException e) {
                // an import does not need a valid data_source.yaml; the seed only picks rejected labels
            }
        }
        return DataSourceConfig.SplitSettings.DEFAULT_SEED;
    }

    private static NoSuchElementException missing(TaskName task) {
        return new NoSuchElementException("Task '" + task + "' has no data_source.yaml yet: write one with PUT "
                + "/api/tasks/" + task + "/data-source");
    }
}
