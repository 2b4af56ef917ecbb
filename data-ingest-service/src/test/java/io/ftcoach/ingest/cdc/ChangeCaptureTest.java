package io.ftcoach.ingest.cdc;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ftcoach.infra.postgres.LocalPostgres;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.ingest.domain.CapturedRows;
import io.ftcoach.ingest.domain.DataPipeline;
import io.ftcoach.ingest.domain.DataSnapshot;
import io.ftcoach.ingest.domain.DataSourceFile;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.FileImportSource;
import io.ftcoach.ingest.domain.LabeledRow;
import io.ftcoach.ingest.domain.NoRowsException;
import io.ftcoach.ingest.domain.Sha256;
import io.ftcoach.ingest.domain.SnapshotFile;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Continuous capture against the shared real PostgreSQL (logical WAL) and the real Kafka broker that keeps the
 * offsets: initial snapshot, changes, truncates, a stop with changes made meanwhile, and a restart that resumes.
 */
class ChangeCaptureTest {

    private static final String DB = "ingest_cdc_stream";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static LocalPostgres pg;
    private final Function<String, String> env = name -> "TEST_DB_PASSWORD".equals(name) ? pg.password() : null;
    private final List<ChangeCapture> started = new ArrayList<>();

    @TempDir
    Path root;

    @BeforeAll
    static void database() {
        pg = TestInfrastructure.shared().postgres();
        pg.createDatabase(DB);
    }

    @AfterEach
    void removeCaptures() {
        // slots left behind would keep WAL in the shared server for the rest of the run
        started.forEach(ChangeCapture::remove);
    }

    @Test
    void changesArriveAsNewSnapshotsAndARestartResumesWithoutSnapshottingAgain() throws Exception {
        sql("DROP TABLE IF EXISTS orders_feedback",
                "CREATE TABLE orders_feedback (id int PRIMARY KEY, review text, sentiment text, approved boolean)",
                "INSERT INTO orders_feedback VALUES (1, '送餐很快', 'positive', true), (2, '湯是冷的', 'negative', true), "
                        + "(3, '包裝用心', 'positive', true), (4, '還沒審核', 'positive', false)");
        TaskName task = TaskName.of("cdc-task");
        DataSourceService service = task(task, "SELECT * FROM public.orders_feedback WHERE approved");
        BlockingQueue<DataSourceService.Run> runs = new LinkedBlockingQueue<>();
        ChangeCapture.Listener listener = capture -> runs.add(service.run(task, null));
        SourceDefinition source = service.run(task, null).config().sources().get(0);
        runs.clear();

        ChangeCapture capture = start(task, source, listener);
        capture.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        DataSourceService.Run first = runs.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first).as("a data snapshot after the initial snapshot").isNotNull();
        assertThat(rows(first)).containsExactlyInAnyOrder(row("送餐很快", "positive"), row("湯是冷的", "negative"),
                row("包裝用心", "positive"));
        assertThat(capture.snapshotRowsRead()).isEqualTo(3);
        assertThat(first.sources().get(0).position()).matches("lsn:[0-9A-F]+/[0-9A-F]+");

        sql("INSERT INTO orders_feedback VALUES (5, '份量很多', 'positive', true)",
                "UPDATE orders_feedback SET sentiment = 'negative' WHERE id = 3",
                "DELETE FROM orders_feedback WHERE id = 1",
                // leaves the query's result: approved no longer
                "UPDATE orders_feedback SET approved = false WHERE id = 2",
                // enters it
                "UPDATE orders_feedback SET approved = true WHERE id = 4");
        DataSourceService.Run second = awaitRows(runs, List.of(row("包裝用心", "negative"), row("份量很多", "positive"),
                row("還沒審核", "positive")));
        assertThat(lsn(second)).isGreaterThan(lsn(first));
        assertThat(capture.changesApplied()).isEqualTo(5);
        assertThat(second.imported().parentSnapshotId()).isEqualTo(first.imported().snapshot().snapshotId());

        capture.close();
        sql("INSERT INTO orders_feedback VALUES (6, '下次再點', 'positive', true)",
                "UPDATE orders_feedback SET review = '包裝用心，但是冷了' WHERE id = 3",
                "DELETE FROM orders_feedback WHERE id = 5");
        // the rows stored before the stop are what a run reads while no capture runs
        assertThat(rows(service.run(task, null))).containsExactlyInAnyOrderElementsOf(rows(second));

