package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Keeps each version's lineage under {@code <task>/versions/<v>/}: the merged sections as {@value #STATE_FILE}
 * (what the next event is merged into) and, rendered from it, {@value #LINEAGE_FILE}. Both are written atomically,
 * state first: if the process dies in between, the event is delivered again, finds itself already applied and
 * renders the file anew.
 *
 * <p>The task's {@code task.yaml} is not required: events are the source of truth and topics are replayed in
 * any order across types, so lineage creates the folders it needs rather than waiting for task-service.
 */
public final class LineageStore {

    public static final String VERSIONS_DIR = "versions";
    public static final String STATE_FILE = "lineage-state.json";
    public static final String LINEAGE_FILE = "lineage.yaml";
    private static final String HEADER = "# Written by lineage-service from this version's events "
            + "(spec §6.2); edits are overwritten.\n";

    private final Workspace workspace;
    private final JsonMapper json = JsonMapper.builder().build();
    private final YAMLMapper yaml = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER).build();

    public LineageStore(Workspace workspace) {
        this.workspace = workspace;
    }

    /** What {@link #apply} recorded. */
    public record Recorded(TaskName task, VersionLineage lineage, Section.Merge outcome, String lineagePath) {
    }

    /**
     * Merges one event's section into the version's lineage and rewrites its files, unless the section was
     * superseded by a later event. Serialised, so two events for one version never lose each other's section.
     */
    public synchronized Recorded apply(TaskName task, VersionName version,
                                       Function<VersionLineage, VersionLineage.Merged> merge) {
        VersionLineage current = find(task, version).orElseGet(() -> VersionLineage.empty(version));
        VersionLineage.Merged merged = merge.apply(current);
        if (merged.outcome() != Section.Merge.SUPERSEDED) {
            Path dir = versionDir(task, version);
            AtomicFiles.writeString(dir.resolve(STATE_FILE), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(merged.lineage()));
            AtomicFiles.writeString(dir.resolve(LINEAGE_FILE), renderYaml(merged.lineage()));
        }
        return new Recorded(task, merged.lineage(), merged.outcome(), lineagePath(version));
    }

    public Optional<VersionLineage> find(TaskName task, VersionName version) {
        Path file = versionDir(task, version).resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), VersionLineage.class));
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " cannot be read as a lineage state: " + e.getOriginalMessage()
                    + "; delete it and replay the version's events to rebuild it", e);
        }
    }

    public VersionLineage get(TaskName task, VersionName version) {
        return find(task, version).orElseThrow(() -> new NoSuchElementException("Task '" + task
                + "' has no recorded version '" + version + "'; list its versions with GET /api/tasks/" + task
                + "/versions"));
    }

    /** The task's versions, oldest first (by creation; versions whose request has not arrived yet last). */
    public List<VersionSummary> list(TaskName task) {
        Path taskDir = workspace.taskDir(task);
        if (!Files.isDirectory(taskDir)) {
            throw new NoSuchElementException("No task folder '" + task + "' in " + workspace.root());
        }
        Path versions = taskDir.resolve(VERSIONS_DIR);
        if (!Files.isDirectory(versions)) {
            return List.of();
        }
        List<VersionSummary> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(versions)) {
            for (Path dir : dirs.filter(d -> VersionName.isValid(d.getFileName().toString())
                    && Files.isRegularFile(d.resolve(STATE_FILE))).toList()) {
                VersionName v = VersionName.of(dir.getFileName().toString());
                find(task, v).ifPresent(l -> out.add(VersionSummary.of(l, lineagePath(v))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + versions, e);
        }
        out.sort(Comparator.comparing(VersionSummary::created, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(VersionSummary::version));
        return out;
    }

    public String renderYaml(VersionLineage lineage) {
        return HEADER + yaml.writeValueAsString(LineageDocument.render(lineage));
    }

    /** The lineage file's path relative to the task folder, as events carry it. */
    public static String lineagePath(VersionName version) {
        return VERSIONS_DIR + "/" + version.value() + "/" + LINEAGE_FILE;
    }

    private Path versionDir(TaskName task, VersionName version) {
        return workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(version.value());
    }
}
