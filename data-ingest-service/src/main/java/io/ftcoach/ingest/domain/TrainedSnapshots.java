package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Which data snapshot each model version of a task was trained on, kept in {@code data/trained_snapshots.json}:
 * a version is recorded when its training is requested (the request names the snapshot) and counts as trained once
 * its training completed. With it, a new snapshot can say how many rows were added, changed and removed since the
 * latest trained version's data.
 */
public final class TrainedSnapshots {

    public static final String FILE = "data/trained_snapshots.json";
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final DataWorkspace data;

    public TrainedSnapshots(DataWorkspace data) {
        this.data = data;
    }

    /** @param completedAt null while the training has not completed */
    public record Version(String version, String snapshotId, Instant requestedAt, Instant completedAt) {
    }

    /** The changes of a snapshot since the one a trained version used. */
    public record SinceTrained(String version, String sinceSnapshotId, RowChanges changes) {
    }

    /**
     * Records that {@code version} is trained on {@code snapshotId}; a repeated request replaces the snapshot.
     *
     * @return false for a task this workspace does not hold (nothing is written then)
     */
    public synchronized boolean requested(TaskName task, String version, String snapshotId, Instant at) {
        if (!Files.isRegularFile(data.taskDir(task).resolve("task.yaml"))) {
            return false;
        }
        List<Version> versions = new ArrayList<>(versions(task));
        Instant completed = null;
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).version().equals(version)) {
                completed = versions.remove(i).completedAt();
                break;
            }
        }
        versions.add(new Version(version, snapshotId, at, completed));
        write(task, versions);
        return true;
    }

    /**
     * Marks {@code version} trained. Events of two topics may arrive in either order: a completion seen before its
     * request is kept, and the request fills in the snapshot.
     *
     * @return false when no request for the version was recorded yet (its snapshot is unknown so far)
     */
    public synchronized boolean completed(TaskName task, String version, Instant at) {
        if (!Files.isRegularFile(data.taskDir(task).resolve("task.yaml"))) {
            return false;
        }
        List<Version> versions = new ArrayList<>(versions(task));
        for (int i = 0; i < versions.size(); i++) {
            Version v = versions.get(i);
            if (v.version().equals(version)) {
                if (v.completedAt() == null) {
                    versions.set(i, new Version(v.version(), v.snapshotId(), v.requestedAt(), at));
                    write(task, versions);
                }
                return v.snapshotId() != null;
            }
        }
        versions.add(new Version(version, null, null, at));
        write(task, versions);
        return false;
    }

    /** Every recorded version, in the order their training was requested. */
    public synchronized List<Version> versions(TaskName task) {
        Path file = file(task);
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            List<Version> out = new ArrayList<>();
            for (JsonNode v : root.path("versions")) {
                out.add(new Version(v.path("version").asString(), v.path("snapshot_id").asString(null),
                        instant(v.path("requested_at")), instant(v.path("completed_at"))));
            }
            return out;
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " is not valid JSON: " + e.getOriginalMessage() + "; fix or "
                    + "delete it (it is rebuilt as trainings are requested)", e);
        }
    }

    /** The version whose training completed last, if any did. */
    public Optional<Version> latestTrained(TaskName task) {
        return versions(task).stream().filter(v -> v.completedAt() != null && v.snapshotId() != null)
                .max(java.util.Comparator.comparing(Version::completedAt));
    }

    /** The changes of {@code snapshotId} since the latest trained version's snapshot; empty when none was trained. */
    public Optional<SinceTrained> sinceTrained(TaskName task, String snapshotId) {
        return latestTrained(task).map(v -> new SinceTrained(v.version(), v.snapshotId(),
                changes(task, v.snapshotId(), snapshotId)));
    }

    /**
     * As {@link #sinceTrained}, but empty (rather than failing the run that stored the new snapshot) when the
     * trained version's snapshot can no longer be read, e.g. its folder was deleted by hand.
     */
    public Optional<SinceTrained> sinceTrainedIfReadable(TaskName task, String snapshotId) {
        try {
            return sinceTrained(task, snapshotId);
        } catch (NoSuchElementException | IllegalStateException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    /** Rows added, changed and removed from snapshot {@code since} to snapshot {@code snapshotId}, over all splits. */
    public RowChanges changes(TaskName task, String since, String snapshotId) {
        return RowChanges.between(rows(task, since), rows(task, snapshotId));
    }

    /** Every row of a snapshot, train, valid and test. */
    List<LabeledRow> rows(TaskName task, String snapshotId) {
        List<LabeledRow> out = new ArrayList<>();
        for (Map.Entry<Split, SplitFile> e : data.snapshotSplitFiles(task, snapshotId).entrySet()) {
            Path path = e.getValue().path();
            if (path == null || !Files.isRegularFile(path)) {
                throw new NoSuchElementException("Snapshot " + snapshotId + " of task '" + task + "' lacks its "
                        + e.getKey().fileName() + " (" + e.getValue().displayPath() + ")");
            }
            try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                int n = 0;
                while ((line = in.readLine()) != null) {
                    n++;
                    if (line.isBlank()) {
                        continue;
                    }
                    try {
                        JsonNode row = JSON.readTree(line);
                        out.add(new LabeledRow(row.path("text").asString(null), row.path("label").asString(null),
                                row.path("entity").asString(null)));
                    } catch (JacksonException ex) {
                        throw new IllegalStateException(e.getValue().displayPath() + " line " + n + " is not JSON: "
                                + ex.getOriginalMessage(), ex);
                    }
                }
            } catch (IOException ex) {
                throw new UncheckedIOException("Cannot read " + path, ex);
            }
        }
        return out;
    }

    private Path file(TaskName task) {
        return data.taskDir(task).resolve(FILE);
    }

    private void write(TaskName task, List<Version> versions) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("versions");
        for (Version v : versions) {
            ObjectNode node = list.addObject();
            node.put("version", v.version());
            node.put("snapshot_id", v.snapshotId());
            node.put("requested_at", v.requestedAt() == null ? null : v.requestedAt().toString());
            node.put("completed_at", v.completedAt() == null ? null : v.completedAt().toString());
        }
        AtomicFiles.write(file(task), JSON.writeValueAsBytes(root));
    }

    private static Instant instant(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() ? null : Instant.parse(node.asString());
    }
}
