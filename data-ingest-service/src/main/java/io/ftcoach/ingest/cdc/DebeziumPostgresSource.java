package io.ftcoach.ingest.cdc;

import io.debezium.embedded.Connect;
import io.debezium.engine.ChangeEvent;
import io.debezium.engine.DebeziumEngine;
import io.ftcoach.ingest.domain.CapturedRows;
import io.ftcoach.ingest.domain.LabeledRow;
import io.ftcoach.ingest.domain.Sha256;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.ingest.domain.SourceException;
import io.ftcoach.ingest.domain.SourceReader;
import io.ftcoach.ingest.domain.SourceRows;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code database} source for PostgreSQL: a consistent initial snapshot of one table through the Debezium
 * embedded engine (pgoutput, {@code snapshot.mode=initial}), recorded with the LSN it was taken at.
 *
 * <p>Each run is one-shot: offsets are kept in memory, so every run takes a fresh consistent snapshot, and the
 * replication slot is dropped when the engine stops. With {@code config.mode: continuous} a {@link ChangeCapture}
 * streams the changes that follow and keeps the current rows in the task folder; a read then returns those rows
 * and the LSN of the last change, and takes a one-off snapshot only until the capture has stored its first.
 *
 * <p>The table is {@code config.table} or the one table after FROM in {@code query}. The query becomes
 * Debezium's snapshot statement for that table, so it must select whole rows ({@code SELECT * FROM t WHERE …});
 * {@code mapping} names the columns that hold text, label and entity (by default columns named so). Before the
 * engine starts, the query is run once over JDBC, so an unreachable server, wrong credentials, a missing table or
 * an SQL error fail at once with the reason.
 */
public final class DebeziumPostgresSource implements SourceReader {

    public static final String TYPE = "database";
    public static final String CONTINUOUS = "continuous";
    private static final Pattern FROM_TABLE = Pattern.compile(
            "(?is)\\bfrom\\s+((?:[a-z_][a-z0-9_]*\\.)?[a-z_][a-z0-9_]*)\\b");
    private static final Pattern ENV_REF = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Duration timeout;

    public DebeziumPostgresSource(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment) {
        Target target = Target.of(source, environment);
        if (continuous(source)) {
            // a running capture keeps the current rows; until its initial snapshot is stored, take a one-off one
            Optional<CapturedRows> captured = CapturedRows.read(CapturedRows.file(taskDir, source.name()))
                    .filter(c -> c.fingerprint().equals(target.fingerprint()));
            if (captured.isPresent()) {
                return new SourceRows(source, captured.get().rows(), captured.get().position());
            }
        }
        int expected = probe(source, target.host, target.port, target.database, target.user, target.password,
                target.query, target.text, target.label, target.entity);
        if (expected == 0) {
            throw new SourceException(source.label() + ": the query returned no rows: check its WHERE clause and "
                    + "that " + target.table + " holds data");
        }
        Snapshot snapshot = snapshot(source, slotName(taskDir, source), target.host, target.port, target.database,
                target.user, target.password, target.table, target.query, target.text, target.label, target.entity,
                expected);
        List<LabeledRow> rows = new ArrayList<>(snapshot.rows());
        // the table's physical order is no contract: sorted rows keep equal data equal
        rows.sort(Comparator.comparing(LabeledRow::text).thenComparing(LabeledRow::label)
                .thenComparing(r -> Objects.toString(r.entity(), "")));
        return new SourceRows(source, rows, "lsn:" + formatLsn(snapshot.lsn()));
    }

    /** {@code config.mode: continuous}: a long-running capture keeps the rows current ({@link ChangeCapture}). */
    public static boolean continuous(SourceDefinition source) {
        return TYPE.equals(source.type()) && CONTINUOUS.equals(source.configString("mode", "snapshot"));
    }

    /**
     * Where a database source reads from, with its {@code ${VAR}}s resolved. The password never shows in
     * {@code toString} nor in the fingerprint.
     */
    record Target(String host, String port, String database, String user, String password, String query,
                  String table, String text, String label, String entity) {

        static Target of(SourceDefinition source, Function<String, String> environment) {
            String driver = source.configString("driver", "postgresql");
            if (!"postgresql".equals(driver)) {
                throw new SourceException(source.label() + ": config.driver " + driver + " cannot be read yet (only "
                        + "postgresql, through Debezium): export the table to a CSV and use a file_import");
            }
            String host = resolve(source, "host", "127.0.0.1", environment);
            String port = resolve(source, "port", "5432", environment);
            String database = resolve(source, "database", null, environment);
            String user = resolve(source, "username", null, environment);
            String password = resolve(source, "password", "", environment);
            String query = Objects.toString(source.config().get("query"), null);
            if (database == null || user == null || query == null || query.isBlank()) {
                throw new SourceException(source.label() + ": config.database, config.username and query are needed");
            }
            query = query.strip().replaceAll(";\\s*$", "");
            return new Target(host, port, database, user, password, query, DebeziumPostgresSource.table(source, query),
                    source.mapping().getOrDefault("text", "text"), source.mapping().getOrDefault("label", "label"),
                    source.mapping().get("entity"));
        }

        String jdbcUrl() {
            return "jdbc:postgresql://" + host + ":" + port + "/" + database;
        }

        /** What the captured rows depend on: server, table, query and mapping (not the credentials). */
        String fingerprint() {
            return Sha256.hex(String.join("\n", host, port, database, table, query, text, label,
                    Objects.toString(entity, "")));
        }

        @Override
        public String toString() {
            return "Target[" + user + "@" + host + ":" + port + "/" + database + " " + table + "]";
        }
    }

