package io.ftcoach.ingest.domain;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The current rows of a continuously captured table, keyed by primary key: the initial snapshot with every insert,
 * update, delete and truncate since applied. Kept in the task folder as {@code data/cdc/<source>/rows.jsonl} (a
 * header line, then one row per line in key order), always rewritten whole and atomically, so a crash leaves the
 * previous state.
 *
 * <p>{@code changeSeq} counts applied changes, {@code snapshotSeq} the count a data snapshot was last taken at: the
 * difference is the changes waiting for a snapshot, and survives a restart.
 */
public final class CapturedRows {

    public static final String DIR = "data/cdc";
    public static final String FILE = "rows.jsonl";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String fingerprint;
    private final String captureId;
    private final TreeMap<String, LabeledRow> rows = new TreeMap<>();
    private String position;
    private long changeSeq;
    private long snapshotSeq;

    /**
     * @param fingerprint what the rows were captured from (server, table, query, mapping): a store with another
     *                    fingerprint belongs to an earlier configuration and is not used
     * @param captureId   names the capture whose offsets (in Kafka) these rows belong to: rows and offsets only
     *                    make sense together, so a lost file means a new capture with a new initial snapshot
     */
    public CapturedRows(String fingerprint, String captureId) {
        this.fingerprint = Objects.requireNonNull(fingerprint);
        this.captureId = Objects.requireNonNull(captureId);
    }

    public static Path file(Path taskDir, String sourceName) {
        return taskDir.resolve(DIR).resolve(sourceName).resolve(FILE);
    }

    /** Replaces every row: a finished initial snapshot. Counts as one change, so a data snapshot follows. */
    public void replaceAll(Map<String, LabeledRow> snapshot, String position) {
        rows.clear();
        rows.putAll(snapshot);
        this.position = position;
        changeSeq++;
    }

    /** An insert or update; a null row (its text or label became empty, or it left the query) removes the key. */
    public void upsert(String key, LabeledRow row, String position) {
        if (row == null) {
            rows.remove(key);
        } else {
            rows.put(key, row);
        }
        this.position = position;
        changeSeq++;
    }

    public void delete(String key, String position) {
        rows.remove(key);
        this.position = position;
        changeSeq++;
    }

    /**
     * The table was truncated: every row goes. Counts one change per removed row, as that many deletes would, so
     * a large truncate asks for a data snapshot at once like a burst of deletes does.
     *
     * @return the rows removed
     */
    public int truncate(String position) {
        int removed = rows.size();
        rows.clear();
        this.position = position;
        changeSeq += removed;
        return removed;
    }

    /**
     * A data snapshot was taken with everything up to {@code seq}, or the task's sources were found to give no rows
     * then (nothing to snapshot until the next change).
     */
    public void snapshotTaken(long seq) {
        snapshotSeq = Math.max(snapshotSeq, Math.min(seq, changeSeq));
    }

    public long changeSeq() {
        return changeSeq;
    }

    public long pendingChanges() {
        return changeSeq - snapshotSeq;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String captureId() {
        return captureId;
    }

    /** Where the capture stood after the last applied change, e.g. {@code lsn:0/1A2B3C8}; null before any. */
    public String position() {
        return position;
    }

    public int size() {
        return rows.size();
    }

    public Optional<LabeledRow> get(String key) {
        return Optional.ofNullable(rows.get(key));
    }

    /** The rows in a fixed order (text, label, entity), as a one-off snapshot of the same table gives them. */
    public List<LabeledRow> rows() {
        List<LabeledRow> out = new ArrayList<>(rows.values());
        out.sort(Comparator.comparing(LabeledRow::text).thenComparing(LabeledRow::label)
                .thenComparing(r -> Objects.toString(r.entity(), "")));
        return out;
    }

    public byte[] toBytes() {
        StringBuilder out = new StringBuilder();
        ObjectNode header = JSON.createObjectNode();
        header.put("fingerprint", fingerprint);
        header.put("capture_id", captureId);
        header.put("position", position);
        header.put("change_seq", changeSeq);
        header.put("snapshot_seq", snapshotSeq);
        header.put("rows", rows.size());
        out.append(JSON.writeValueAsString(header)).append('\n');
        for (Map.Entry<String, LabeledRow> e : rows.entrySet()) {
            ObjectNode node = JSON.createObjectNode();
            node.put("key", e.getKey());
            node.put("text", e.getValue().text());
            node.put("label", e.getValue().label());
            if (e.getValue().entity() != null) {
                node.put("entity", e.getValue().entity());
            }
            out.append(JSON.writeValueAsString(node)).append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    public void write(Path file) {
        AtomicFiles.write(file, toBytes());
    }

    /**
     * The stored rows, or empty when there is no file yet.
     *
     * @throws IllegalStateException naming the file and line when it is damaged
     */
    public static Optional<CapturedRows> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            JsonNode header = parse(file, 1, first);
            CapturedRows out = new CapturedRows(header.path("fingerprint").asString(""),
                    header.path("capture_id").asString(""));
            out.position = header.path("position").asString(null);
            out.changeSeq = header.path("change_seq").asLong(0);
            out.snapshotSeq = header.path("snapshot_seq").asLong(0);
            String line;
            int n = 1;
            Map<String, LabeledRow> rows = new LinkedHashMap<>();
            while ((line = in.readLine()) != null) {
                n++;
                JsonNode row = parse(file, n, line);
                String key = row.path("key").asString(null);
                String text = row.path("text").asString(null);
                String label = row.path("label").asString(null);
                if (key == null || text == null || label == null) {
                    throw new IllegalStateException(file + " line " + n + ": key, text and label are required; "
                            + "delete the file and the capture takes a new initial snapshot");
                }
                rows.put(key, new LabeledRow(text, label, row.path("entity").asString(null)));
            }
            long expected = header.path("rows").asLong(-1);
            if (expected >= 0 && expected != rows.size()) {
                throw new IllegalStateException(file + ": the header says " + expected + " rows, the file holds "
                        + rows.size() + "; delete the file: the capture then starts afresh with a new initial snapshot");
            }
            out.rows.putAll(rows);
            return Optional.of(out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static JsonNode parse(Path file, int line, String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalStateException(file + " line " + line + " is empty; delete the file and the capture "
                    + "takes a new initial snapshot");
        }
        try {
            return JSON.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalStateException(file + " line " + line + " is not JSON: " + e.getOriginalMessage()
                    + "; delete the file: the capture then starts afresh with a new initial snapshot", e);
        }
    }
}