        ChangeCapture resumed = start(task, source, listener);
        assertThat(resumed.ready()).isDone();
        runs.clear();
        DataSourceService.Run third = awaitRows(runs, List.of(row("包裝用心，但是冷了", "negative"),
                row("下次再點", "positive"), row("還沒審核", "positive")));
        assertThat(resumed.snapshotRowsRead()).as("no second initial snapshot").isZero();
        assertThat(resumed.changesApplied()).isEqualTo(3);
        assertThat(lsn(third)).isGreaterThan(lsn(second));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.shared().bootstrapServers()))) {
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(resumed.offsetTopic());
        }
        assertThat(resumed.offsetTopic()).isEqualTo("ftcoach.cdc-offsets.cdc-task.shop-db");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (resumed.pendingChanges() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        Path file = CapturedRows.file(root.resolve(task.value()), "shop-db");
        assertThat(CapturedRows.read(file)).get().satisfies(c -> {
            assertThat(c.size()).isEqualTo(3);
            assertThat(c.pendingChanges()).isZero();
        });
        try (Connection c = pg.connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                     + resumed.slot() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
        }
    }

    @Test
    void aTruncateEmptiesTheRowsAndATruncateAloneLeavesThePreviousSnapshotAsTheTasksData() throws Exception {
        sql("DROP TABLE IF EXISTS shop_reviews", "DROP TABLE IF EXISTS courier_notes",
                "CREATE TABLE shop_reviews (id int PRIMARY KEY, review text, sentiment text)",
                "CREATE TABLE courier_notes (id int PRIMARY KEY, note text)",
                "INSERT INTO shop_reviews VALUES (1, '送餐很快', 'positive'), (2, '湯是冷的', 'negative'), "
                        + "(3, '包裝用心', 'positive'), (4, '還會再點', 'positive')",
                "INSERT INTO courier_notes VALUES (1, '放在門口')");
        TaskName task = TaskName.of("cdc-truncate");
        DataSourceService service = task(task, "SELECT * FROM shop_reviews");
        BlockingQueue<DataSourceService.Run> runs = new LinkedBlockingQueue<>();
        BlockingQueue<RuntimeException> refused = new LinkedBlockingQueue<>();
        ChangeCapture.Listener listener = capture -> {
            try {
                runs.add(service.run(task, null));
            } catch (RuntimeException e) {
                refused.add(e);
                throw e;
            }
        };
        SourceDefinition source = service.run(task, null).config().sources().get(0);
        runs.clear();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger logger = (Logger) LoggerFactory.getLogger(ChangeCapture.class);
        logger.addAppender(logged);
        try {
            ChangeCapture capture = start(task, source, listener);
            capture.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            awaitRows(runs, List.of(row("送餐很快", "positive"), row("湯是冷的", "negative"), row("包裝用心", "positive"),
                    row("還會再點", "positive")));
            try (Connection c = pg.connect(DB); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                    "SELECT pubtruncate FROM pg_publication WHERE pubname = '" + capture.slot() + "_pub'")) {
                assertThat(rs.next()).as("the capture's publication").isTrue();
                assertThat(rs.getBoolean(1)).as("the publication publishes truncates").isTrue();
            }

            // another table's truncate leaves the rows as they are
            sql("TRUNCATE courier_notes", "UPDATE shop_reviews SET sentiment = 'negative' WHERE id = 3");
            awaitRows(runs, List.of(row("送餐很快", "positive"), row("湯是冷的", "negative"), row("包裝用心", "negative"),
                    row("還會再點", "positive")));

            // rows inserted after a truncate are captured as usual, also under keys the truncated rows had
            transaction("TRUNCATE shop_reviews", "INSERT INTO shop_reviews VALUES (1, '麵糊了', 'negative'), "
                    + "(5, '份量很多', 'positive'), (6, '送餐很快', 'negative')");
            DataSourceService.Run afterTruncate = awaitRows(runs, List.of(row("麵糊了", "negative"),
                    row("份量很多", "positive"), row("送餐很快", "negative")));
            assertThat(afterTruncate.imported().snapshot().totalCount()).isEqualTo(3);
            assertThat(capture.changesApplied()).as("1 update, 4 rows truncated, 3 inserts").isEqualTo(8);
            assertThat(refused).isEmpty();

            // a truncate alone: the task's only source gives no rows, so no snapshot, and no retries either
            sql("TRUNCATE shop_reviews");
            RuntimeException empty = refused.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(empty).as("a data snapshot asked for after the truncate").isInstanceOf(NoRowsException.class)
                    .hasMessageStartingWith("The enabled sources gave no rows (sources[0] 'shop-db' (database): 0)");
            awaitLogged(logged, "No data snapshot of task 'cdc-truncate' after changes to sources[0] 'shop-db' "
                    + "(database): public.shop_reviews holds no rows now (truncated");
            Thread.sleep(3 * settings().quietPeriod().toMillis());
            assertThat(refused).as("asked once, not again every quiet period").isEmpty();
            assertThat(runs).isEmpty();
            assertThat(capture.changesApplied()).isEqualTo(11);
            Path rowsFile = CapturedRows.file(root.resolve(task.value()), "shop-db");
            assertThat(CapturedRows.read(rowsFile)).get().satisfies(c -> {
                assertThat(c.size()).isZero();
                assertThat(c.pendingChanges()).as("nothing to snapshot until the next change").isZero();
            });

            // a truncate made while the capture is stopped is applied when it resumes
            capture.close();
            transaction("INSERT INTO shop_reviews VALUES (7, '下次再點', 'positive')", "TRUNCATE shop_reviews");
            DataWorkspace data = new DataWorkspace(new Workspace(root), Clock.systemUTC());
            Path dataVersion = root.resolve(task.value()).resolve(DataWorkspace.DATA_VERSION);
            byte[] versionBefore = Files.readAllBytes(dataVersion);
            List<DataSnapshot> snapshotsBefore = data.listSnapshots(task);
            ChangeCapture resumed = start(task, source, listener);
            assertThat(refused.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the truncate made while stopped")
                    .isInstanceOf(NoRowsException.class);
            assertThat(resumed.snapshotRowsRead()).as("no second initial snapshot").isZero();
            assertThat(resumed.changesApplied()).as("the insert, then its row truncated").isEqualTo(2);
            assertThat(CapturedRows.read(rowsFile)).get().satisfies(c -> assertThat(c.size()).isZero());

            // no snapshot since the one after the first truncate: it is still the task's data, files as stored
            assertThat(runs).isEmpty();
            assertThat(data.listSnapshots(task)).isEqualTo(snapshotsBefore);
            assertThat(dataVersion).hasBinaryContent(versionBefore);
            String current = afterTruncate.imported().snapshot().snapshotId();
            assertThat(new String(versionBefore, StandardCharsets.UTF_8))
                    .containsPattern("(?m)^snapshot_id: \"?" + current + "\"?$");
            for (SnapshotFile f : data.getSnapshot(task, current).files()) {
                assertThat(Sha256.hex(Files.readAllBytes(root.resolve(task.value()).resolve(f.path()))))
                        .as(f.path()).isEqualTo(f.sha256());
            }
        } finally {
            logger.detachAppender(logged);
        }
    }

    @Test
    void removingACaptureDropsItsSlotAndRows() throws Exception {
        sql("DROP TABLE IF EXISTS menu_notes",
                "CREATE TABLE menu_notes (id int PRIMARY KEY, review text, sentiment text)",
                "INSERT INTO menu_notes VALUES (1, '好吃', 'positive')");
        TaskName task = TaskName.of("cdc-removed");
        DataSourceService service = task(task, "SELECT * FROM menu_notes");
        SourceDefinition source = service.run(task, null).config().sources().get(0);
        ChangeCapture capture = start(task, source, c -> { });
        capture.ready().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Path file = CapturedRows.file(root.resolve(task.value()), "shop-db");
        assertThat(file).isRegularFile();

        capture.remove();

        assertThat(file).doesNotExist();
        try (Connection c = pg.connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name = '"
                     + capture.slot() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    private ChangeCapture start(TaskName task, SourceDefinition source, ChangeCapture.Listener listener) {
        ChangeCapture capture = new ChangeCapture(root.resolve(task.value()), task, source, env, settings(), listener);
        started.add(capture);
        return capture.start();
    }

    private static CaptureSettings settings() {
        return new CaptureSettings(TestInfrastructure.shared().bootstrapServers(), "ftcoach.cdc-offsets.", (short) 1,
                1000, Duration.ofMillis(700), Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofSeconds(30));
    }

    private DataSourceService task(TaskName task, String query) throws Exception {
        Path dir = root.resolve(task.value());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("task.yaml"), "task_name: " + task + "\n");
        DataSourceService service = new DataSourceService(new DataWorkspace(new Workspace(root), Clock.systemUTC()),
                new DataSourceFile(env), new DataPipeline(List.of(new FileImportSource(),
                new DebeziumPostgresSource(Duration.ofSeconds(90))), env));
        service.put(task, ("""
                version: "1.0"
                sources:
                  - name: shop-db
                    type: database
                    config:
                      driver: postgresql
                      host: %s
                      port: %d
                      database: %s
                      username: %s
                      password: ${TEST_DB_PASSWORD}
                      mode: continuous
                    query: %s
                    mapping: {text: review, label: sentiment}
                split:
                  enabled: false
                """).formatted(pg.host(), pg.port(), DB, pg.user(), query).getBytes(StandardCharsets.UTF_8));
        return service;
    }

    private static DataSourceService.Run awaitRows(BlockingQueue<DataSourceService.Run> runs, List<LabeledRow> expected)
            throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<LabeledRow> last = null;
        while (System.nanoTime() < deadline) {
            DataSourceService.Run run = runs.poll(1, TimeUnit.SECONDS);
            if (run != null) {
                last = rows(run);
                if (last.size() == expected.size() && last.containsAll(expected)) {
                    return run;
                }
            }
        }
        throw new AssertionError("no data snapshot with " + expected + " within " + WAIT + "; the last had " + last);
    }

    private static List<LabeledRow> rows(DataSourceService.Run run) {
        return run.sources().get(0).rows();
    }

    private static LabeledRow row(String text, String label) {
        return LabeledRow.of(text, label);
    }

    private static long lsn(DataSourceService.Run run) {
        String[] parts = run.sources().get(0).position().substring(4).split("/");
        return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
    }

    private static void awaitLogged(ListAppender<ILoggingEvent> logged, String start) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            synchronized (logged) {
                if (logged.list.stream().anyMatch(e -> e.getFormattedMessage().startsWith(start))) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("nothing logged starting with \"" + start + "\" within " + WAIT);
    }

    /** One commit, so the capture sees the statements together. */
    private static void transaction(String... statements) throws Exception {
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String s : statements) {
                st.execute(s);
            }
            c.commit();
        }
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
