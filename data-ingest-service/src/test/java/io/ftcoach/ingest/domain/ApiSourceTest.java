package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The api source against a real local HTTP server serving paginated JSON. */
class ApiSourceTest {

    private static final Map<String, String> ENV = Map.of("REVIEWS_TOKEN", "s3cr3t-token", "REVIEWS_PASSWORD",
            "pa55", "REVIEWS_KEY", "k-123");

    @TempDir
    Path task;

    private final FakeTime time = new FakeTime();
    private final ApiSource api = new ApiSource(HttpClient.newHttpClient(), time);

    @Test
    void readsEveryPageWithTheBearerTokenAndRecordsTheLastPage() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            if (!"Bearer s3cr3t-token".equals(r.header("Authorization"))) {
                return LocalHttpServer.Answer.status(401, "no");
            }
            int page = Integer.parseInt(LocalHttpServer.params(r.query()).get("page"));
            if (page > 3) {
                return LocalHttpServer.Answer.json("{\"data\":{\"items\":[]}}");
            }
            int size = page == 3 ? 1 : 2;
            StringBuilder items = new StringBuilder();
            for (int i = 0; i < size; i++) {
                items.append(i == 0 ? "" : ",").append("{\"id\":").append(page * 10 + i)
                        .append(",\"content\":\"評論 ").append(page).append('-').append(i)
                        .append("\",\"meta\":{\"sentiment\":\"").append(i % 2 == 0 ? "positive" : "negative")
                        .append("\"}}");
            }
            return LocalHttpServer.Answer.json("{\"data\":{\"items\":[" + items + "]}}");
        })) {
            SourceRows read = api.read(task, source(server.url(), """
                      auth: {type: bearer, token: "${REVIEWS_TOKEN}"}
                    requests:
                      - endpoint: /reviews
                        params: {lang: zh}
                        items: data.items
                        pagination: {type: page, page_param: page, limit_param: per_page, limit: 2}
                    output:
                      transform: {text: item.content, label: item.meta.sentiment}
                    """), ENV::get);

            assertThat(read.rows()).extracting(LabeledRow::text).containsExactly("評論 1-0", "評論 1-1", "評論 2-0",
                    "評論 2-1", "評論 3-0");
            assertThat(read.rows()).extracting(LabeledRow::label).containsExactly("positive", "negative",
                    "positive", "negative", "positive");
            assertThat(read.position()).isEqualTo("GET /reviews page=3");
            // the third page was short: no fourth request
            assertThat(server.received).hasSize(3);
            assertThat(server.received).allSatisfy(r -> {
                assertThat(r.header("Authorization")).isEqualTo("Bearer s3cr3t-token");
                assertThat(r.path()).isEqualTo("/reviews");
                assertThat(LocalHttpServer.params(r.query())).containsEntry("lang", "zh").containsEntry("per_page",
                        "2");
            });
        }
    }

    @Test
    void followsTheCursorWithAnApiKeyHeaderAndRecordsTheLastCursor() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            String cursor = LocalHttpServer.params(r.query()).get("after");
            if (cursor == null) {
                return LocalHttpServer.Answer.json("{\"rows\":[{\"t\":\"a\",\"l\":\"x\"}],\"next\":\"c1\"}");
            }
            if (cursor.equals("c1")) {
                return LocalHttpServer.Answer.json("{\"rows\":[{\"t\":\"b\",\"l\":\"y\"}],\"next\":\"c2\"}");
            }
            return LocalHttpServer.Answer.json("{\"rows\":[{\"t\":\"c\",\"l\":\"x\"}],\"next\":null}");
        })) {
            SourceRows read = api.read(task, source(server.url(), """
                      auth: {type: api_key, api_key: "${REVIEWS_KEY}", header: X-Api-Token}
                    requests:
                      - endpoint: /export
                        items: /rows
                        pagination: {type: cursor, cursor_param: after, cursor_field: next}
                    output:
                      transform: {text: /t, label: /l}
                    """), ENV::get);

            assertThat(read.rows()).containsExactly(LabeledRow.of("a", "x"), LabeledRow.of("b", "y"),
                    LabeledRow.of("c", "x"));
            assertThat(read.position()).isEqualTo("GET /export cursor=c2");
            assertThat(server.received).extracting(r -> r.header("X-Api-Token")).containsOnly("k-123");
        }
    }

    @Test
    void pagesByOffsetWithBasicAuthAndAnApiKeyInTheQuery() throws Exception {
        List<String> rows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rows.add("{\"text\":\"row " + i + "\",\"label\":\"" + (i % 2) + "\"}");
        }
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            Map<String, String> q = LocalHttpServer.params(r.query());
            int offset = Integer.parseInt(q.get("skip"));
            int limit = Integer.parseInt(q.get("take"));
            return LocalHttpServer.Answer.json("[" + String.join(",", rows.subList(Math.min(offset, rows.size()),
                    Math.min(offset + limit, rows.size()))) + "]");
        })) {
            SourceRows read = api.read(task, source(server.url(), """
                      auth: {type: basic, username: reader, password: "${REVIEWS_PASSWORD}"}
                    requests:
                      - endpoint: /rows
                        pagination: {type: offset, offset_param: skip, limit_param: take, limit: 2}
                    output:
                      transform: {text: text, label: label}
                    """), ENV::get);

            assertThat(read.rows()).extracting(LabeledRow::text).containsExactly("row 0", "row 1", "row 2", "row 3",
                    "row 4");
            assertThat(read.position()).isEqualTo("GET /rows offset=4");
            assertThat(server.received).extracting(r -> r.header("Authorization")).containsOnly("Basic "
                    + Base64.getEncoder().encodeToString("reader:pa55".getBytes(StandardCharsets.UTF_8)));
        }

        try (LocalHttpServer server = new LocalHttpServer(r -> LocalHttpServer.Answer.json(
                "[{\"text\":\"t\",\"label\":\"l\"}]"))) {
            api.read(task, source(server.url(), """
                      auth: {type: api_key, api_key: "${REVIEWS_KEY}", in: query, param: key}
                    requests: [{endpoint: /one}]
                    output: {transform: {text: text, label: label}}
                    """), ENV::get);
            assertThat(LocalHttpServer.params(server.received.get(0).query())).containsEntry("key", "k-123");
        }
    }

    @Test
    void retriesA500WithBackOffAndHonoursRetryAfterOnA429() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        try (LocalHttpServer server = new LocalHttpServer(r -> switch (calls.incrementAndGet()) {
            case 1 -> LocalHttpServer.Answer.status(500, "database is restarting");
            case 2 -> new LocalHttpServer.Answer(429, "text/plain", "slow down", Map.of("Retry-After", "3"));
            default -> LocalHttpServer.Answer.json("[{\"text\":\"ok\",\"label\":\"1\"}]");
        })) {
            SourceRows read = api.read(task, source(server.url(), """
                      retry: {max_attempts: 4, backoff_ms: 250}
                    requests: [{endpoint: /flaky}]
                    output: {transform: {text: text, label: label}}
                    """), ENV::get);

            assertThat(read.rows()).containsExactly(LabeledRow.of("ok", "1"));
            assertThat(server.received).hasSize(3);
            // first back-off 250 ms; then the server's Retry-After instead of the doubled 500 ms
            assertThat(time.waits).containsExactly(Duration.ofMillis(250), Duration.ofSeconds(3));
        }
    }

    @Test
    void givesUpAfterTheLastAttemptNamingTheUrlAndWhatTheServerSaid() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> LocalHttpServer.Answer.status(503, "maintenance"))) {
            SourceDefinition source = source(server.url(), """
                      retry: {max_attempts: 3, backoff_ms: 100}
                      rate_limit: 100
                    requests: [{endpoint: /down}]
                    output: {transform: {text: text, label: label}}
                    """);
            assertThatThrownBy(() -> api.read(task, source, ENV::get))
                    .isInstanceOf(SourceException.class)
                    .hasMessage("sources[0] 'reviews-api' (api): GET " + server.url() + "/down answered 503 "
                            + "(maintenance) on all 3 attempts: check that the server is up and reachable from this "
                            + "service, then run again (config.retry.max_attempts sets how often to try)");
            assertThat(time.waits).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        }
    }

    @Test
    void aRefused401NamesTheVariableToCheckAndNeverTheToken() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> LocalHttpServer.Answer.status(401,
                "invalid token s3cr3t-token"))) {
            SourceDefinition source = source(server.url(), """
                      auth: {type: bearer, token: "${REVIEWS_TOKEN}"}
                    requests: [{endpoint: /reviews, pagination: {type: page}}]
                    output: {transform: {text: text, label: label}}
                    """);
            assertThatThrownBy(() -> api.read(task, source, ENV::get))
                    .isInstanceOf(SourceException.class)
                    .hasMessage("sources[0] 'reviews-api' (api): GET " + server.url() + "/reviews?page=1 answered 401 "
                            + "(invalid token ****): the server refused the credentials: check the bearer token in "
                            + "${REVIEWS_TOKEN} (config.auth.token)");
            assertThat(server.received).hasSize(1);
        }
    }

    @Test
    void anUnsetVariableMalformedJsonAndAnUnmappedFieldAreNamedPrecisely() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> r.path().equals("/broken")
                ? LocalHttpServer.Answer.json("[{\"text\": \"a\", \"label\": \"b\"},\n {\"text\": oops}]")
                : LocalHttpServer.Answer.json("[{\"body\":\"a\",\"stars\":5}]"))) {
            SourceDefinition unset = source(server.url(), """
                      auth: {type: bearer, token: "${NOT_SET_TOKEN}"}
                    requests: [{endpoint: /ok}]
                    output: {transform: {text: body, label: stars}}
                    """);
            assertThatThrownBy(() -> api.read(task, unset, ENV::get))
                    .hasMessage("sources[0] 'reviews-api' (api): config.auth.token refers to ${NOT_SET_TOKEN}, which "
                            + "is not set in the service's environment: set NOT_SET_TOKEN (e.g. in the .env file the "
                            + "service is started with) and run again");

            SourceDefinition broken = source(server.url(), """
                    requests: [{endpoint: /broken}]
                    output: {transform: {text: text, label: label}}
                    """);
            assertThatThrownBy(() -> api.read(task, broken, ENV::get))
                    .isInstanceOf(SourceException.class)
                    .hasMessageStartingWith("sources[0] 'reviews-api' (api): GET " + server.url() + "/broken: the "
                            + "answer is not valid JSON (line 2, column ")
                    .hasMessageEndingWith("check that config.base_url and the endpoint point at the JSON API, not a "
                            + "web page");

            SourceDefinition unmapped = source(server.url(), """
                    requests: [{endpoint: /ok}]
                    output: {transform: {text: item.content, label: stars}}
                    """);
            assertThatThrownBy(() -> api.read(task, unmapped, ENV::get))
                    .hasMessage("sources[0] 'reviews-api' (api): GET " + server.url() + "/ok, item 0: the text "
                            + "'item.content' is not in the item (its fields are [body, stars]): map text to the "
                            + "field that holds it in output.transform");

            SourceDefinition notAList = source(server.url(), """
                    requests: [{endpoint: /ok, items: data}]
                    output: {transform: {text: body, label: stars}}
                    """);
            assertThatThrownBy(() -> api.read(task, notAList, ENV::get))
                    .hasMessageContaining("requests[0].items 'data' is not an array in the answer");
        }
    }

    @Test
    void anUnreachableServerIsRetriedThenNamed() throws Exception {
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        SourceDefinition source = source("http://127.0.0.1:" + port, """
                  retry: {max_attempts: 2, backoff_ms: 300}
                requests: [{endpoint: /x}]
                output: {transform: {text: text, label: label}}
                """);
        assertThatThrownBy(() -> api.read(task, source, ENV::get))
                .isInstanceOf(SourceException.class)
                .hasMessageStartingWith("sources[0] 'reviews-api' (api): GET http://127.0.0.1:" + port + "/x failed: "
                        + "ConnectException")
                .hasMessageEndingWith("on all 2 attempts: check that the server is up and reachable from this "
                        + "service, then run again (config.retry.max_attempts sets how often to try)");
        assertThat(time.waits).containsExactly(Duration.ofMillis(300));
    }

    @Test
    void aRedirectIsNotFollowedWithTheCredentials() throws Exception {
        try (LocalHttpServer elsewhere = new LocalHttpServer(r -> LocalHttpServer.Answer.json("[]"));
             LocalHttpServer server = new LocalHttpServer(r -> new LocalHttpServer.Answer(302, "text/plain", "",
                     Map.of("Location", elsewhere.url() + "/collect")))) {
            SourceDefinition source = source(server.url(), """
                      auth: {type: bearer, token: "${REVIEWS_TOKEN}"}
                    requests: [{endpoint: /moved}]
                    output: {transform: {text: text, label: label}}
                    """);
            assertThatThrownBy(() -> api.read(task, source, ENV::get))
                    .hasMessage("sources[0] 'reviews-api' (api): GET " + server.url() + "/moved answered 302 (redirect "
                            + "to " + elsewhere.url() + "/collect): write the address it redirects to in the "
                            + "configuration");
            assertThat(elsewhere.received).isEmpty();
        }
    }

    @Test
    void keepsToTheRateLimitOneRequestAtATime() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            int page = Integer.parseInt(LocalHttpServer.params(r.query()).get("page"));
            return LocalHttpServer.Answer.json(page < 3 ? "[{\"text\":\"p" + page + "\",\"label\":\"x\"}]" : "[]");
        })) {
            SourceRows read = api.read(task, source(server.url(), """
                      rate_limit: 2
                    requests: [{endpoint: /slow, pagination: {type: page}}]
                    output: {transform: {text: text, label: label}}
                    """), ENV::get);
            assertThat(read.rows()).hasSize(2);
            // three requests at 2 per second: the second and third each wait half a second
            assertThat(time.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        }
    }

    @Test
    void runsThroughThePipelineIntoRawRowsWithTheDataSourceFileShape() throws Exception {
        try (LocalHttpServer server = new LocalHttpServer(r -> LocalHttpServer.Answer.json(
                "[{\"text\":\"好吃\",\"label\":\"1\"},{\"text\":\"太鹹\",\"label\":\"0\"}]"))) {
            DataSourceConfig config = new DataSourceFile(ENV::get).parse(yaml(server.url(), """
                    requests: [{endpoint: /all}]
                    output: {path: data/raw/from-api.jsonl, transform: {text: text, label: label}}
                    """).getBytes(StandardCharsets.UTF_8));
            DataPipeline.Result result = new DataPipeline(List.of(api), ENV::get).run(task, config);
            assertThat(result.merged()).hasSize(2);
            assertThat(new String(result.rawFiles().get("data/raw/from-api.jsonl"), StandardCharsets.UTF_8))
                    .isEqualTo("{\"text\":\"好吃\",\"label\":\"1\"}\n{\"text\":\"太鹹\",\"label\":\"0\"}\n");
        }
    }

    /** A validated data_source.yaml with one api source; {@code rest} continues its config block. */
    private static SourceDefinition source(String baseUrl, String rest) {
        return new DataSourceFile(ENV::get).parse(yaml(baseUrl, rest).getBytes(StandardCharsets.UTF_8))
                .sources().get(0);
    }

    private static String yaml(String baseUrl, String rest) {
        return "version: \"1.0\"\nsources:\n  - name: reviews-api\n    type: api\n    config:\n      base_url: "
                + baseUrl + "\n" + rest.indent(4);
    }
}
