package io.ftcoach.task.domain.generate;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import io.ftcoach.task.domain.Task;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Generates a task's project into its folder. Refused while task.yaml or data_source.yaml is missing or unreadable;
 * every file is rendered before the first one is written, and each is written atomically, so a refusal or a
 * rendering error leaves the folder as it was.
 */
public final class ProjectFolder {

    public static final String DATA_SOURCE = "data_source.yaml";

    private final Workspace workspace;
    private final ProjectGenerator generator;
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    public ProjectFolder(Workspace workspace, ProjectGenerator generator) {
        this.workspace = workspace;
        this.generator = generator;
    }

    /** What was generated, and the sha-256 of the task.yaml it came from. */
    public record Generated(List<GeneratedFile> files, String taskYamlSha256) {
    }

    public Generated generate(Task task) {
        TaskName name = task.name();
        Path dir = workspace.taskDir(name);
        Path taskYaml = dir.resolve("task.yaml");
        if (!Files.isRegularFile(taskYaml)) {
            throw new NoSuchElementException("No task named '" + name + "' (no " + taskYaml + "); create it first "
                    + "with POST /api/tasks");
        }
        Path dataSource = dir.resolve(DATA_SOURCE);
        if (!Files.isRegularFile(dataSource)) {
            throw new IllegalStateException("Task '" + name + "' has no data_source.yaml yet (" + dataSource
                    + "): configure its data first with PUT /api/tasks/" + name + "/data-source on data-ingest-service, "
                    + "then generate again; nothing was written");
        }
        JsonNode source;
        try {
            source = yaml.readTree(dataSource.toFile());
        } catch (JacksonException e) {
            throw new IllegalStateException(dataSource + " is not valid YAML: " + e.getOriginalMessage()
                    + "; fix it, then generate again; nothing was written", e);
        }
        if (source == null || !source.isObject() || !source.path("sources").isArray()) {
            throw new IllegalStateException(dataSource + " must be a mapping with a 'sources' list (spec §5.2); fix it, "
                    + "then generate again; nothing was written");
        }
        byte[] taskYamlBytes;
        try {
            taskYamlBytes = Files.readAllBytes(taskYaml);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + taskYaml, e);
        }
        List<GeneratedFile> files = generator.generate(task, source);
        for (GeneratedFile f : files) {
            write(dir.resolve(f.path()), f);
        }
        return new Generated(files, GeneratedFile.sha256(taskYamlBytes));
    }

    private static void write(Path target, GeneratedFile file) {
        byte[] bytes = file.bytes();
        try {
            // an unchanged file keeps its timestamp, so regenerating does not look like an edit
            if (!Files.isRegularFile(target) || !Arrays.equals(Files.readAllBytes(target), bytes)) {
                AtomicFiles.write(target, bytes);
            }
            if (file.executable()) {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        } catch (UnsupportedOperationException e) {
            // a file system without POSIX permissions: run the scripts with python3 / bash explicitly
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + target, e);
        }
    }
}
