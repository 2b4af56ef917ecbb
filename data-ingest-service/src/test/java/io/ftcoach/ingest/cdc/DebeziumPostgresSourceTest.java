package io.ftcoach.ingest.cdc;

import io.ftcoach.infra.postgres.LocalPostgres;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.ingest.domain.DataPipeline;
import io.ftcoach.ingest.domain.DataSourceFile;
import io.ftcoach.ingest.domain.DataSourceService;
import io.ftcoach.ingest.domain.DataWorkspace;
import io.ftcoach.ingest.domain.FileImportSource;
import io.ftcoach.ingest.domain.LabeledRow;
import io.ftcoach.ingest.domain.SourceDefinition;
import io.ftcoach.ingest.domain.SourceException;
import io.ftcoach.ingest.domain.SourceRows;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A real PostgreSQL 15 with logical WAL (the shared test infrastructure), read through the Debezium engine. */
class DebeziumPostgresSourceTest {

    private static final String DB = "ingest_cdc";
    private static LocalPostgres pg;
    private final DebeziumPostgresSource source = new DebeziumPostgresSource(Duration.ofSeconds(90));
    private final Function<String, String> env = name -> "TEST_DB_PASSWORD".equals(name) ? pg.password() : null;

    @BeforeAll
    static void table() throws Exception {
        pg = TestInfrastructure.shared().postgres();
        pg.createDatabase(DB);
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS reviews");
            st.execute("CREATE TABLE reviews (id serial PRIMARY KEY, review text NOT NULL, sentiment text, "
                    + "shop text, approved boolean NOT NULL)");
            st.execute("INSERT INTO reviews (review, sentiment, shop, approved) VALUES "
                    + "('送餐很快，味道很好', 'positive', 'A', true), ('湯是冷的，麵也糊了', 'negative', 'B', true), "
                    + "('包裝用心，還會再點', 'positive', 'A', true), ('還沒審核的評論', 'positive', 'C', false)");
        }
    }

    @Test
    void takesAConsistentSnapshotOfTheQueryAndRecordsItsLsn() throws Exception {
        SourceRows rows = source.read(Path.of("."), definition("SELECT * FROM public.reviews WHERE approved"), env);

        assertThat(rows.rows()).containsExactly(new LabeledRow("包裝用心，還會再點", "positive", "A"),
                new LabeledRow("湯是冷的，麵也糊了", "negative", "B"), new LabeledRow("送餐很快，味道很好", "positive", "A"));
        assertThat(rows.position()).matches("lsn:[0-9A-F]+/[0-9A-F]+");
        long lsn = parseLsn(rows.position().substring(4));
        try (Connection c = pg.connect(DB); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT pg_current_wal_lsn()::text")) {
            rs.next();
            assertThat(lsn).isPositive().isLessThanOrEqualTo(parseLsn(rs.getString(1)));
            // one-shot runs leave no replication slot behind
            try (ResultSet slots = st.executeQuery("SELECT count(*) FROM pg_replication_slots WHERE slot_name LIKE 'ftcoach\\_%'")) {
                slots.next();
                assertThat(slots.getInt(1)).isZero();
            }
        }
        // unchanged table: the same rows again
        assertThat(source.read(Path.of("."), definition("SELECT * FROM public.reviews WHERE approved"), env).rows())
                .isEqualTo(rows.rows());
    }

    @Test
    void aDatabaseSourceInDataSourceYamlRunsIntoASnapshotWithItsLsn(@TempDir Path root) throws Exception {
        TaskName task = TaskName.of("db-task");
        Files.createDirectories(root.resolve("db-task"));
        Files.writeString(root.resolve("db-task/task.yaml"), "task_name: db-task\n");
        DataSourceService service = new DataSourceService(new DataWorkspace(new Workspace(root), Clock.systemUTC()),
                new DataSourceFile(env), new DataPipeline(List.of(new FileImportSource(), source), env));
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
                    query: |
                      SELECT * FROM public.reviews
                      WHERE approved
                    mapping: {text: review, label: sentiment}
                split:
                  ratios: {train: 0.34, valid: 0.33, test: 0.33}
                """).formatted(pg.host(), pg.port(), DB, pg.user()).getBytes(StandardCharsets.UTF_8));

        DataSourceService.Run run = service.run(task, null);

        assertThat(run.sources()).singleElement().satisfies(s -> {
            assertThat(s.source().type()).isEqualTo("database");
            assertThat(s.position()).matches("lsn:[0-9A-F]+/[0-9A-F]+");
        });
        assertThat(run.imported().snapshot().classDistribution()).isEqualTo(Map.of("negative", 1L, "positive", 2L));
        assertThat(run.imported().snapshot().totalCount()).isEqualTo(3);
        // unchanged table and configuration: the same snapshot id, though the LSN moves on
        assertThat(service.run(task, null).imported().snapshot().snapshotId())
                .isEqualTo(run.imported().snapshot().snapshotId());
    }

    @Test
    void badInputFailsWithTheReasonAndTheFix() {
        assertThatThrownBy(() -> source.read(Path.of("."), definition("SELECT * FROM missing_table"), env))
                .isInstanceOf(SourceException.class).hasMessageContaining("sources[0] 'shop-db' (database)")
                .hasMessageContaining("42P01").hasMessageContaining("check the table name");
        Map<String, String> wrongColumn = new LinkedHashMap<>(Map.of("text", "comment", "label", "sentiment"));
        assertThatThrownBy(() -> source.read(Path.of("."), definition("SELECT * FROM reviews", wrongColumn), env))
                .isInstanceOf(SourceException.class).hasMessageContaining("mapping.text names the column 'comment'");
        assertThatThrownBy(() -> source.read(Path.of("."), definition("SELECT * FROM reviews"), name -> null))
                .isInstanceOf(SourceException.class)
                .hasMessageContaining("config.password needs the environment variable TEST_DB_PASSWORD");
        SourceDefinition unreachable = new SourceDefinition(0, "shop-db", "database", true, Map.of("driver",
                "postgresql", "host", "127.0.0.1", "port", 1, "database", DB, "username", pg.user(),
                "query", "SELECT * FROM reviews"), Map.of(), null);
        assertThatThrownBy(() -> source.read(Path.of("."), unreachable, env)).isInstanceOf(SourceException.class)
                .hasMessageContaining("check config.host and config.port");
    }

    @Test
    void slotNamesAreOnePerTaskAndSourceAndFitPostgres() {
        SourceDefinition shop = definition("SELECT * FROM reviews");
        assertThat(DebeziumPostgresSource.slotName(Path.of("/ws/review-task"), shop)).isEqualTo("ftcoach_review_task_shop_db");
        String longName = DebeziumPostgresSource.slotName(Path.of("/ws/" + "a-very-long-task-name".repeat(4)), shop);
        assertThat(longName).hasSizeLessThanOrEqualTo(63).matches("[a-z0-9_]+");
        assertThat(DebeziumPostgresSource.formatLsn(0x1_0000_00ABL)).isEqualTo("1/AB");
    }

    private static SourceDefinition definition(String query) {
        return definition(query, Map.of("text", "review", "label", "sentiment", "entity", "shop"));
    }

    private static SourceDefinition definition(String query, Map<String, String> mapping) {
        Map<String, Object> config = new HashMap<>(Map.of("driver", "postgresql", "host", pg.host(), "port",
                pg.port(), "database", DB, "username", pg.user(), "query", query));
        config.put("password", "${TEST_DB_PASSWORD}");
        return new SourceDefinition(0, "shop-db", "database", true, config, mapping, null);
    }

    private static long parseLsn(String lsn) {
        String[] parts = lsn.split("/");
        return (Long.parseLong(parts[0], 16) << 32) | Long.parseLong(parts[1], 16);
    }
}
