package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The parts of a task folder this service owns (spec §5.3): {@code data/raw/}, the working splits
 * {@code data/{train,valid,test}.jsonl}, {@code data/data_version.yaml} and the content-addressed snapshots
 * {@code data/snapshots/<snapshotId>/} with their {@code manifest.json}. Every file is written atomically.
 */
public final class DataWorkspace {

    public static final String RAW_DIR = "data/raw";
    public static final String SNAPSHOTS_DIR = "data/snapshots";
    public static final String MANIFEST = "manifest.json";
    public static final String DATA_VERSION = "data/data_version.yaml";
    public static final String DATA_SOURCE = "data_source.yaml";
    /** The data-validation hook's report, next to a snapshot's manifest. */
    public static final String VALIDATION = "validation.json";
    private static final Pattern SNAPSHOT_ID = Pattern.compile("[0-9a-f]{64}");

    private final Workspace workspace;
    private final Clock clock;
    private final JsonMapper manifestJson = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT).build();
    private final YAMLMapper yaml = YAMLMapper.builder().build();

    public DataWorkspace(Workspace workspace, Clock clock) {
        this.workspace = workspace;
        this.clock = clock;
    }

    public Path taskDir(TaskName task) {
        return workspace.taskDir(task);
    }

    /** Creates {@code data/raw/} if it is missing; calling it again changes nothing. */
    public Path ensureRawFolder(TaskName task) {
        Path raw = taskDir(task).resolve(RAW_DIR);
        try {
            return Files.createDirectories(raw);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + raw, e);
        }
    }

    /**
     * Stores the splits as the task's current data and as a snapshot. Synchronized because the working files and
     * data_version.yaml of one task must describe the same snapshot; imports are rare, so one lock is enough.
     */
    public SnapshotImport importSnapshot(TaskName task, DatasetSplits splits) {
        return importSnapshot(task, splits, Map.of());
    }

    /**
     * As {@link #importSnapshot(TaskName, DatasetSplits)}, with files derived from the splits (the chat format and
     * preference pairs, by name relative to {@code data/}): stored in the snapshot after the splits, covered by its
     * id, and as the task's current {@code data/<name>}; derived files of an earlier run that this one lacks are
     * removed from {@code data/}.
     */
    public SnapshotImport importSnapshot(TaskName task, DatasetSplits splits, Map<String, byte[]> derived) {
        return importSnapshot(task, splits, derived, Map.of());
    }

    /**
     * @param sourcePositions where each source stood (name → position, in run order): kept in the manifest of a new
     *                        snapshot and in data_version.yaml
     */
    public synchronized SnapshotImport importSnapshot(TaskName task, DatasetSplits splits, Map<String, byte[]> derived,
                                                      Map<String, String> sourcePositions) {
        Path dir = requireTask(task);
        Map<Split, byte[]> content = new EnumMap<>(Split.class);
        Map<String, Long> distribution = new TreeMap<>();
        for (Split split : Split.values()) {
            content.put(split, jsonl(splits.rows(split)));
            splits.rows(split).forEach(r -> distribution.merge(r.label(), 1L, Long::sum));
        }
        Map<String, byte[]> extra = new TreeMap<>(derived);
        for (String name : extra.keySet()) {
            Path p = Path.of(name).normalize();
            if (p.isAbsolute() || p.startsWith("..") || !p.toString().equals(name.replace('/', java.io.File.separatorChar))
                    || p.getFileName().toString().equals(MANIFEST) || p.getFileName().toString().equals(VALIDATION)) {
                throw new IllegalArgumentException("'" + name + "' cannot be a derived file of a snapshot");
            }
        }
        String id = snapshotId(content, extra);
        Path snapshotDir = dir.resolve(SNAPSHOTS_DIR).resolve(id);
        Optional<DataSnapshot> existing = readManifest(snapshotDir);
        DataSnapshot snapshot;
        if (existing.isPresent()) {
            snapshot = existing.get();
        } else {
            List<SnapshotFile> files = new ArrayList<>();
            for (Split split : Split.values()) {
                AtomicFiles.write(snapshotDir.resolve(split.fileName()), content.get(split));
                files.add(new SnapshotFile(split.key(), SNAPSHOTS_DIR + "/" + id + "/" + split.fileName(),
                        Sha256.hex(content.get(split))));
            }
            for (Map.Entry<String, byte[]> e : extra.entrySet()) {
                AtomicFiles.write(snapshotDir.resolve(e.getKey()), e.getValue());
                files.add(new SnapshotFile(ChatFormat.kind(e.getKey()), SNAPSHOTS_DIR + "/" + id + "/" + e.getKey(),
                        Sha256.hex(e.getValue())));
            }
            snapshot = new DataSnapshot(id, clock.instant(), splits.rows(Split.TRAIN).size(),
                    splits.rows(Split.VALID).size(), splits.rows(Split.TEST).size(), distribution, files,
                    sourcePositions);
            // the manifest goes last: a snapshot folder without one is incomplete and is neither listed nor reused
            AtomicFiles.write(snapshotDir.resolve(MANIFEST), manifestJson.writeValueAsBytes(snapshot));
        }
        for (Split split : Split.values()) {
            AtomicFiles.write(dir.resolve("data").resolve(split.fileName()), content.get(split));
        }
        extra.forEach((name, bytes) -> AtomicFiles.write(dir.resolve("data").resolve(name), bytes));
        for (String name : ChatFormat.fileNames()) {
            if (!extra.containsKey(name)) {
                try {
                    Files.deleteIfExists(dir.resolve("data").resolve(name));
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot remove the outdated " + name, e);
                }
            }
        }
        String sourceSha = dataSourceSha256(task);
        ObjectNode previous = readDataVersion(dir);
        String previousId = previous.path("snapshot_id").asString(null);
        // importing the current content again is no new generation of the data: keep its parent
        String parent = id.equals(previousId) ? previous.path("parent_snapshot_id").asString(null) : previousId;
        String version = nextDataVersion(previous.path("version").asString(null));
        writeDataVersion(dir, version, snapshot, parent, sourceSha, sourcePositions);
        return new SnapshotImport(snapshot, existing.isEmpty(), parent, sourceSha, version);
    }

    /** The task's complete snapshots, oldest first. */
    public List<DataSnapshot> listSnapshots(TaskName task) {
        Path snapshots = requireTask(task).resolve(SNAPSHOTS_DIR);
        if (!Files.isDirectory(snapshots)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(snapshots)) {
            return dirs.filter(d -> SNAPSHOT_ID.matcher(d.getFileName().toString()).matches())
                    .map(this::readManifest).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(DataSnapshot::createdAt).thenComparing(DataSnapshot::snapshotId))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + snapshots, e);
        }
    }

    public DataSnapshot getSnapshot(TaskName task, String snapshotId) {
        Path dir = requireTask(task);
        Optional<DataSnapshot> found = snapshotId != null && SNAPSHOT_ID.matcher(snapshotId).matches()
                ? readManifest(dir.resolve(SNAPSHOTS_DIR).resolve(snapshotId)) : Optional.empty();
        return found.orElseThrow(() -> new NoSuchElementException("Task '" + task + "' has no snapshot '" + snapshotId
                + "'; list its snapshots with GET /api/tasks/" + task + "/snapshots"));
    }

    /**
     * A path an event names relative to the task folder, or empty when it would leave the folder, so no event
     * can make this service read outside a task.
     */
    public Optional<Path> resolveInTask(TaskName task, String relativePath) {
        Path dir = taskDir(task);
        Path p = dir.resolve(relativePath).normalize();
        return p.startsWith(dir) && !p.equals(dir) ? Optional.of(p) : Optional.empty();
    }

    /** sha-256 of data_source.yaml, or of the empty string for a task whose data came without one. */
    public String dataSourceSha256(TaskName task) {
        Path file = taskDir(task).resolve(DATA_SOURCE);
        try {
            return Files.isRegularFile(file) ? Sha256.hex(Files.readAllBytes(file)) : Sha256.hex(new byte[0]);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * The snapshot id: sha-256 over, for train, valid and test in that order, the file name, a newline, the
     * content's length in bytes, a newline and the content. The lengths keep file boundaries unambiguous.
     */
    static String snapshotId(Map<Split, byte[]> content) {
        return snapshotId(content, Map.of());
    }

    /** Then the derived files in name order, the same way: without any, the id is that of the splits alone. */
    static String snapshotId(Map<Split, byte[]> content, Map<String, byte[]> derived) {
        MessageDigest digest = Sha256.digest();
        for (Split split : Split.values()) {
            byte[] bytes = content.get(split);
            digest.update((split.fileName() + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        }
        new TreeMap<>(derived).forEach((name, bytes) -> {
            digest.update((name + "\n" + bytes.length + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(bytes);
        });
        return HexFormat.of().formatHex(digest.digest());
    }

    /** UTF-8 JSON Lines with a fixed field order (text, label, entity when present), so equal rows give equal bytes. */
    byte[] jsonl(List<LabeledRow> rows) {
        return JsonLines.write(rows);
    }

    /**
     * The task's label set from task.yaml: {@code output_format.labels}, else a top-level {@code labels}; null when
     * task.yaml names none (or cannot be read as YAML), so the validator skips the label check.
     */
    public Set<String> labelSet(TaskName task) {
        Path file = requireTask(task).resolve("task.yaml");
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JacksonException e) {
            return null;
        }
        if (root == null) {
            return null;
        }
        JsonNode labels = root.path("output_format").path("labels");
        if (!labels.isArray()) {
            labels = root.path("labels");
        }
        if (!labels.isArray() || labels.isEmpty()) {
            return null;
        }
        Set<String> out = new LinkedHashSet<>();
        labels.forEach(l -> {
            if (l.isValueNode() && !l.isNull()) {
                out.add(l.asString());
            }
        });
        return out.isEmpty() ? null : Collections.unmodifiableSet(out);
    }

    /**
     * What task.yaml says about prompting the model, for the chat format; empty when it has no
     * {@code input_template} (or cannot be read as YAML), so no chat format is written.
     */
    public Optional<ChatFormat.TaskPrompting> taskPrompting(TaskName task) {
        Path file = requireTask(task).resolve("task.yaml");
        JsonNode root;
        try {
            root = yaml.readTree(file.toFile());
        } catch (JacksonException e) {
            return Optional.empty();
        }
        if (root == null || !root.path("input_template").isString() || root.path("input_template").asString().isBlank()) {
            return Optional.empty();
        }
        Set<String> labelSet = labelSet(task);
        List<String> labels = labelSet == null ? List.of() : List.copyOf(labelSet);
        JsonNode system = root.path("system_prompt").isString() ? root.path("system_prompt")
                : root.path("training").path("system_prompt");
        String systemPrompt = system.isString() && !system.asString().isBlank() ? system.asString()
                : ChatFormat.defaultSystemPrompt(root.path("task_type").asString(null),
                root.path("domain").asString(null), labels);
        JsonNode output = root.path("output_format");
        String jsonField = null;
        if ("json".equals(output.path("type").asString(null)) && output.path("schema").isObject()
                && output.path("schema").size() == 1) {
            jsonField = output.path("schema").propertyNames().iterator().next();
        }
        return Optional.of(new ChatFormat.TaskPrompting(root.path("input_template").asString(), systemPrompt, labels,
                root.path("training").path("method").asString("").toLowerCase(Locale.ROOT), jsonField));
    }

    /** The files of a complete snapshot by split, as the validator reads them. */
    public Map<Split, SplitFile> snapshotSplitFiles(TaskName task, String snapshotId) {
        DataSnapshot snapshot = getSnapshot(task, snapshotId);
        Map<Split, SplitFile> files = new EnumMap<>(Split.class);
        for (SnapshotFile f : snapshot.files()) {
            for (Split split : Split.values()) {
                if (split.key().equals(f.split())) {
                    files.put(split, new SplitFile(f.path(), resolveInTask(task, f.path()).orElse(null), f.sha256()));
                }
            }
        }
        return files;
    }

    /**
     * Stores a snapshot's validation report as {@code validation.json} next to its manifest, atomically. A snapshot
     * folder without a manifest (an id no import wrote) gets none.
     */
    public void writeValidationReport(TaskName task, String snapshotId, ValidationReport report) {
        Path dir = snapshotDir(task, snapshotId).orElseThrow(() -> new NoSuchElementException(
                "Task '" + task + "' has no snapshot '" + snapshotId + "'"));
        AtomicFiles.write(dir.resolve(VALIDATION), manifestJson.writeValueAsBytes(report));
    }

    /** The stored validation report of a snapshot, or empty when none was written yet. */
    public Optional<ValidationReport> readValidationReport(TaskName task, String snapshotId) {
        Optional<Path> file = snapshotDir(task, snapshotId).map(d -> d.resolve(VALIDATION)).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(manifestJson.readValue(file.get().toFile(), ValidationReport.class));
        } catch (JacksonException e) {
            // a damaged report is recomputed, not fatal
            return Optional.empty();
        }
    }

    private Optional<Path> snapshotDir(TaskName task, String snapshotId) {
        if (snapshotId == null || !SNAPSHOT_ID.matcher(snapshotId).matches()) {
            return Optional.empty();
        }
        Path dir = requireTask(task).resolve(SNAPSHOTS_DIR).resolve(snapshotId);
        return Files.isRegularFile(dir.resolve(MANIFEST)) ? Optional.of(dir) : Optional.empty();
    }

    /** The task's data_source.yaml, or empty when it has none yet. */
    public Optional<byte[]> readDataSource(TaskName task) {
        Path file = requireTask(task).resolve(DATA_SOURCE);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /** Replaces the task's data_source.yaml atomically: a reader sees the old file or the new one, never half. */
    public void writeDataSource(TaskName task, byte[] content) {
        AtomicFiles.write(requireTask(task).resolve(DATA_SOURCE), content);
    }

    /**
     * Writes files the data sources produced ({@code data/raw/…}), each atomically. The paths were checked to stay
     * in the task folder; this checks again.
     */
    public void writeTaskFiles(TaskName task, Map<String, byte[]> files) {
        requireTask(task);
        files.forEach((relative, content) -> AtomicFiles.write(resolveInTask(task, relative).orElseThrow(
                () -> new IllegalArgumentException("'" + relative + "' leaves the task folder")), content));
    }

    private Path requireTask(TaskName task) {
        Path dir = taskDir(task);
        if (!Files.isRegularFile(dir.resolve("task.yaml"))) {
            throw new NoSuchElementException("No task named '" + task + "' in " + workspace.root()
                    + ": create it first (task-service, POST /api/tasks)");
        }
        return dir;
    }

    private Optional<DataSnapshot> readManifest(Path snapshotDir) {
        Path file = snapshotDir.resolve(MANIFEST);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(manifestJson.readValue(file.toFile(), DataSnapshot.class));
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " is not a valid snapshot manifest: " + e.getOriginalMessage()
                    + "; delete the snapshot folder and import its data again", e);
        }
    }

    private ObjectNode readDataVersion(Path dir) {
        Path file = dir.resolve(DATA_VERSION);
        if (!Files.isRegularFile(file)) {
            return yaml.createObjectNode();
        }
        try {
            JsonNode node = yaml.readTree(file.toFile());
            if (node instanceof ObjectNode object) {
                return object;
            }
            throw new IllegalStateException(file + " is not a YAML mapping; delete it, the next import rewrites it");
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " is not valid YAML: " + e.getOriginalMessage()
                    + "; fix or delete it, the next import rewrites it", e);
        }
    }

    /** Data versions are {@code YYYY-MM-DD-NNN} (spec §3.4), numbered per UTC day. */
    String nextDataVersion(String previous) {
        String today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toString();
        int n = 1;
        if (previous != null && previous.matches("\\d{4}-\\d{2}-\\d{2}-\\d{3,}") && previous.startsWith(today + "-")) {
            n = Integer.parseInt(previous.substring(today.length() + 1)) + 1;
        }
        return today + "-" + String.format(Locale.ROOT, "%03d", n);
    }

    private void writeDataVersion(Path dir, String version, DataSnapshot s, String parent, String sourceSha,
                                  Map<String, String> sourcePositions) {
        ObjectNode node = yaml.createObjectNode();
        node.put("version", version);
        node.put("snapshot_id", s.snapshotId());
        node.put("parent_snapshot_id", parent);
        node.put("source_config_hash", sourceSha);
        node.put("total_records", s.totalCount());
        ObjectNode distribution = node.putObject("class_distribution");
        s.classDistribution().forEach(distribution::put);
        if (!sourcePositions.isEmpty()) {
            ObjectNode positions = node.putObject("source_positions");
            sourcePositions.forEach(positions::put);
        }
        node.put("generated_at", Instant.now(clock).toString());
        AtomicFiles.writeString(dir.resolve(DATA_VERSION), yaml.writeValueAsString(node));
    }
}
