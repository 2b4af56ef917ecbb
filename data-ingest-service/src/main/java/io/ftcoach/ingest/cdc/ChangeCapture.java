package io.ftcoach.ingest.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.ftcoach.ingest.domain.CapturedRows;
import io.ftcoach.ingest.domain.LabeledRow;
import io.ftcoach.ingest.domain.NoRowsException;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.ingest.domain.SourceException;
import io.ftcoach.support.workspace.TaskName;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The continuous capture of one {@code database} source of one task ({@code config.mode: continuous}): a
 * long-running Debezium engine (pgoutput) that takes a consistent initial snapshot once, then streams inserts,
 * updates and deletes, applied by primary key to the task's {@link CapturedRows}, and truncates, which empty them.
 * When changes have arrived, a data snapshot is asked for (debounced: after {@code maxChanges} changes, or
 * {@code quietPeriod} without one). When the task's sources then give no rows at all (the table was truncated and
 * nothing else feeds the task), no snapshot is taken and the previous one stays; the next change asks again.
 *
 * <p>Offsets live in Kafka ({@code KafkaOffsetBackingStore}, one topic per task and source) and the replication
 * slot outlives a stop, so a restart neither snapshots again nor loses a change. A batch's rows are stored before
 * its offsets are marked processed: after a crash a change may arrive twice, and applying it again by key is
 * harmless. The rows file names the capture id the offsets belong to; a lost or stale file starts a new capture.
 *
 * <p>The query's WHERE clause selects the initial snapshot's rows; for a streamed insert or update the same query
 * is asked (over JDBC, by key) whether the row belongs, so a row that leaves the query's result leaves the rows.
 */
