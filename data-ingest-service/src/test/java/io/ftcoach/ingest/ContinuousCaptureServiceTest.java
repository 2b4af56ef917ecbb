package io.ftcoach.ingest;

import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.RowChanges;
import io.ftcoach.events.SourcePosition;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.infra.postgres.LocalPostgres;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.infra.testing.TestInfrastructure;
import io.ftcoach.ingest.cdc.ChangeCapture;
import io.ftcoach.ingest.events.ChangeCaptureRunner;
import io.ftcoach.schemas.testing.SampleEvents;
import io.ftcoach.support.workspace.TaskName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service with a continuous database source: its runner starts the capture from data_source.yaml, the initial
 * snapshot and later changes (a truncate among them) are announced with DataUpdated, and once a version was trained
 * (TrainingRequested, TrainingCompleted) DataUpdated says how many rows changed since that version's data.
 */
class ContinuousCaptureServiceTest {

    private static final String TASK = "cdc-service-task";
    private static final String DB = "ingest_cdc_service";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningService service = new RunningService(DataIngestServiceApplication::builder);
    private final EventProbe events = service.events();

    @Test
    void changesAfterATrainedVersionAreCountedInDataUpdated() throws Exception {
        LocalPostgres pg = TestInfrastructure.shared().postgres();
        pg.createDatabase(DB);
        sql(pg, "DROP TABLE IF EXISTS reviews",
                "CREATE TABLE reviews (id int PRIMARY KEY, review text, sentiment text)",
                "INSERT INTO reviews VALUES (1, '送餐很快', 'positive'), (2, '湯是冷的', 'negative'), "
                        + "(3, '包裝用心', 'positive'), (4, '還會再點', 'positive')");
        Path task = service.workspace().resolve(TASK);
        Files.createDirectories(task);
        Files.writeString(task.resolve("task.yaml"), "task_name: " + TASK + "\n");
        // the local test server trusts local connections: no password needed, so none is configured
        assertThat(pg.password()).isEmpty();
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/tasks/"
                        + TASK + "/data-source")).header("Content-Type", "application/yaml")
                .PUT(HttpRequest.BodyPublishers.ofString(yaml(pg, "continuous"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);

        ChangeCaptureRunner runner = service.context().getBean(ChangeCaptureRunner.class);
        runner.reconcile();
        ChangeCapture capture = runner.capture(TaskName.of(TASK), "shop-db").orElseThrow();

        DataUpdated initial = events.await(DataUpdated.class, TASK, WAIT);
        assertThat(initial.getTrainCount() + initial.getValidCount() + initial.getTestCount()).isEqualTo(4);
        assertThat(initial.getSourcePositions()).extracting(SourcePosition::getSourceType).containsExactly("database");
        assertThat(initial.getSourcePositions().get(0).getPosition()).matches("lsn:[0-9A-F]+/[0-9A-F]+");
        assertThat(initial.getChangesSinceTrained()).as("no version trained yet").isNull();
        assertThat(capture.snapshotRowsRead()).isEqualTo(4);

        TrainingRequested requested = SampleEvents.of(TrainingRequested.class, TASK);
        requested.setDataSnapshotId(initial.getSnapshotId());
        events.send(requested);
        TrainingCompleted completed = SampleEvents.of(TrainingCompleted.class, TASK);
        events.send(completed);
        awaitTrained();

        sql(pg, "INSERT INTO reviews VALUES (5, '份量很多', 'positive')",
                "UPDATE reviews SET sentiment = 'negative' WHERE id = 3", "DELETE FROM reviews WHERE id = 1");
        DataUpdated changed = events.awaitAll(DataUpdated.class, e -> e.getEnvelope().getTaskId().equals(TASK)
                && e.getChangesSinceTrained() != null && e.getChangesSinceTrained().getAdded() == 1
                && e.getChangesSinceTrained().getRemoved() == 1, 1, WAIT).get(0);
        RowChanges changes = changed.getChangesSinceTrained();
        assertThat(changes.getSinceSnapshotId()).isEqualTo(initial.getSnapshotId());
        assertThat(changes.getSinceVersion()).isEqualTo("v1");
        assertThat(List.of(changes.getAdded(), changes.getChanged(), changes.getRemoved())).containsExactly(1L, 1L, 1L);
        assertThat(changed.getParentSnapshotId()).isNotNull();
        assertThat(changed.getTrainCount() + changed.getValidCount() + changed.getTestCount()).isEqualTo(4);

        JsonNode diff = JSON.readTree(get("/api/tasks/" + TASK + "/snapshots/" + changed.getSnapshotId()
                + "/changes?since=" + initial.getSnapshotId()));
        assertThat(List.of(diff.path("added").asLong(), diff.path("changed").asLong(), diff.path("removed").asLong()))
                .containsExactly(1L, 1L, 1L);
        JsonNode sinceTrained = JSON.readTree(get("/api/tasks/" + TASK + "/snapshots/" + changed.getSnapshotId()
                + "/changes"));
        assertThat(sinceTrained.path("sinceVersion").asString()).isEqualTo("v1");
        assertThat(sinceTrained.path("since").asString()).isEqualTo(initial.getSnapshotId());

        // a truncate empties the captured rows: the rows it took away count as removed since the trained data
        transaction(pg, "TRUNCATE reviews", "INSERT INTO reviews VALUES (1, '送餐很快', 'negative'), "
                + "(6, '湯是冷的', 'negative'), (7, '麵糊了', 'negative')");
        DataUpdated truncated = events.awaitAll(DataUpdated.class, e -> e.getEnvelope().getTaskId().equals(TASK)
                && e.getTrainCount() + e.getValidCount() + e.getTestCount() == 3, 1, WAIT).get(0);
        RowChanges sinceTruncate = truncated.getChangesSinceTrained();
        assertThat(sinceTruncate.getSinceSnapshotId()).isEqualTo(initial.getSnapshotId());
        // 麵糊了 added, 送餐很快 relabelled, 包裝用心 and 還會再點 gone; 湯是冷的 came back as it was
        assertThat(List.of(sinceTruncate.getAdded(), sinceTruncate.getChanged(), sinceTruncate.getRemoved()))
                .containsExactly(1L, 1L, 2L);
        assertThat(truncated.getParentSnapshotId()).isEqualTo(changed.getSnapshotId());

        // back to one-off snapshots: the capture goes, and its replication slot with it
        HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/tasks/" + TASK + "/data-source"))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(
                        yaml(pg, "snapshot"))).build(), HttpResponse.BodyHandlers.ofString());
        runner.reconcile();
        assertThat(runner.capture(TaskName.of(TASK), "shop-db")).isEmpty();
        try (Connection c = pg.connect(DB); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*) FROM pg_replication_slots WHERE slot_name = '" + capture.slot() + "'")) {
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void aRunAfterATrainedVersionSaysWhatChangedSinceItsData() throws Exception {
        String name = "trained-run-task";
        Path task = service.workspace().resolve(name);
        Files.createDirectories(task.resolve("data/raw"));
        Files.writeString(task.resolve("task.yaml"), "task_name: " + name + "\n");
        Files.writeString(task.resolve("data/raw/reviews.csv"), "review,sentiment\n送餐很快,positive\n湯是冷的,negative\n"
                + "包裝用心,positive\n還會再點,positive\n");
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/tasks/"
                + name + "/data-source")).header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers
                .ofString("""
                        version: "1.0"
                        sources:
                          - name: reviews
                            type: file_import
                            config: {source_path: data/raw/reviews.csv, format: csv}
                            mapping: {text: review, label: sentiment}
                        split:
                          ratios: {train: 0.5, valid: 0.25, test: 0.25}
                        """)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String first = JSON.readTree(post("/api/tasks/" + name + "/data-source/run")).path("snapshotId").asString();
        TrainingRequested requested = SampleEvents.of(TrainingRequested.class, name);
        requested.getEnvelope().setVersion("v3");
        requested.setDataSnapshotId(first);
        TrainingCompleted completed = SampleEvents.of(TrainingCompleted.class, name);
        completed.getEnvelope().setVersion("v3");
        // the completion first: events of two topics come in either order
        events.send(completed);
        events.send(requested);
        awaitTrained(name, "v3");

        Files.writeString(task.resolve("data/raw/reviews.csv"), "review,sentiment\n送餐很快,negative\n湯是冷的,negative\n"
                + "包裝用心,positive\n份量很多,positive\n麵糊了,negative\n");
        JsonNode second = JSON.readTree(post("/api/tasks/" + name + "/data-source/run"));

        DataUpdated updated = events.awaitAll(DataUpdated.class, e -> e.getEnvelope().getEventId()
                .equals(second.path("eventId").asString()), 1, WAIT).get(0);
        RowChanges changes = updated.getChangesSinceTrained();
        assertThat(changes).isNotNull();
        assertThat(changes.getSinceVersion()).isEqualTo("v3");
        assertThat(changes.getSinceSnapshotId()).isEqualTo(first);
        // 份量很多 and 麵糊了 added, 送餐很快 relabelled, 還會再點 removed
        assertThat(List.of(changes.getAdded(), changes.getChanged(), changes.getRemoved())).containsExactly(2L, 1L, 1L);
    }

    private void awaitTrained() throws Exception {
        awaitTrained(TASK, "v1");
    }

    private void awaitTrained(String task, String version) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode versions = JSON.readTree(get("/api/tasks/" + task + "/trained-snapshots"));
            JsonNode v = versions.path(0);
            if (versions.size() == 1 && !v.path("completedAt").isNull() && !v.path("completedAt").isMissingNode()
                    && v.path("snapshotId").isString()) {
                assertThat(versions.get(0).path("version").asString()).isEqualTo(version);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(version + " of " + task + " was not recorded as trained within " + WAIT);
    }

    private static String post(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isIn(200, 201);
        return response.body();
    }

    private static String yaml(LocalPostgres pg, String mode) {
        return """
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
                      mode: %s
                    query: SELECT * FROM public.reviews
                    mapping: {text: review, label: sentiment}
                split:
                  ratios: {train: 0.5, valid: 0.25, test: 0.25}
                """.formatted(pg.host(), pg.port(), DB, pg.user(), mode);
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return response.body();
    }

    /** One commit, so the capture sees the statements together. */
    private static void transaction(LocalPostgres pg, String... statements) throws Exception {
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String s : statements) {
                st.execute(s);
            }
            c.commit();
        }
    }

    private static void sql(LocalPostgres pg, String... statements) throws Exception {
        try (Connection c = pg.connect(DB); Statement st = c.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }
}
