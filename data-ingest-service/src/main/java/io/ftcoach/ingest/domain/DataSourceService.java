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
    public synchronized Run run(TaskName task, String onlySource) {
        DataSourceConfig config = file.parse(get(task));
        if (onlySource != null && config.sources().stream().noneMatch(s -> s.name().equals(onlySource))) {
            throw new IllegalArgumentException("data_source.yaml of task '" + task + "' has no source named '"
                    + onlySource + "': its sources are " + config.sources().stream().map(SourceDefinition::name).toList());
        }
        // every source is re-read even when one is named: merge and split need all rows, and an unchanged source
        // gives the same rows, so the result is the same
        DataPipeline.Result result = pipeline.run(workspace.taskDir(task), config);
        // converted before anything is written, so a template that does not fit the rows stores nothing
        Map<String, byte[]> chat = workspace.taskPrompting(task)
                .map(p -> ChatFormat.convert(result.splits(), p, config.split().seed())).orElse(Map.of());
        workspace.writeTaskFiles(task, result.rawFiles());
        Map<String, String> positions = new java.util.LinkedHashMap<>();
        result.sources().forEach(r -> positions.put(r.source().name(), r.position()));
        SnapshotImport imported = workspace.importSnapshot(task, result.splits(), chat, positions);
        return new Run(imported, result.sources(), result.merged().size(), config);
    }

    private static NoSuchElementException missing(TaskName task) {
        return new NoSuchElementException("Task '" + task + "' has no data_source.yaml yet: write one with PUT "
                + "/api/tasks/" + task + "/data-source");
    }
}
