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
import java.util.Map;
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
 *
 * <p>{@code changes} in lineage.yaml are derived from the parent's recorded state ({@link ChangeDerivation}).
 * When a parent is recorded after its child, or its request is replaced, the children's lineage.yaml files are
 * rendered again, so the files end up the same whatever the order. Only the files: no VersionRecorded is
 * published for a child re-rendered this way (its last VersionRecorded keeps the changes it had then).
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

    /** What {@link #apply} recorded; {@code changes} as written to lineage.yaml (stated, then derived). */
    public record Recorded(TaskName task, VersionLineage lineage, Section.Merge outcome, String lineagePath,
                           List<String> changes) {
    }

    /**
     * Merges one event's section into the version's lineage and rewrites its files, unless the section was
     * superseded by a later event. Serialised, so two events for one version never lose each other's section.
     */
    public synchronized Recorded apply(TaskName task, VersionName version,
                                       Function<VersionLineage, VersionLineage.Merged> merge) {
        VersionLineage current = find(task, version).orElseGet(() -> VersionLineage.empty(version));
        VersionLineage.Merged merged = merge.apply(current);
        VersionLineage parent = parentOf(task, merged.lineage());
        if (merged.outcome() != Section.Merge.SUPERSEDED) {
            Path dir = versionDir(task, version);
            AtomicFiles.writeString(dir.resolve(STATE_FILE), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(merged.lineage()));
            AtomicFiles.writeString(dir.resolve(LINEAGE_FILE), renderYaml(merged.lineage(), parent));
            rerenderChildren(task, merged.lineage());
        }
        return new Recorded(task, merged.lineage(), merged.outcome(), lineagePath(version),
                ChangeDerivation.changes(merged.lineage(), parent));
    }

    /**
     * Rewrites the lineage.yaml of every recorded version whose parent is {@code parent}, so that changes derived
     * from a parent that arrived after its child (or whose request was replaced) end up the same as in order.
     */
    private void rerenderChildren(TaskName task, VersionLineage parent) {
        // a sibling whose state cannot be read is skipped here: its own next event reports it, not the parent's
        for (VersionLineage child : all(task, true)) {
            if (parent.version().value().equals(child.parent())) {
                Path file = versionDir(task, child.version()).resolve(LINEAGE_FILE);
                String yamlText = renderYaml(child, parent);
                try {
                    if (Files.isRegularFile(file) && Files.readString(file).equals(yamlText)) {
                        continue;
                    }
                } catch (IOException e) {
                    // unreadable: rewrite it
                }
                AtomicFiles.writeString(file, yamlText);
            }
        }
    }

    /** The recorded lineage of {@code lineage}'s parent, or null while it has none or it is not recorded yet. */
    public VersionLineage parentOf(TaskName task, VersionLineage lineage) {
        String parent = lineage.parent();
        if (parent == null || !VersionName.isValid(parent) || parent.equals(lineage.version().value())) {
            return null;
        }
        return find(task, VersionName.of(parent)).orElse(null);
    }

    /** The version's lineage.yaml tree, with the changes derived from its parent as recorded now. */
    public Map<String, Object> document(TaskName task, VersionName version) {
        VersionLineage lineage = get(task, version);
        return LineageDocument.render(lineage, parentOf(task, lineage));
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
        for (VersionLineage l : all(task, false)) {
            out.add(VersionSummary.of(l, lineagePath(l.version())));
        }
        out.sort(Comparator.comparing(VersionSummary::created, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(VersionSummary::version));
        return out;
    }

    /**
     * Every recorded version of the task, in folder-name order; none when it has no versions folder. An unreadable
     * state file is skipped when {@code skipUnreadable}, else reported as {@link #find} does.
     */
    private List<VersionLineage> all(TaskName task, boolean skipUnreadable) {
        Path versions = workspace.taskDir(task).resolve(VERSIONS_DIR);
        if (!Files.isDirectory(versions)) {
            return List.of();
        }
        List<VersionLineage> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(versions)) {
            for (Path dir : dirs.filter(d -> VersionName.isValid(d.getFileName().toString())
                    && Files.isRegularFile(d.resolve(STATE_FILE))).sorted().toList()) {
                try {
                    find(task, VersionName.of(dir.getFileName().toString())).ifPresent(out::add);
                } catch (IllegalStateException e) {
                    if (!skipUnreadable) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + versions, e);
        }
        return out;
    }

    public String renderYaml(VersionLineage lineage, VersionLineage parent) {
        return HEADER + yaml.writeValueAsString(LineageDocument.render(lineage, parent));
    }

    /** The lineage file's path relative to the task folder, as events carry it. */
    public static String lineagePath(VersionName version) {
        return VERSIONS_DIR + "/" + version.value() + "/" + LINEAGE_FILE;
    }

    private Path versionDir(TaskName task, VersionName version) {
        return workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(version.value());
    }
}