public final class ChangeCapture implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeCapture.class);
    private static final Pattern WHERE = Pattern.compile("(?i)\\bwhere\\b");

    /** Told when a data snapshot of the task is due; runs on the capture's scheduler, one call at a time. */
    @FunctionalInterface
    public interface Listener {
        void snapshotDue(ChangeCapture capture);
    }

    public enum State { STARTING, SNAPSHOTTING, STREAMING, FAILED, STOPPED }

    private final TaskName task;
    private final SourceDefinition source;
    private final DebeziumPostgresSource.Target target;
    private final CaptureSettings settings;
    private final Listener listener;
    private final ScheduledExecutorService scheduler;
    private final Path rowsFile;
    private final String slot;
    private final Object lock = new Object();
    /** Not {@code this}: close() holds that while the engine thread may still want to schedule. */
    private final Object flushLock = new Object();
    private final AtomicLong snapshotRowsRead = new AtomicLong();
    private final AtomicLong changesApplied = new AtomicLong();
    private final AtomicLong dataSnapshotsAsked = new AtomicLong();
    private final CompletableFuture<Void> snapshotStored = new CompletableFuture<>();
    private CapturedRows rows;
    private Map<String, LabeledRow> snapshotRows;
    private long lastLsn = -1;
    private volatile State state = State.STARTING;
    private volatile String failure;
    private DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine;
    private ExecutorService executor;
    private ScheduledFuture<?> flush;

    public ChangeCapture(Path taskDir, TaskName task, SourceDefinition source, Function<String, String> environment,
                         CaptureSettings settings, Listener listener) {
        if (!DebeziumPostgresSource.continuous(source)) {
            throw new IllegalArgumentException(source.label() + " is not a continuous database source");
        }
        this.task = task;
        this.source = source;
        this.target = DebeziumPostgresSource.Target.of(source, environment);
        this.settings = settings;
        this.listener = listener;
        this.rowsFile = CapturedRows.file(taskDir, source.name());
        this.slot = slotName(taskDir, source);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cdc-snapshot-" + task + "-" + source.name());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * The capture's replication slot: the one-off snapshot's name with {@code ftcdc_} in front instead of
     * {@code ftcoach_}, so the two never share a slot, and short enough for {@code _pub} after it.
     */
    static String slotName(Path taskDir, SourceDefinition source) {
        return "ftcdc_" + DebeziumPostgresSource.slotName(taskDir, source).substring("ftcoach_".length());
    }

    public TaskName task() {
        return task;
    }

    public SourceDefinition source() {
        return source;
    }

    public State state() {
        return state;
    }

    /** Why the engine stopped, when it failed; null otherwise. */
    public String failure() {
        return failure;
    }

    /** Rows read by this run's initial snapshot: 0 when it resumed from stored offsets. */
    public long snapshotRowsRead() {
        return snapshotRowsRead.get();
    }

    /** Inserts, updates and deletes this run applied, and the rows its truncates removed. */
    public long changesApplied() {
        return changesApplied.get();
    }

    public long dataSnapshotsAsked() {
        return dataSnapshotsAsked.get();
    }

    public long pendingChanges() {
        synchronized (lock) {
            return rows == null ? 0 : rows.pendingChanges();
        }
    }

    public String slot() {
        return slot;
    }

    public String offsetTopic() {
        return settings.offsetTopicPrefix() + task + "." + source.name();
    }

    /** Completes when the rows are stored: at once on a resume, after the initial snapshot otherwise. */
    public CompletableFuture<Void> ready() {
        return snapshotStored;
    }

    /** Checks the server and the query, then starts the engine; changes arrive on its own thread. */
    public synchronized ChangeCapture start() {
        if (engine != null || state == State.STOPPED) {
            throw new IllegalStateException(source.label() + " of task '" + task + "' was started already: a "
                    + "stopped capture is not started again, a new one resumes where it stopped");
        }
        DebeziumPostgresSource.probe(source, target.host(), target.port(), target.database(), target.user(),
                target.password(), target.query(), target.text(), target.label(), target.entity());
        CapturedRows stored = CapturedRows.read(rowsFile).filter(r -> r.fingerprint().equals(target.fingerprint()))
                .orElse(null);
        synchronized (lock) {
            rows = stored != null ? stored
                    : new CapturedRows(target.fingerprint(), UUID.randomUUID().toString().substring(0, 8));
        }
        if (stored != null) {
            state = State.STREAMING;
            snapshotStored.complete(null);
            if (stored.pendingChanges() > 0) {
                // changes applied before a stop that no data snapshot has seen yet
                scheduleFlush(false);
            }
        } else {
            state = State.SNAPSHOTTING;
        }
        engine = DebeziumEngine.create(Connect.class).using(properties(rows.captureId()))
                .notifying(this::handleBatch)
                .using((success, message, error) -> {
                    if (!success && state != State.STOPPED) {
                        failure = message + (error == null ? "" : " (" + error.getMessage() + ")");
                        state = State.FAILED;
                        snapshotStored.completeExceptionally(new SourceException(source.label() + ": Debezium "
                                + "stopped: " + failure + ": check that the server has wal_level=logical and the "
                                + "user may replicate"));
                        log.warn("Continuous capture of {} for task '{}' stopped: {}", source.label(), task, failure);
                    }
                })
                .build();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cdc-" + task + "-" + source.name());
            t.setDaemon(true);
            return t;
        });
        executor.execute(engine);
        log.info("Continuous capture of {} for task '{}' started ({}, slot {}, offsets in {})", source.label(), task,
                stored == null ? "initial snapshot" : "resuming at " + stored.position(), slot, offsetTopic());
        return this;
    }

    private Properties properties(String captureId) {
        Properties props = new Properties();
        // offsets are keyed by this name: a new capture id starts with no offsets, hence with a snapshot
        props.setProperty("name", "ftcoach-cdc-" + task + "-" + source.name() + "-" + captureId);
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.KafkaOffsetBackingStore");
        props.setProperty("bootstrap.servers", settings.bootstrapServers());
        props.setProperty("offset.storage.topic", offsetTopic());
        props.setProperty("offset.storage.partitions", "1");
        props.setProperty("offset.storage.replication.factor", Short.toString(settings.offsetReplicationFactor()));
        props.setProperty("offset.flush.interval.ms", Long.toString(settings.offsetFlushInterval().toMillis()));
        props.setProperty("database.hostname", target.host());
        props.setProperty("database.port", target.port());
        props.setProperty("database.user", target.user());
        props.setProperty("database.password", target.password());
        props.setProperty("database.dbname", target.database());
        props.setProperty("topic.prefix", "ftcoach");
        props.setProperty("table.include.list", target.table().replace(".", "\\."));
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", slot);
        props.setProperty("slot.drop.on.stop", "false");
        props.setProperty("publication.name", slot + "_pub");
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("snapshot.mode", "initial");
        props.setProperty("snapshot.select.statement.overrides", target.table());
        props.setProperty("snapshot.select.statement.overrides." + target.table(), target.query());
        props.setProperty("tombstones.on.delete", "false");
        // Debezium skips truncates by default ("t"); the rows must not outlive them. The publication it creates
        // (FOR TABLE, PostgreSQL 11 or newer) publishes truncates by default.
        props.setProperty("skipped.operations", "none");
        props.setProperty("decimal.handling.mode", "string");
        props.setProperty("poll.interval.ms", Long.toString(settings.pollInterval().toMillis()));
        return props;
    }

    private void handleBatch(List<ChangeEvent<SourceRecord, SourceRecord>> batch,
                             DebeziumEngine.RecordCommitter<ChangeEvent<SourceRecord, SourceRecord>> committer)
            throws InterruptedException {
        boolean snapshotFinished = false;
        int changes = 0;
        synchronized (lock) {
            Set<String> members = members(batch);
            for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
                SourceRecord record = event.value();
                if (record == null || !(record.value() instanceof Struct value) || value.schema().field("op") == null) {
                    continue;
                }
                String op = value.getString("op");
                Struct src = value.getStruct("source");
                String marker = Objects.toString(src.get("snapshot"), "false");
                Object lsnValue = src.get("lsn");
                if ("r".equals(op) && !"false".equals(marker)) {
                    String key = key(record);
                    if (snapshotRows == null) {
                        snapshotRows = new LinkedHashMap<>();
                    }
                    LabeledRow row = row(value.getStruct("after"));
                    if (row != null) {
                        snapshotRows.put(key, row);
                    }
                    snapshotRowsRead.incrementAndGet();
                    if (lsnValue instanceof Number n) {
                        lastLsn = n.longValue();
                    }
                    if ("last".equals(marker)) {
                        finishSnapshot();
                        snapshotFinished = true;
                    }
                    continue;
                }
                if (snapshotRows != null) {
                    // the stream began without a "last" marker: the snapshot is over all the same
                    finishSnapshot();
                    snapshotFinished = true;
                }
                if (lsnValue instanceof Number n) {
                    lastLsn = n.longValue();
                }
                String position = position();
                switch (op) {
                    case "c", "u" -> {
                        String key = key(record);
                        Struct after = value.getStruct("after");
                        rows.upsert(key, members == null || members.contains(key) ? row(after) : null, position);
                        changes++;
                    }
                    case "d" -> {
                        rows.delete(key(record), position);
                        changes++;
                    }
                    case "t" -> {
                        // carries no key: every row of the table goes; one TRUNCATE of several tables comes as
                        // one event per table
                        if (capturedTable(src)) {
                            int removed = rows.truncate(position);
                            changes += removed;
                            log.info("Continuous capture of {} for task '{}': {} truncated at {}; rows removed: {}",
                                    source.label(), task, target.table(), position, removed);
                        }
                    }
                    default -> {
                        // messages ("m") carry no row
                    }
                }
            }
            if (changes > 0 || snapshotFinished) {
                rows.write(rowsFile);
            }
        }
        // marked only once the rows are stored: Kafka's offsets never run ahead of the rows
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            committer.markProcessed(event);
        }
        committer.markBatchFinished();
        changesApplied.addAndGet(changes);
        if (snapshotFinished) {
            state = State.STREAMING;
            snapshotStored.complete(null);
            log.info("Continuous capture of {} for task '{}': initial snapshot of {} rows stored at {}",
                    source.label(), task, rows.size(), rows.position());
            scheduleFlush(true);
        } else if (changes > 0) {
            scheduleFlush(pendingChanges() >= settings.maxChanges());
        }
    }

    private boolean capturedTable(Struct src) {
        return target.table().equals(src.getString("schema") + "." + src.getString("table"));
    }

    private void finishSnapshot() {
        rows.replaceAll(snapshotRows, position());
        snapshotRows = null;
    }

    private String position() {
        return lastLsn < 0 ? null : "lsn:" + DebeziumPostgresSource.formatLsn(lastLsn);
    }

    /**
     * The keys of the batch's inserts and updates that the query selects now, or null when the query has no WHERE
     * (every row of the table belongs).
     */
    private Set<String> members(List<ChangeEvent<SourceRecord, SourceRecord>> batch) {
        if (!WHERE.matcher(target.query()).find()) {
            return null;
        }
        List<Struct> keys = new ArrayList<>();
        for (ChangeEvent<SourceRecord, SourceRecord> event : batch) {
            SourceRecord record = event.value();
            if (record != null && record.value() instanceof Struct value && value.schema().field("op") != null
                    && ("c".equals(value.getString("op")) || "u".equals(value.getString("op")))
                    && record.key() instanceof Struct key) {
                keys.add(key);
            }
        }
        Set<String> out = new HashSet<>();
        if (keys.isEmpty()) {
            return out;
        }
        List<Field> columns = keys.get(0).schema().fields();
        String tuple = columns.size() == 1 ? "?" : "(" + String.join(", ", columns.stream().map(c -> "?").toList()) + ")";
        String left = columns.size() == 1 ? quote(columns.get(0).name()) + "::text"
                : "(" + String.join(", ", columns.stream().map(c -> quote(c.name()) + "::text").toList()) + ")";
        String sql = "SELECT " + String.join(", ", columns.stream().map(c -> quote(c.name()) + "::text").toList())
                + " FROM (" + target.query() + ") q WHERE " + left + " IN ("
                + String.join(", ", keys.stream().map(k -> tuple).toList()) + ")";
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password());
             PreparedStatement st = c.prepareStatement(sql)) {
            int i = 1;
            for (Struct key : keys) {
                for (Field f : columns) {
                    st.setString(i++, Objects.toString(key.get(f), null));
                }
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int col = 1; col <= columns.size(); col++) {
                        values.add(rs.getString(col));
                    }
                    out.add(String.join("\u001f", values));
                }
            }
        } catch (SQLException e) {
            // thrown on: the engine stops without marking the batch, and a restart gets it again
            throw new SourceException(source.label() + ": cannot ask " + target.jdbcUrl() + " which changed rows the "
                    + "query selects: " + e.getMessage() + " (SQLState " + e.getSQLState() + ")", e);
        }
        return out;
    }

    private static String quote(String column) {
        return "\"" + column.replace("\"", "\"\"") + "\"";
    }

    /** The primary key's values, in key order; a table without one cannot be captured by key. */
    private String key(SourceRecord record) {
        if (!(record.key() instanceof Struct key)) {
            throw new SourceException(source.label() + ": " + target.table() + " has no primary key, so its updates "
                    + "and deletes cannot be matched to rows: add a primary key, or use mode: snapshot");
        }
        List<String> values = new ArrayList<>();
        for (Field f : key.schema().fields()) {
            values.add(Objects.toString(key.get(f), null));
        }
        return String.join("\u001f", values);
    }

    /** The row as the mapping reads it; null when its text or label is empty (such a row is left out). */
    private LabeledRow row(Struct after) {
        if (after == null) {
            return null;
        }
        String text = value(after, target.text(), "text");
        String label = value(after, target.label(), "label");
        String entity = target.entity() == null ? null : value(after, target.entity(), "entity");
        return text == null || label == null ? null : new LabeledRow(text, label, entity);
    }

    private String value(Struct after, String column, String key) {
        Field field = after.schema().field(column);
        if (field == null) {
            throw new SourceException(source.label() + ": mapping." + key + " names the column '" + column
                    + "', which the captured table does not have: map it to one of "
                    + after.schema().fields().stream().map(Field::name).toList());
        }
        Object v = after.get(field);
        String s = v == null ? null : v.toString().strip();
        return s == null || s.isEmpty() ? null : s;
    }

    /** Debounces data snapshots: at once, or after the quiet period (a later change moves it on). */
    private void scheduleFlush(boolean now) {
        synchronized (flushLock) {
            if (state == State.STOPPED || scheduler.isShutdown()) {
                return;
            }
            if (flush != null && !flush.isDone()) {
                flush.cancel(false);
            }
            flush = scheduler.schedule(this::flush, now ? 0 : settings.quietPeriod().toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    private void flush() {
        long seq;
        synchronized (lock) {
            if (rows.pendingChanges() == 0) {
                return;
            }
            seq = rows.changeSeq();
        }
        try {
            dataSnapshotsAsked.incrementAndGet();
            listener.snapshotDue(this);
        } catch (NoRowsException e) {
            // asking again gives the same until a change arrives, and that asks by itself
            log.warn("No data snapshot of task '{}' after changes to {}: {} holds no rows now (truncated, or every "
                    + "row deleted or filtered out) and no other source of the task gives any; the previous snapshot "
                    + "stays the task's data, and the next change to {} takes a new one", task, source.label(),
                    target.table(), target.table());
        } catch (RuntimeException e) {
            log.warn("A data snapshot of task '{}' after changes to {} failed; trying again in {}: {}", task,
                    source.label(), settings.quietPeriod(), e.getMessage());
            scheduleFlush(false);
            return;
        }
        synchronized (lock) {
            rows.snapshotTaken(seq);
            rows.write(rowsFile);
        }
    }

    /** Stops the engine; the slot and the offsets stay, so the next start resumes where this one stopped. */
    @Override
    public synchronized void close() {
        synchronized (flushLock) {
            state = State.STOPPED;
            if (flush != null) {
                flush.cancel(false);
            }
            scheduler.shutdownNow();
        }
        if (engine != null) {
            try {
                engine.close();
            } catch (IOException | IllegalStateException e) {
                // IllegalStateException: the engine had stopped on its own (it failed)
                log.debug("Closing the capture of {} for task '{}': {}", source.label(), task, e.toString());
            }
            engine = null;
        }
        if (executor != null) {
            executor.shutdown();
            try {
                if (!executor.awaitTermination(settings.startTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
                    executor.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Stops and forgets the capture: the replication slot and publication are dropped (else the server keeps WAL
     * for them forever) and the rows file is deleted, so a later capture starts with a new initial snapshot.
     */
    public void remove() {
        close();
        try (Connection c = DriverManager.getConnection(target.jdbcUrl(), target.user(), target.password())) {
            try (PreparedStatement st = c.prepareStatement("SELECT pg_drop_replication_slot(slot_name) FROM "
                    + "pg_replication_slots WHERE slot_name = ? AND NOT active")) {
                st.setString(1, slot);
                st.executeQuery().close();
            }
            try (var st = c.createStatement()) {
                st.execute("DROP PUBLICATION IF EXISTS " + quote(slot + "_pub"));
            }
        } catch (SQLException e) {
            log.warn("Cannot drop replication slot {} of task '{}': {}; drop it by hand (SELECT "
                    + "pg_drop_replication_slot('{}')), else the server keeps WAL for it", slot, task, e.getMessage(), slot);
        }
        try {
            Files.deleteIfExists(rowsFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + rowsFile, e);
        }
    }

    @Override
    public String toString() {
        return "ChangeCapture[" + task + " " + source.label() + " " + state + "]";
    }
}