    private record Snapshot(List<LabeledRow> rows, long lsn) {
    }

    /** PostgreSQL's own notation, e.g. {@code 0/1A2B3C8}. */
    static String formatLsn(long lsn) {
        return Long.toHexString(lsn >>> 32).toUpperCase(Locale.ROOT) + "/"
                + Long.toHexString(lsn & 0xFFFFFFFFL).toUpperCase(Locale.ROOT);
    }

    static String table(SourceDefinition source, String query) {
        Object configured = source.config().get("table");
        String table;
        if (configured != null) {
            table = configured.toString();
        } else {
            Matcher m = FROM_TABLE.matcher(query);
            if (!m.find()) {
                throw new SourceException(source.label() + ": cannot tell the table from the query: add "
                        + "config.table (schema.table)");
            }
            table = m.group(1);
        }
        return table.contains(".") ? table : "public." + table;
    }

    static String resolve(SourceDefinition source, String key, String fallback, Function<String, String> env) {
        Object raw = source.config().get(key);
        if (raw == null) {
            return fallback;
        }
        Matcher m = ENV_REF.matcher(raw.toString());
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = env.apply(m.group(1));
            if (value == null) {
                throw new SourceException(source.label() + ": config." + key + " needs the environment variable "
                        + m.group(1) + ", which is not set: set it (e.g. in the task's .env) and run again");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Runs the query once over JDBC: connection, credentials, table, SQL and mapped columns fail here, clearly. */
    static int probe(SourceDefinition source, String host, String port, String database, String user,
                             String password, String query, String text, String label, String entity) {
        String url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        try (Connection c = DriverManager.getConnection(url, user, password);
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT * FROM (" + query + ") q LIMIT 0")) {
            List<String> columns = new ArrayList<>();
            for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                columns.add(rs.getMetaData().getColumnName(i));
            }
            for (String[] m : new String[][]{{"text", text}, {"label", label}, {"entity", entity}}) {
                if (m[1] != null && !columns.contains(m[1])) {
                    throw new SourceException(source.label() + ": mapping." + m[0] + " names the column '" + m[1]
                            + "', which the query does not return: map " + m[0] + " to one of " + columns);
                }
            }
            try (ResultSet count = st.executeQuery("SELECT count(*) FROM (" + query + ") q")) {
                count.next();
                return count.getInt(1);
            }
        } catch (SQLException e) {
            String state = Objects.toString(e.getSQLState(), "");
            String fix = state.startsWith("08") ? "check config.host and config.port and that the server runs"
                    : state.equals("28P01") || state.equals("28000") ? "check config.username and the password "
                    + "variable" : state.equals("3D000") ? "check config.database"
                    : state.equals("42P01") ? "check the table name in the query"
                    : "fix the query (it runs as written on the server)";
            throw new SourceException(source.label() + ": " + url + ": " + e.getMessage() + " (SQLState " + state
                    + "): " + fix, e);
        }
    }

    /**
     * One replication slot per task and source, so runs of different tasks never share one: {@code ftcoach_<task>_
     * <source>}, lower-case, at most 63 characters (PostgreSQL's limit; long names end in a short hash).
     */
    static String slotName(Path taskDir, SourceDefinition source) {
        Path task = taskDir.toAbsolutePath().normalize().getFileName();
        String name = ("ftcoach_" + (task == null ? "" : task + "_") + source.name()).toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]", "_");
        return name.length() <= 58 ? name
                : name.substring(0, 50) + "_" + io.ftcoach.ingest.domain.Sha256.hex(name).substring(0, 7);
    }

