package io.ftcoach.ingest;

import io.ftcoach.events.Artifact;
import io.ftcoach.events.DataRegenerationRequested;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.DataValidated;
import io.ftcoach.events.SourcePosition;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.ValidationIssue;
import io.ftcoach.events.ValidationVerdict;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.ingest.domain.LocalHttpServer;
import io.ftcoach.ingest.domain.Sha256;
import io.ftcoach.schemas.testing.SampleEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The service as it runs: its own context (started through {@link DataIngestServiceApplication#builder()}, so its
 * own data-ingest-service.yml), the real broker and schema registry, HTTP in, events out. One context for all
 * tests; each test uses its own task.
 */
class DataIngestServiceTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final RunningService service = new RunningService(DataIngestServiceApplication::builder);
    private final EventProbe events = service.events();

    @Test
    void runsUnderItsOwnName() {
        assertThat(service.context().getEnvironment().getProperty("spring.application.name"))
                .isEqualTo("data-ingest-service");
    }

    @Test
    void aCreatedTaskGetsItsRawDataFolder() throws Exception {
        TaskCreated created = SampleEvents.of(TaskCreated.class, "created-task");
        events.send(created);

        Path raw = service.workspace().resolve("created-task/data/raw");
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.isDirectory(raw) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(raw).isDirectory();
    }

    @Test
    void anImportIsStoredAnnouncedAndValidated() throws Exception {
        Path task = createTask("import-task");
        Files.writeString(task.resolve("data_source.yaml"), "version: \"1.0\"\nsources: []\n");
        String body = """
                {"train": [{"text": "服務很好，下次再來", "label": "正面"}, {"text": "送餐太慢了", "label": "負面"},
                           {"text": "味道不錯", "label": "正面"}, {"text": "湯是冷的", "label": "負面"}],
                 "valid": [{"text": "還會再點", "label": "正面"}, {"text": "包裝破了", "label": "負面"}],
                 "test":  [{"text": "很好吃", "label": "正面"}, {"text": "等了一小時", "label": "負面"}]}""";

        HttpResponse<String> response = post("/api/tasks/import-task/snapshots", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        JsonNode imported = JSON.readTree(response.body());
        String snapshotId = imported.path("snapshotId").asString();
        assertThat(snapshotId).matches("[0-9a-f]{64}");
        assertThat(imported.path("created").asBoolean()).isTrue();
        assertThat(response.headers().firstValue("Location"))
                .contains("/api/tasks/import-task/snapshots/" + snapshotId);
        assertThat(task.resolve("data/train.jsonl")).content(StandardCharsets.UTF_8).startsWith(
                "{\"text\":\"服務很好，下次再來\",\"label\":\"正面\"}\n{\"text\":\"送餐太慢了\",\"label\":\"負面\"}\n");
        assertThat(task.resolve("data/snapshots/" + snapshotId + "/manifest.json")).isRegularFile();

        DataUpdated updated = events.await(DataUpdated.class, "import-task", WAIT);
        assertThat(updated.getEnvelope().getEventId()).isEqualTo(imported.path("eventId").asString());
        assertThat(updated.getEnvelope().getCorrelationId()).isEqualTo(updated.getEnvelope().getEventId());
        assertThat(updated.getEnvelope().getCausationId()).isNull();
        assertThat(updated.getEnvelope().getSource()).isEqualTo("data-ingest-service");
        assertThat(updated.getSnapshotId()).isEqualTo(snapshotId);
        assertThat(updated.getParentSnapshotId()).isNull();
        assertThat(updated.getDataSourceSha256()).isEqualTo(Sha256.hex(Files.readAllBytes(task.resolve("data_source.yaml"))));
        assertThat(List.of(updated.getTrainCount(), updated.getValidCount(), updated.getTestCount()))
                .containsExactly(4L, 2L, 2L);
        assertThat(updated.getClassDistribution()).isEqualTo(Map.of("正面", 4L, "負面", 4L));
        assertThat(updated.getFiles()).extracting(Artifact::getKind, Artifact::getPath).containsExactly(
                tuple("train", "data/snapshots/" + snapshotId + "/train.jsonl"),
                tuple("valid", "data/snapshots/" + snapshotId + "/valid.jsonl"),
                tuple("test", "data/snapshots/" + snapshotId + "/test.jsonl"));
        for (Artifact file : updated.getFiles()) {
            assertThat(file.getSha256()).isEqualTo(Sha256.hex(Files.readAllBytes(task.resolve(file.getPath()))));
        }
        assertThat(updated.getSourcePositions()).extracting(SourcePosition::getSourceName,
                SourcePosition::getSourceType, SourcePosition::getPosition)
                .containsExactly(tuple("file_import", "file_import", snapshotId));

        DataValidated validated = events.await(DataValidated.class, "import-task", WAIT);
        assertThat(validated.getEnvelope().getCausationId()).isEqualTo(updated.getEnvelope().getEventId());
        assertThat(validated.getEnvelope().getCorrelationId()).isEqualTo(updated.getEnvelope().getCorrelationId());
        assertThat(validated.getEnvelope().getSource()).isEqualTo("data-ingest-service");
        assertThat(validated.getSnapshotId()).isEqualTo(snapshotId);
        assertThat(validated.getVerdict()).isEqualTo(ValidationVerdict.PASS);
        assertThat(validated.getIssues()).isEmpty();

        // the same content again: the same snapshot, announced again
        HttpResponse<String> again = post("/api/tasks/import-task/snapshots", body);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("snapshotId").asString()).isEqualTo(snapshotId);
        assertThat(JSON.readTree(again.body()).path("created").asBoolean()).isFalse();

        HttpResponse<String> list = get("/api/tasks/import-task/snapshots");
        assertThat(list.statusCode()).isEqualTo(200);
        ArrayNode snapshots = (ArrayNode) JSON.readTree(list.body());
        assertThat(snapshots).hasSize(1);
        assertThat(snapshots.get(0).path("snapshotId").asString()).isEqualTo(snapshotId);
        assertThat(snapshots.get(0).path("trainCount").asLong()).isEqualTo(4);
        assertThat(get("/api/tasks/import-task/snapshots/" + snapshotId).statusCode()).isEqualTo(200);
        assertThat(get("/api/tasks/import-task/snapshots/" + "0".repeat(64)).statusCode()).isEqualTo(404);
    }

    @Test
    void theHookReportsEachProblemWithItsFileAndLine() throws Exception {
        createTask("flawed-task");
        ObjectNode body = JSON.createObjectNode();
        ArrayNode train = body.putArray("train");
        for (int i = 0; i < 60; i++) {
            train.addObject().put("text", "row " + i).put("label", i % 2 == 0 ? "a" : "b");
        }
        train.addObject().put("text", "the only rare one").put("label", "rare");
        body.putArray("valid");
        body.putArray("test").addObject().put("text", "row 0").put("label", "a");

        HttpResponse<String> response = post("/api/tasks/flawed-task/snapshots", JSON.writeValueAsString(body));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        String snapshotId = JSON.readTree(response.body()).path("snapshotId").asString();

        DataValidated validated = events.await(DataValidated.class, "flawed-task", WAIT);
        String dir = "data/snapshots/" + snapshotId + "/";
        assertThat(validated.getVerdict()).isEqualTo(ValidationVerdict.FAIL);
        assertThat(validated.getIssues()).extracting(ValidationIssue::getSeverity, ValidationIssue::getCheck,
                        ValidationIssue::getFile, ValidationIssue::getLine, ValidationIssue::getField)
                .containsExactlyInAnyOrder(
                        tuple("fail", "empty_split", dir + "valid.jsonl", null, null),
                        tuple("warn", "leakage", dir + "test.jsonl", 1, "text"),
                        tuple("warn", "distribution", null, null, "label"),
                        tuple("fail", "imbalance", null, null, "label"));
        assertThat(validated.getIssues()).anySatisfy(i -> assertThat(i.getMessage()).startsWith("Class 'rare' has 1 of 62 rows"));
        assertThat(validated.getIssues()).anySatisfy(i -> assertThat(i.getMessage())
                .startsWith("rare has 3% of the rows of a (1 vs 31").endsWith("oversample or add data"));

        // the hook stored the report with its summary next to the snapshot
        String validationPath = "/api/tasks/flawed-task/snapshots/" + snapshotId + "/validation";
        HttpResponse<String> stored = get(validationPath);
        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(200);
        JsonNode report = JSON.readTree(stored.body());
        assertThat(report.path("verdict").asString()).isEqualTo("FAIL");
        assertThat(report.path("issues")).hasSize(4);
        assertThat(report.path("summary").asString()).startsWith("The data fails 2 check(s)")
                .contains("62 labelled rows: a 31, b 30, rare 1.", "Imbalance ratio 31.0 (a / rare).",
                        "Labels were not checked");
        assertThat(service.workspace().resolve("flawed-task").resolve(dir + "validation.json")).isRegularFile();

        // once task.yaml names the label set, a recomputed report checks labels too
        Files.writeString(service.workspace().resolve("flawed-task").resolve("task.yaml"),
                "task_name: flawed-task\nstatus: created\noutput_format:\n  type: single_label\n  labels: [a, b]\n");
        JsonNode recomputed = JSON.readTree(get(validationPath + "?recompute=true").body());
        assertThat(recomputed.path("labelsChecked").asBoolean()).as(recomputed.toString()).isTrue();
        assertThat(recomputed.path("issues")).anySatisfy(i -> {
            assertThat(i.path("check").asString()).isEqualTo("labels");
            assertThat(i.path("file").asString()).isEqualTo(dir + "train.jsonl");
            assertThat(i.path("line").asInt()).isEqualTo(61);
        });
        assertThat(get("/api/tasks/flawed-task/snapshots/" + "0".repeat(64) + "/validation").statusCode())
                .isEqualTo(404);
    }

    @Test
    void badRowsAreRefusedWithTheirPositionAndNothingIsWritten() throws Exception {
        Path task = createTask("bad-rows-task");
        HttpResponse<String> response = post("/api/tasks/bad-rows-task/snapshots", """
                {"train": [{"text": "fine", "label": "a"}, {"text": "no label here"}], "valid": [], "test": []}""");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).startsWith("train[1] has no \"label\"");

        HttpResponse<String> missingSplit = post("/api/tasks/bad-rows-task/snapshots", """
                {"train": [{"text": "fine", "label": "a"}], "validation": [], "test": []}""");
        assertThat(missingSplit.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(missingSplit.body()).path("detail").asString()).startsWith("\"valid\" is missing");

        assertThat(task.resolve("data/train.jsonl")).doesNotExist();
        assertThat(task.resolve("data/snapshots")).doesNotExist();
        assertThat(get("/api/tasks/bad-rows-task/snapshots").body()).isEqualTo("[]");
    }

    @Test
    void anUnknownTaskIsNotFound() throws Exception {
        HttpResponse<String> response = post("/api/tasks/ghost-task/snapshots", """
                {"train": [{"text": "t", "label": "a"}], "valid": [], "test": []}""");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(response.body()).path("detail").asString()).contains("No task named 'ghost-task'");
        assertThat(get("/api/tasks/ghost-task/snapshots").statusCode()).isEqualTo(404);
        assertThat(service.workspace().resolve("ghost-task")).doesNotExist();
        assertThat(get("/api/tasks/Not_Kebab/snapshots").statusCode()).isEqualTo(400);
    }

    private static final String FILE_IMPORT_YAML = """
            version: "1.0"
            sources:
              - name: reviews
                type: file_import
                config:
                  source_path: data/raw/reviews.csv
                  format: csv
                  encoding: utf-8
                  delimiter: ","
                mapping:
                  text: review
                  label: sentiment
              - name: shop-db
                type: database
                enabled: false
                config:
                  driver: postgresql
                  host: localhost
                  database: shop
                  username: ${FTCOACH_TEST_UNSET_DB_USER}
                  password: ${FTCOACH_TEST_UNSET_DB_PASSWORD}
                query: SELECT review, sentiment FROM reviews
            merge:
              enabled: true
              deduplication: {enabled: true, key: text}
              shuffle: true
              random_seed: 42
            split:
              enabled: true
              ratios: {train: 0.7, valid: 0.15, test: 0.15}
              stratify_by: label
              random_seed: 42
            """;

    @Test
    void aConfiguredFileImportRunsIntoAValidatedSnapshot() throws Exception {
        Path task = createTask("file-import-task");
        StringBuilder csv = new StringBuilder("id,review,sentiment\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(",\"第").append(i).append("次點餐，送得很快，味道也很好\",positive\n");
            csv.append(100 + i).append(",第").append(i).append("次點餐，湯灑了一半而且是冷的,negative\n");
        }
        // two texts a second time: de-duplicated by text
        csv.append("200,\"第0次點餐，送得很快，味道也很好\",positive\n201,第1次點餐，湯灑了一半而且是冷的,negative\n");
        Path reviews = task.resolve("data/raw/reviews.csv");
        Files.createDirectories(reviews.getParent());
        Files.writeString(reviews, csv);

        HttpResponse<String> put = put("/api/tasks/file-import-task/data-source", FILE_IMPORT_YAML);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        JsonNode written = JSON.readTree(put.body());
        assertThat(written.path("sha256").asString()).isEqualTo(Sha256.hex(FILE_IMPORT_YAML));
        assertThat(task.resolve("data_source.yaml")).content(StandardCharsets.UTF_8).isEqualTo(FILE_IMPORT_YAML);
        HttpResponse<String> read = get("/api/tasks/file-import-task/data-source");
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.body()).isEqualTo(FILE_IMPORT_YAML);

        HttpResponse<String> env = get("/api/tasks/file-import-task/data-source/env");
        assertThat(env.statusCode()).isEqualTo(200);
        JsonNode environment = JSON.readTree(env.body());
        assertThat(environment.path("variables").get(0).path("name").asString()).isEqualTo("FTCOACH_TEST_UNSET_DB_USER");
        assertThat(environment.path("variables").get(1).path("fields").get(0).asString())
                .isEqualTo("sources[1].config.password");
        assertThat(environment.path("unset")).extracting(JsonNode::asString)
                .containsExactly("FTCOACH_TEST_UNSET_DB_USER", "FTCOACH_TEST_UNSET_DB_PASSWORD");

        HttpResponse<String> run = post("/api/tasks/file-import-task/data-source/run", "");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
        JsonNode ran = JSON.readTree(run.body());
        String snapshotId = ran.path("snapshotId").asString();
        assertThat(ran.path("mergedRows").asInt()).isEqualTo(40);

        DataUpdated updated = events.await(DataUpdated.class, "file-import-task", WAIT);
        assertThat(updated.getEnvelope().getEventId()).isEqualTo(ran.path("eventId").asString());
        assertThat(updated.getSnapshotId()).isEqualTo(snapshotId);
        assertThat(updated.getDataSourceSha256()).isEqualTo(Sha256.hex(FILE_IMPORT_YAML));
        // 20 per label → 14 / 3 / 3 each
        assertThat(List.of(updated.getTrainCount(), updated.getValidCount(), updated.getTestCount()))
                .containsExactly(28L, 6L, 6L);
        assertThat(updated.getClassDistribution()).isEqualTo(Map.of("negative", 20L, "positive", 20L));
        assertThat(updated.getSourcePositions()).extracting(SourcePosition::getSourceName,
                SourcePosition::getSourceType, SourcePosition::getPosition)
                .containsExactly(tuple("reviews", "file_import", Sha256.hex(Files.readAllBytes(reviews))));
        for (String split : List.of("valid", "test")) {
            assertThat(Files.readAllLines(task.resolve("data/" + split + ".jsonl")))
                    .filteredOn(l -> l.contains("\"label\":\"positive\"")).hasSize(3);
        }
        assertThat(task.resolve("data/raw/reviews.jsonl")).isRegularFile();
        assertThat(Files.readAllLines(task.resolve("data/raw/merged.jsonl"))).hasSize(40);

        DataValidated validated = events.await(DataValidated.class, "file-import-task", WAIT);
        assertThat(validated.getSnapshotId()).isEqualTo(snapshotId);
        assertThat(validated.getEnvelope().getCausationId()).isEqualTo(updated.getEnvelope().getEventId());
        assertThat(validated.getVerdict()).as(validated.getIssues().toString()).isEqualTo(ValidationVerdict.PASS);

        // unchanged configuration and file: the same snapshot
        HttpResponse<String> again = post("/api/tasks/file-import-task/data-source/run", "");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(again.body()).path("snapshotId").asString()).isEqualTo(snapshotId);
        assertThat(events.readToEnd(DataUpdated.class, "file-import-task")).hasSize(2);

        // a broken source: 422 naming source and line, no DataUpdated, the data stays as it was
        byte[] train = Files.readAllBytes(task.resolve("data/train.jsonl"));
        Files.writeString(reviews, csv + "300,too,many,fields\n");
        HttpResponse<String> broken = post("/api/tasks/file-import-task/data-source/run", "");
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(JSON.readTree(broken.body()).path("detail").asString()).startsWith(
                "sources[0] 'reviews' (file_import), data/raw/reviews.csv, line 44: malformed CSV row");
        assertThat(events.readToEnd(DataUpdated.class, "file-import-task")).hasSize(2);
        assertThat(task.resolve("data/train.jsonl")).hasBinaryContent(train);
        assertThat(get("/api/tasks/file-import-task/snapshots").body()).contains(snapshotId);
        assertThat(JSON.readTree(get("/api/tasks/file-import-task/snapshots").body())).hasSize(1);
    }

    @Test
    void anInvalidDataSourceIsRefusedAndTheFileStaysAsItWas() throws Exception {
        Path task = createTask("invalid-source-task");
        assertThat(put("/api/tasks/invalid-source-task/data-source", FILE_IMPORT_YAML).statusCode()).isEqualTo(200);

        String literal = FILE_IMPORT_YAML.replace("password: ${FTCOACH_TEST_UNSET_DB_PASSWORD}", "password: hunter2");
        HttpResponse<String> response = put("/api/tasks/invalid-source-task/data-source", literal);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("detail").asString()).isEqualTo("data_source.yaml:21: sources[1].config.password: "
                + "write ${DB_PASSWORD}, not the password itself (secrets stay in the environment, e.g. a .env file "
                + "listed in .gitignore)");
        assertThat(problem.path("problems").get(0).path("line").asInt()).isEqualTo(21);
        assertThat(problem.path("problems").get(0).path("path").asString()).isEqualTo("sources[1].config.password");
        assertThat(response.body()).doesNotContain("hunter2");
        assertThat(task.resolve("data_source.yaml")).content(StandardCharsets.UTF_8).isEqualTo(FILE_IMPORT_YAML);

        HttpResponse<String> schemaError = put("/api/tasks/invalid-source-task/data-source",
                FILE_IMPORT_YAML.replace("format: csv", "format: xlsx"));
        assertThat(schemaError.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(schemaError.body()).path("detail").asString())
                .startsWith("data_source.yaml:7: sources[0].config.format: does not have a value in the enumeration");
        assertThat(task.resolve("data_source.yaml")).content(StandardCharsets.UTF_8).isEqualTo(FILE_IMPORT_YAML);

        assertThat(get("/api/tasks/ghost-task/data-source").statusCode()).isEqualTo(404);
        createTask("no-source-task");
        assertThat(get("/api/tasks/no-source-task/data-source").statusCode()).isEqualTo(404);
        assertThat(post("/api/tasks/no-source-task/data-source/run", "").statusCode()).isEqualTo(404);
    }

    @Test
    void aRegenerationRequestRunsTheSourcesAndIsTheCauseOfDataUpdated() throws Exception {
        Path task = createTask("regenerated-task");
        Files.createDirectories(task.resolve("data/raw"));
        StringBuilder csv = new StringBuilder("id,review,sentiment\n");
        for (int i = 0; i < 10; i++) {
            csv.append(i).append(",第").append(i).append("位外送員態度親切又準時,positive\n");
            csv.append(50 + i).append(",第").append(i).append("份便當的飯是硬的不好吃,negative\n");
        }
        Files.writeString(task.resolve("data/raw/reviews.csv"), csv);
        assertThat(put("/api/tasks/regenerated-task/data-source", FILE_IMPORT_YAML).statusCode()).isEqualTo(200);

        DataRegenerationRequested request = SampleEvents.of(DataRegenerationRequested.class, "regenerated-task");
        request.setSourceName(null);
        events.send(request);

        DataUpdated updated = events.await(DataUpdated.class, "regenerated-task", WAIT);
        assertThat(updated.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
        assertThat(updated.getEnvelope().getCorrelationId()).isEqualTo(request.getEnvelope().getCorrelationId());
        assertThat(List.of(updated.getTrainCount(), updated.getValidCount(), updated.getTestCount()))
                .containsExactly(14L, 4L, 2L);
        assertThat(updated.getSourcePositions()).extracting(SourcePosition::getSourceName).containsExactly("reviews");
        assertThat(events.await(DataValidated.class, "regenerated-task", WAIT).getSnapshotId())
                .isEqualTo(updated.getSnapshotId());
    }

    @Test
    void anApiSourceRunsIntoASnapshotWithItsLastPageAndARefusedRunStoresNothing() throws Exception {
        Path task = createTask("api-task");
        java.util.concurrent.atomic.AtomicBoolean refuse = new java.util.concurrent.atomic.AtomicBoolean();
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            if (refuse.get()) {
                return LocalHttpServer.Answer.status(401, "token expired");
            }
            int page = Integer.parseInt(LocalHttpServer.params(r.query()).get("page"));
            StringBuilder items = new StringBuilder();
            for (int i = 0; page <= 2 && i < 10; i++) {
                items.append(i == 0 ? "" : ",").append("{\"body\":\"第").append(page).append("頁第").append(i)
                        .append("則：外送很準時，餐點也熱\",\"stars\":\"").append(i % 2 == 0 ? "good" : "bad")
                        .append("\"}");
            }
            return LocalHttpServer.Answer.json("{\"results\":[" + items + "]}");
        })) {
            String yaml = """
                    version: "1.0"
                    sources:
                      - name: reviews-api
                        type: api
                        config:
                          base_url: %s
                          rate_limit: 50
                        requests:
                          - endpoint: /reviews
                            items: results
                            pagination: {type: page, limit_param: size, limit: 10}
                        output:
                          transform: {text: item.body, label: item.stars}
                    """.formatted(server.url());
            assertThat(put("/api/tasks/api-task/data-source", yaml).statusCode()).isEqualTo(200);

            HttpResponse<String> run = post("/api/tasks/api-task/data-source/run", "");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
            assertThat(JSON.readTree(run.body()).path("sourcePositions").path("reviews-api").asString())
                    .isEqualTo("GET /reviews page=2");
            DataUpdated updated = events.await(DataUpdated.class, "api-task", WAIT);
            assertThat(updated.getSourcePositions()).extracting(SourcePosition::getSourceType,
                    SourcePosition::getPosition).containsExactly(tuple("api", "GET /reviews page=2"));
            assertThat(updated.getClassDistribution()).isEqualTo(Map.of("bad", 10L, "good", 10L));
            assertThat(Files.readAllLines(task.resolve("data/raw/reviews-api.jsonl"))).hasSize(20);
            // the manifest keeps where the API stood
            assertThat(JSON.readTree(get("/api/tasks/api-task/snapshots/" + updated.getSnapshotId()).body())
                    .path("sourcePositions").path("reviews-api").asString()).isEqualTo("GET /reviews page=2");

            refuse.set(true);
            byte[] train = Files.readAllBytes(task.resolve("data/train.jsonl"));
            HttpResponse<String> refused = post("/api/tasks/api-task/data-source/run", "");
            assertThat(refused.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(refused.body()).path("detail").asString()).isEqualTo("sources[0] 'reviews-api' "
                    + "(api): GET " + server.url() + "/reviews?size=10&page=1 answered 401 (token expired): the "
                    + "server refused the credentials: check whether the API needs config.auth");
            assertThat(events.readToEnd(DataUpdated.class, "api-task")).hasSize(1);
            assertThat(task.resolve("data/train.jsonl")).hasBinaryContent(train);
            assertThat(JSON.readTree(get("/api/tasks/api-task/snapshots").body())).hasSize(1);
        }
    }

    @Test
    void scrapedAndGeneratedRowsBecomeASnapshotWithChatFormatAndPreferencePairs() throws Exception {
        Path task = createTask("scrape-generate-task");
        Files.writeString(task.resolve("task.yaml"), """
                task_name: scrape-generate-task
                status: configuring
                task_type: classification
                input_template: "判斷這則外送評論的情感：{text}"
                output_format: {type: single_label, labels: [positive, negative]}
                training: {base_model: Qwen/Qwen3-4B, method: dpo}
                """);
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        try (LocalHttpServer site = new LocalHttpServer(r -> switch (r.path()) {
            case "/robots.txt" -> LocalHttpServer.Answer.status(200, "User-agent: *\nDisallow: /admin/\n");
            case "/reviews" -> {
                StringBuilder html = new StringBuilder("<html><body>");
                for (int i = 0; i < 12; i++) {
                    html.append("<div class=r><p>第").append(i).append("位客人說外送很準時</p></div>");
                }
                yield LocalHttpServer.Answer.html(html.append("</body></html>").toString());
            }
            default -> LocalHttpServer.Answer.status(404, "");
        }); LocalHttpServer model = new LocalHttpServer(r -> {
            JsonNode request = JSON.readTree(r.body());
            String prompt = request.path("messages").get(0).path("content").asString();
            int count = Integer.parseInt(prompt.replaceAll("\\D+", " ").strip().split(" ")[0]);
            // numbered by request, so asking again gives other rows
            int call = calls.incrementAndGet();
            StringBuilder lines = new StringBuilder();
            for (int i = 0; i < count; i++) {
                lines.append(i + 1).append(". 第").append(call).append("批第").append(i).append("份餐點冷掉又灑出來\n");
            }
            ObjectNode answer = JSON.createObjectNode();
            answer.putArray("choices").addObject().putObject("message").put("role", "assistant")
                    .put("content", lines.toString());
            return LocalHttpServer.Answer.json(JSON.writeValueAsString(answer));
        })) {
            String yaml = """
                    version: "1.0"
                    sources:
                      - name: reviews-site
                        type: web_scrape
                        config:
                          urls: [%1$s/reviews, %1$s/admin/reviews]
                          selectors: {item: div.r, text: p}
                          label: positive
                          rate_limit: 50
                      - name: synthetic
                        type: llm_generated
                        config: {base_url: "%2$s/v1", model: local-model, rate_limit: 50}
                        generation:
                          prompt_template: "寫 {count} 則 {label} 的外送評論"
                          variations: [{label: negative, count: 12}]
                        validation: {require_review: true, review_sample: 0.25}
                    """.formatted(site.url(), model.url());
            HttpResponse<String> written = put("/api/tasks/scrape-generate-task/data-source", yaml);
            assertThat(written.statusCode()).as(written.body()).isEqualTo(200);

            HttpResponse<String> run = post("/api/tasks/scrape-generate-task/data-source/run", "");
            assertThat(run.statusCode()).as(run.body()).isEqualTo(201);
            DataUpdated updated = events.await(DataUpdated.class, "scrape-generate-task", WAIT);
            assertThat(updated.getClassDistribution()).isEqualTo(Map.of("negative", 12L, "positive", 12L));
            assertThat(updated.getSourcePositions()).extracting(SourcePosition::getSourceType)
                    .containsExactly("web_scrape", "llm_generated");
            assertThat(updated.getSourcePositions().get(0).getPosition())
                    .endsWith("robots_disallowed=[" + site.url() + "/admin/reviews]");
            assertThat(site.received).extracting(LocalHttpServer.Received::path).doesNotContain("/admin/reviews");
            assertThat(updated.getFiles()).extracting(Artifact::getKind).contains("train", "chat_train",
                    "preference_train");
            assertThat(Files.readAllLines(task.resolve("data/raw/synthetic.jsonl")))
                    .filteredOn(l -> l.contains("\"review\":true")).hasSize(3);
            List<String> chat = Files.readAllLines(task.resolve("data/chat_format/train.jsonl"));
            assertThat(chat).hasSize((int) updated.getTrainCount());
            assertThat(chat.get(0)).contains("判斷這則外送評論的情感：");
            for (Artifact file : updated.getFiles()) {
                assertThat(Sha256.hex(Files.readAllBytes(task.resolve(file.getPath())))).isEqualTo(file.getSha256());
            }
            assertThat(events.await(DataValidated.class, "scrape-generate-task", WAIT).getSnapshotId())
                    .isEqualTo(updated.getSnapshotId());

            // run again: the generated rows come from the cache, the model is not asked, the snapshot is the same
            int asked = model.received.size();
            assertThat(asked).isEqualTo(1);
            HttpResponse<String> again = post("/api/tasks/scrape-generate-task/data-source/run", "");
            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            assertThat(JSON.readTree(again.body()).path("snapshotId").asString()).isEqualTo(updated.getSnapshotId());
            assertThat(JSON.readTree(again.body()).path("sourcePositions").path("synthetic").asString())
                    .contains(" cache=hit:");
            assertThat(model.received).hasSize(asked);

            // asked to regenerate that source: the model is asked again, and its new rows make a new snapshot
            DataRegenerationRequested request = SampleEvents.of(DataRegenerationRequested.class,
                    "scrape-generate-task");
            request.setSourceName("synthetic");
            events.send(request);
            DataUpdated regenerated = events.awaitAll(DataUpdated.class, e -> request.getEnvelope().getEventId()
                    .equals(e.getEnvelope().getCausationId()), 1, WAIT).get(0);
            assertThat(model.received).hasSize(asked + 1);
            assertThat(regenerated.getSnapshotId()).isNotEqualTo(updated.getSnapshotId());
            assertThat(Files.readString(task.resolve("data/raw/synthetic.jsonl"))).contains("第2批");
        }
    }

    @Test
    void aDirectImportWritesTheChatFormatARunWritesSoBothGiveTheSameSnapshot() throws Exception {
        Path task = createTask("chat-import-task");
        Files.writeString(task.resolve("task.yaml"), """
                task_name: chat-import-task
                status: configuring
                task_type: classification
                input_template: "判斷這則外送評論的情感：{text}"
                output_format: {type: single_label, labels: [正面, 負面, 中立]}
                training: {base_model: Qwen/Qwen3-4B, method: orpo}
                """);
        Files.createDirectories(task.resolve("data/raw"));
        Files.writeString(task.resolve("data/raw/rows.csv"),
                "text,label\n服務很好,正面\n送餐太慢,負面\n普通的便當,中立\n味道不錯,正面\n湯是冷的,負面\n");
        // rows kept in file order and all in train, so a run and an import hold the same splits; seed 7 draws the
        // rejected labels of the preference pairs in both
        assertThat(put("/api/tasks/chat-import-task/data-source", """
                version: "1.0"
                sources:
                  - name: rows
                    type: file_import
                    config: {source_path: data/raw/rows.csv, format: csv}
                    mapping: {text: text, label: label}
                merge: {enabled: false}
                split: {enabled: false, random_seed: 7}
                """).statusCode()).isEqualTo(200);
        List<String[]> rows = List.of(new String[]{"服務很好", "正面"}, new String[]{"送餐太慢", "負面"},
                new String[]{"普通的便當", "中立"}, new String[]{"味道不錯", "正面"}, new String[]{"湯是冷的", "負面"});
        ObjectNode body = JSON.createObjectNode();
        ArrayNode train = body.putArray("train");
        rows.forEach(r -> train.addObject().put("text", r[0]).put("label", r[1]));
        body.putArray("valid");
        body.putArray("test");

        HttpResponse<String> imported = post("/api/tasks/chat-import-task/snapshots", JSON.writeValueAsString(body));
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        JsonNode answer = JSON.readTree(imported.body());
        String snapshotId = answer.path("snapshotId").asString();
        List<String> kinds = new java.util.ArrayList<>();
        answer.path("files").forEach(f -> kinds.add(f.path("split").asString()));
        assertThat(kinds).containsExactly("train", "valid", "test", "chat_test", "preference_test", "chat_train",
                "preference_train", "chat_valid", "preference_valid");
        Map<String, byte[]> expected = io.ftcoach.ingest.domain.ChatFormat.convert(
                new io.ftcoach.ingest.domain.DatasetSplits(rows.stream()
                        .map(r -> io.ftcoach.ingest.domain.LabeledRow.of(r[0], r[1])).toList(), List.of(), List.of()),
                new io.ftcoach.ingest.domain.ChatFormat.TaskPrompting("判斷這則外送評論的情感：{text}",
                        "You are a classification model. Answer with exactly one of: 正面, 負面, 中立.",
                        List.of("正面", "負面", "中立"), "orpo", null), 7);
        for (JsonNode file : answer.path("files")) {
            byte[] content = Files.readAllBytes(task.resolve(file.path("path").asString()));
            assertThat(Sha256.hex(content)).isEqualTo(file.path("sha256").asString());
            String name = file.path("path").asString().substring(("data/snapshots/" + snapshotId + "/").length());
            if (name.startsWith("chat_format/")) {
                assertThat(content).as(name).isEqualTo(expected.get(name));
                assertThat(task.resolve("data/" + name)).hasBinaryContent(content);
            }
        }
        assertThat(new String(expected.get("chat_format/train.jsonl"), StandardCharsets.UTF_8))
                .contains("判斷這則外送評論的情感：普通的便當");
        Map<String, byte[]> importedChat = new java.util.TreeMap<>();
        for (String name : expected.keySet()) {
            importedChat.put(name, Files.readAllBytes(task.resolve("data/" + name)));
        }

        // the same rows through a file_import run: equal chat files, hence the same snapshot
        HttpResponse<String> run = post("/api/tasks/chat-import-task/data-source/run", "");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        assertThat(JSON.readTree(run.body()).path("snapshotId").asString()).isEqualTo(snapshotId);
        for (Map.Entry<String, byte[]> e : importedChat.entrySet()) {
            assertThat(task.resolve("data/" + e.getKey())).as(e.getKey()).hasBinaryContent(e.getValue());
        }

        // a template the rows do not fit stores nothing
        Files.writeString(task.resolve("task.yaml"), Files.readString(task.resolve("task.yaml"))
                .replace("：{text}", "對{entity}：{text}"));
        HttpResponse<String> refused = post("/api/tasks/chat-import-task/snapshots",
                JSON.writeValueAsString(body).replace("湯是冷的", "湯是涼的"));
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(JSON.readTree(refused.body()).path("detail").asString()).isEqualTo("task.yaml: input_template "
                + "uses {entity}, but train[0] has no entity: map entity in the sources of data_source.yaml, or take "
                + "{entity} out of input_template");
        assertThat(JSON.readTree(get("/api/tasks/chat-import-task/snapshots").body())).hasSize(1);
        assertThat(Files.readString(task.resolve("data/train.jsonl"))).doesNotContain("湯是涼的");
    }

    /** What task-service leaves behind: a folder with task.yaml. */
    private static Path createTask(String name) throws IOException {
        Path dir = Files.createDirectories(service.workspace().resolve(name));
        Files.writeString(dir.resolve("task.yaml"), "task_name: " + name + "\nstatus: created\n");
        return dir;
    }

    private static HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> put(String path, String yaml) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path))
                .header("Content-Type", "application/yaml").PUT(HttpRequest.BodyPublishers.ofString(yaml)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
