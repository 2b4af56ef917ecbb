package io.ftcoach.lineage.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

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
import java.util.Set;
import java.util.TreeSet;
import java.time.Instant;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Keeps each version's lineage under {@code <task>/versions/<v>/}: the merged sections as {@value #STATE_FILE}
 * (what the next event is merged into) and, rendered from it, {@link VersionFiles}: lineage.yaml, config.yaml,
 * data_snapshot.json, results.json and model_info.json. Data snapshots are per task, not per version: each is kept
 * as {@code versions/}{@value #SNAPSHOTS_DIR}{@code /<snapshot id>.json} and read by every version trained on it.
 * Everything is written atomically, state first: if the process dies in between, the event is delivered again,
 * finds itself already applied and renders the files anew.
 *
 * <p>The task's {@code task.yaml} is not required: events are the source of truth and topics are replayed in
 * any order across types, so lineage creates the folders it needs rather than waiting for task-service.
 *
 * <p>A version's files depend on its parent and on two snapshots, which may be recorded after it. So after every
 * change all versions of the task are rendered again and a file is rewritten where its content differs: the files
 * are a pure function of the recorded state, whatever the order the events came in. Only the files: no
 * VersionRecorded is published for a version re-rendered because of another version's or a snapshot's event.
 * VersionRecorded announces that an event of <em>that</em> version was recorded (its causation id is that event);
 * announcing a re-render would give one event several announcements that differ by delivery order, and the files
 * and GET endpoints always show the current derived changes.
 */
public final class LineageStore {

    public static final String VERSIONS_DIR = "versions";
    public static final String STATE_FILE = "lineage-state.json";
    public static final String LINEAGE_FILE = VersionFiles.LINEAGE;
    /** Under {@code versions/}; starts with '_' so it can never be taken for a version folder. */
    public static final String SNAPSHOTS_DIR = "_data-snapshots";
    /** Under {@code versions/}: the state of versions retention removed, so their children keep their parent. */
    public static final String RETIRED_DIR = "_retired";

    private final Workspace workspace;
    private final JsonMapper json = JsonMapper.builder().build();

    public LineageStore(Workspace workspace) {
        this.workspace = workspace;
    }

    public Workspace workspace() {
        return workspace;
    }

    /**
     * What {@link #apply} recorded; {@code changes} as written to lineage.yaml (stated, then derived);
     * {@code retired} when the version had been removed by retention (its state was updated, no files written).
     */
    public record Recorded(TaskName task, VersionLineage lineage, Section.Merge outcome, String lineagePath,
                           List<String> changes, boolean retired) {
    }

    /**
     * Merges one event's section into the version's lineage and rewrites its files, unless the section was
     * superseded by a later event. Serialised, so two events for one version never lose each other's section.
     */
    public synchronized Recorded apply(TaskName task, VersionName version,
                                       Function<VersionLineage, VersionLineage.Merged> merge) {
        Optional<VersionLineage> active = find(task, version);
        if (active.isEmpty()) {
            Optional<VersionLineage> retired = findRetired(task, version);
            if (retired.isPresent()) {
                // a late event must not bring a retired version's folder back with only its own section
                VersionLineage.Merged merged = merge.apply(retired.get());
                if (merged.outcome() == Section.Merge.CHANGED) {
                    AtomicFiles.writeString(retiredDir(task, version).resolve(STATE_FILE),
                            json.writerWithDefaultPrettyPrinter().writeValueAsString(merged.lineage()));
                    renderTask(task);   // its children derive their changes from it
                }
                return new Recorded(task, merged.lineage(), merged.outcome(), lineagePath(version), List.of(), true);
            }
        }
        VersionLineage current = active.orElseGet(() -> VersionLineage.empty(version));
        VersionLineage.Merged merged = merge.apply(current);
        if (merged.outcome() != Section.Merge.SUPERSEDED) {
            AtomicFiles.writeString(versionDir(task, version).resolve(STATE_FILE), json.writerWithDefaultPrettyPrinter()
                    .writeValueAsString(merged.lineage()));
            renderTask(task);
        }
        return new Recorded(task, merged.lineage(), merged.outcome(), lineagePath(version),
                ChangeDerivation.changes(view(task, merged.lineage())), false);
    }

    /**
     * Records a data snapshot of the task (a later DataUpdated for the same snapshot replaces an earlier one) and
     * renders again every version, since any of them may be trained on it or be the child of one that is.
     */
    public synchronized Section.Merge applySnapshot(TaskName task, DataSection snapshot) {
        Section.Merge merge = Section.Merge.of(snapshot(task, snapshot.snapshotId()), snapshot);
        if (merge != Section.Merge.SUPERSEDED) {
            if (merge == Section.Merge.CHANGED) {
                AtomicFiles.writeString(snapshotFile(task, snapshot.snapshotId()),
                        json.writerWithDefaultPrettyPrinter().writeValueAsString(snapshot));
            }
            renderTask(task);
        }
        return merge;
    }

    /** The recorded snapshot, or null while its DataUpdated has not arrived (or the id is null). */
    public DataSection snapshot(TaskName task, String snapshotId) {
        if (snapshotId == null) {
            return null;
        }
        Path file = snapshotFile(task, snapshotId);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return json.readValue(file.toFile(), DataSection.class);
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " cannot be read as a data snapshot: " + e.getOriginalMessage()
                    + "; delete it and replay the task's DataUpdated events to rebuild it", e);
        }
    }

    /** The task's recorded snapshots, by id. */
    public List<DataSection> snapshots(TaskName task) {
        Path dir = workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(SNAPSHOTS_DIR);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json")).sorted()
                    .map(n -> snapshot(task, n.substring(0, n.length() - ".json".length())))
                    .filter(java.util.Objects::nonNull).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    /**
     * Writes the files of every recorded version of the task where their content differs from what is rendered
     * now. A version whose state cannot be read is left alone here: its own next event, or validation, reports it.
     */
    public synchronized void renderTask(TaskName task) {
        for (VersionLineage l : all(task, true)) {
            Path dir = versionDir(task, l.version());
            for (Map.Entry<String, String> file : VersionFiles.render(view(task, l)).entrySet()) {
                Path target = dir.resolve(file.getKey());
                try {
                    if (Files.isRegularFile(target) && Files.readString(target).equals(file.getValue())) {
                        continue;
                    }
                } catch (IOException e) {
                    // unreadable: rewrite it
                }
                AtomicFiles.writeString(target, file.getValue());
            }
        }
    }

    /** Everything the version's files are rendered from, as recorded now. */
    public VersionView view(TaskName task, VersionLineage lineage) {
        VersionLineage parent = parentOf(task, lineage);
        return new VersionView(task.value(), lineage, parent, snapshot(task, lineage.dataSnapshotId()),
                parent == null ? null : snapshot(task, parent.dataSnapshotId()));
    }

    /** The recorded lineage of {@code lineage}'s parent, or null while it has none or it is not recorded yet. */
    public VersionLineage parentOf(TaskName task, VersionLineage lineage) {
        String parent = lineage.parent();
        if (parent == null || !VersionName.isValid(parent) || parent.equals(lineage.version().value())) {
            return null;
        }
        VersionName name = VersionName.of(parent);
        return find(task, name).or(() -> findRetired(task, name)).orElse(null);
    }

    /** The version's lineage.yaml tree, with the changes derived from its parent as recorded now. */
    public Map<String, Object> document(TaskName task, VersionName version) {
        return LineageDocument.render(view(task, get(task, version)));
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
    public List<VersionLineage> all(TaskName task, boolean skipUnreadable) {
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
        return VersionFiles.lineageYaml(VersionView.of(lineage, parent));
    }

    /**
     * Validates the version's lineage.yaml as it is on disk ({@link LineageValidation}) and whether it is still
     * what the recorded events render. Reads only.
     *
     * @throws NoSuchElementException when the version has no lineage.yaml
     */
    public LineageValidation.Report validate(TaskName task, VersionName version) {
        Path file = versionDir(task, version).resolve(LINEAGE_FILE);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchElementException("Task '" + task + "' has no " + lineagePath(version)
                    + "; list its versions with GET /api/tasks/" + task + "/versions");
        }
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
        Set<String> recorded = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(file.getParent().getParent())) {
            dirs.map(d -> d.getFileName().toString()).filter(VersionName::isValid)
                    .filter(n -> Files.isRegularFile(file.getParent().getParent().resolve(n).resolve(LINEAGE_FILE)))
                    .forEach(recorded::add);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + file.getParent().getParent(), e);
        }
        Path retiredDir = file.getParent().getParent().resolve(RETIRED_DIR);
        if (Files.isDirectory(retiredDir)) {
            try (Stream<Path> dirs = Files.list(retiredDir)) {
                dirs.map(d -> d.getFileName().toString()).filter(VersionName::isValid).forEach(recorded::add);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + retiredDir, e);
            }
        }
        List<LineageValidation.Issue> extra = new ArrayList<>();
        VersionLineage state = null;
        try {
            state = find(task, version).orElse(null);
        } catch (IllegalStateException e) {
            extra.add(new LineageValidation.Issue(LineageValidation.Severity.ERROR, null, null, e.getMessage()));
        }
        boolean first = isFirst(task, state);
        String relative = task + "/" + lineagePath(version);
        LineageValidation.Report report = LineageValidation.validate(text,
                new LineageValidation.Context(task.value(), version.value(), relative, recorded, first));
        if (state != null && !VersionFiles.lineageYaml(view(task, state)).equals(text)) {
            extra.add(new LineageValidation.Issue(LineageValidation.Severity.WARNING, null, null,
                    "differs from what lineage-service renders from the recorded events (edited by hand?); "
                            + "the version's next event rewrites it, GET …/lineage shows the recorded one"));
        }
        if (extra.isEmpty()) {
            return report;
        }
        List<LineageValidation.Issue> issues = new ArrayList<>(report.issues());
        issues.addAll(extra);
        boolean valid = issues.stream().noneMatch(i -> i.severity() == LineageValidation.Severity.ERROR);
        return new LineageValidation.Report(report.task(), report.version(), report.file(), valid,
                List.copyOf(issues));
    }

    /** Whether no other version of the task was created before this one (a version without request: none). */
    private boolean isFirst(TaskName task, VersionLineage state) {
        Instant created = state == null || state.request() == null ? null : state.request().source().occurredAt();
        for (VersionLineage other : all(task, true)) {
            if (state != null && other.version().equals(state.version())) {
                continue;
            }
            Instant c = other.request() == null ? null : other.request().source().occurredAt();
            if (created == null || (c != null && c.isBefore(created))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Retires a version that retention removed: its state moves to {@code versions/}{@value #RETIRED_DIR}
     * {@code /<v>/} and its folder is deleted. Its children keep their parent (derived changes, graph and
     * validation still find it there), so the files of the versions kept do not change.
     */
    public synchronized void retire(TaskName task, VersionName version) {
        VersionLineage lineage = get(task, version);
        Path retired = retiredDir(task, version);
        AtomicFiles.writeString(retired.resolve(STATE_FILE), json.writerWithDefaultPrettyPrinter()
                .writeValueAsString(lineage));
        Path dir = versionDir(task, version);
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir + "; its state is kept in " + retired, e);
        }
    }

    /**
     * Plans retention over the task's recorded versions ({@link Retention}) and, unless a dry run, retires those
     * it removes. Serialised with recording, so no event lands in a folder being removed.
     */
    public synchronized Retention.Plan retention(TaskName task, int keep, java.time.Duration expireExperimentsAfter,
                                                 Instant now, boolean apply) {
        list(task);   // 404 for an unknown task
        Retention.Plan plan = Retention.plan(task.value(), all(task, false), keep, expireExperimentsAfter, now, apply);
        if (apply) {
            plan.removed().forEach(d -> retire(task, VersionName.of(d.version())));
        }
        return plan;
    }

    /** The task's lineage graph: recorded and retired versions, snapshots and deployments. */
    public LineageGraph graph(TaskName task) {
        list(task);   // 404 for an unknown task
        List<VersionLineage> retired = new ArrayList<>();
        Path dir = workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(RETIRED_DIR);
        if (Files.isDirectory(dir)) {
            try (Stream<Path> dirs = Files.list(dir)) {
                for (String name : dirs.map(d -> d.getFileName().toString()).filter(VersionName::isValid).sorted()
                        .toList()) {
                    findRetired(task, VersionName.of(name)).ifPresent(retired::add);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot list " + dir, e);
            }
        }
        return LineageGraph.of(task.value(), all(task, false), retired, snapshots(task));
    }

    /** A version retention removed, as it was recorded; empty when it was not retired. */
    public Optional<VersionLineage> findRetired(TaskName task, VersionName version) {
        Path file = retiredDir(task, version).resolve(STATE_FILE);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), VersionLineage.class));
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " cannot be read as a retired lineage state: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** The lineage file's path relative to the task folder, as events carry it. */
    public static String lineagePath(VersionName version) {
        return VERSIONS_DIR + "/" + version.value() + "/" + LINEAGE_FILE;
    }

    private Path snapshotFile(TaskName task, String snapshotId) {
        return workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(SNAPSHOTS_DIR)
                .resolve(DataSection.requireSnapshotId(snapshotId) + ".json");
    }

    private Path retiredDir(TaskName task, VersionName version) {
        return workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(RETIRED_DIR).resolve(version.value());
    }

    public Path versionDir(TaskName task, VersionName version) {
        return workspace.taskDir(task).resolve(VERSIONS_DIR).resolve(version.value());
    }
}