    private Snapshot snapshot(SourceDefinition source, String slot, String host, String port, String database,
                              String user, String password, String table, String query, String text, String label,
                              String entity, int expected) {
        Properties props = new Properties();
        props.setProperty("name", "ftcoach-" + source.name());
        props.setProperty("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        props.setProperty("offset.storage", "org.apache.kafka.connect.storage.MemoryOffsetBackingStore");
        props.setProperty("offset.flush.interval.ms", "60000");
        props.setProperty("database.hostname", host);
        props.setProperty("database.port", port);
        props.setProperty("database.user", user);
        props.setProperty("database.password", password);
        props.setProperty("database.dbname", database);
        props.setProperty("topic.prefix", "ftcoach");
        props.setProperty("table.include.list", table.replace(".", "\\."));
        props.setProperty("plugin.name", "pgoutput");
        props.setProperty("slot.name", slot);
        props.setProperty("slot.drop.on.stop", "true");
        props.setProperty("publication.name", slot + "_pub");
        props.setProperty("publication.autocreate.mode", "filtered");
        props.setProperty("snapshot.mode", "initial");
        props.setProperty("snapshot.select.statement.overrides", table);
        props.setProperty("snapshot.select.statement.overrides." + table, query);
        props.setProperty("decimal.handling.mode", "string");
        props.setProperty("poll.interval.ms", "100");
        // a snapshot is one long burst of rows: larger batches and a deeper queue keep the engine's thread from
        // handing rows over 2,048 at a time, and the JDBC cursor fetches as many per round trip
        props.setProperty("max.batch.size", "20480");
        props.setProperty("max.queue.size", "81920");
        props.setProperty("snapshot.fetch.size", "20480");

        List<LabeledRow> rows = new ArrayList<>();
        long[] lsn = {-1};
        CompletableFuture<Void> done = new CompletableFuture<>();
        CompletableFuture<String> stopped = new CompletableFuture<>();
        DebeziumEngine<ChangeEvent<SourceRecord, SourceRecord>> engine = DebeziumEngine.create(Connect.class)
                .using(props)
                .notifying(event -> {
                    if (done.isDone() || event.value() == null || !(event.value().value() instanceof Struct value)) {
                        return;
                    }
                    Struct after = value.schema().field("after") == null ? null : value.getStruct("after");
                    Struct src = value.schema().field("source") == null ? null : value.getStruct("source");
                    if (after == null || src == null) {
                        return;
                    }
                    String snapshotMarker = Objects.toString(src.get("snapshot"), "false");
                    if ("false".equals(snapshotMarker)) {
                        return;
                    }
                    try {
                        rows.add(row(source, after, text, label, entity, rows.size() + 1));
                    } catch (SourceException e) {
                        done.completeExceptionally(e);
                        return;
                    }
                    Object position = src.get("lsn");
                    if (position instanceof Number n) {
                        lsn[0] = n.longValue();
                    }
                    if ("last".equals(snapshotMarker) || rows.size() >= expected
                            && "last_in_data_collection".equals(snapshotMarker)) {
                        done.complete(null);
                    }
                })
                .using((success, message, error) -> {
                    stopped.complete(message);
                    if (!success && !done.isDone()) {
                        done.completeExceptionally(new SourceException(source.label() + ": Debezium stopped: "
                                + message + (error == null ? "" : " (" + error.getMessage() + ")")
                                + ": check that the server has wal_level=logical and the user may replicate",
                                error));
                    }
                })
                .build();
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "debezium-" + source.name());
            t.setDaemon(true);
            return t;
        });
        try {
            executor.execute(engine);
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (lsn[0] < 0) {
                throw new SourceException(source.label() + ": the snapshot carried no LSN");
            }
            return new Snapshot(List.copyOf(rows), lsn[0]);
        } catch (TimeoutException e) {
            throw new SourceException(source.label() + ": the Debezium snapshot of " + table + " did not finish "
                    + "within " + timeout.toSeconds() + " s (" + rows.size() + " of " + expected + " rows seen)", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof SourceException se ? se
                    : new SourceException(source.label() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException(source.label() + ": interrupted while taking the snapshot", e);
        } finally {
            try {
                engine.close();
                stopped.get(30, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the engine logs its own shutdown problems; the snapshot is complete or already failed
            }
            executor.shutdownNow();
        }
    }

    private static LabeledRow row(SourceDefinition source, Struct after, String text, String label, String entity,
                                  int n) {
        return new LabeledRow(value(source, after, text, "text", n, true), value(source, after, label, "label", n, true),
                entity == null ? null : value(source, after, entity, "entity", n, false));
    }

    private static String value(SourceDefinition source, Struct after, String column, String key, int n,
                                boolean required) {
        Field field = after.schema().field(column);
        if (field == null) {
            throw new SourceException(source.label() + ": mapping." + key + " names the column '" + column
                    + "', which the captured table does not have: map it to one of "
                    + after.schema().fields().stream().map(Field::name).toList());
        }
        Object v = after.get(field);
        String s = v == null ? null : v.toString().strip();
        if (required && (s == null || s.isEmpty())) {
            throw new SourceException(source.label() + ": snapshot row " + n + " has an empty " + key + " (column '"
                    + column + "'): fill it in the table or filter it out in the query");
        }
        return s == null || s.isEmpty() ? null : s;
    }

}
