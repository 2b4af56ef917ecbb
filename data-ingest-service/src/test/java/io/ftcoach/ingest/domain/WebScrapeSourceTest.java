package io.ftcoach.ingest.domain;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The web_scrape source against pages and a robots.txt served by a real local HTTP server. */
class WebScrapeSourceTest {

    private static final String ROBOTS = """
            User-agent: *
            Disallow: /private/
            """;
    private static final Map<String, String> PAGES = Map.of(
            "/reviews/1.html", """
                    <html><body><h1>店家評論</h1>
                    <article class="review"><p class="body">外送很快，餐點還是熱的</p><span class="tag">positive</span></article>
                    <article class="review"><p class="body">等了兩個小時，湯都灑了</p><span class="tag">negative</span></article>
                    <article class="review"><p class="body">今天天氣很好</p><span class="tag">positive</span></article>
                    </body></html>""",
            "/reviews/2.html", """
                    <html><head><meta charset="utf-8"></head><body>
                    <article class="review"><p class="body">  餐點 份量很足，
                      外送員也很有禮貌 </p><span class="tag">positive</span></article>
                    </body></html>""",
            "/private/secret.html", """
                    <html><body><article class="review"><p class="body">外送 secret</p>
                    <span class="tag">negative</span></article></body></html>""",
            "/plain.html", """
                    <html><body><div id="cat">neutral</div><p>第一段外送</p><p>第二段餐點</p></body></html>""");

    @TempDir
    Path task;

    private final FakeTime time = new FakeTime();

    @Test
    void readsTheAllowedPagesBySelectorFiltersByKeywordAndSkipsWhatRobotsTxtDisallows() throws Exception {
        try (LocalHttpServer server = site(ROBOTS)) {
            SourceDefinition source = source(server.url(), """
                      urls: [%1$s/reviews/1.html, %1$s/private/secret.html, %1$s/reviews/2.html]
                      selectors: {item: article.review, text: p.body, label: span.tag}
                      keywords: [外送, 餐點]
                      rate_limit: 2
                    """.formatted(server.url()));
            SourceRows read = new WebScrapeSource(HttpClient.newHttpClient(), time).read(task, source, n -> null);

            assertThat(read.rows()).containsExactly(LabeledRow.of("外送很快，餐點還是熱的", "positive"),
                    LabeledRow.of("餐點 份量很足， 外送員也很有禮貌", "positive"));
            assertThat(server.received).extracting(LocalHttpServer.Received::path)
                    .containsExactly("/robots.txt", "/reviews/1.html", "/reviews/2.html");
            assertThat(server.received).extracting(r -> r.header("User-Agent")).containsOnly("ftcoach-data-ingest");
            assertThat(read.position()).startsWith("pages=2 sha256=").endsWith(" robots_disallowed=["
                    + server.url() + "/private/secret.html]");
            // one host at 2 requests per second: robots.txt, then each page half a second after the previous
            assertThat(time.waits).containsExactly(Duration.ofMillis(500), Duration.ofMillis(500));
        }
    }

    @Test
    void aFixedLabelOrAPageLabelAndACrawlDelayLongerThanTheRateLimit() throws Exception {
        try (LocalHttpServer server = site("User-agent: ftcoach-data-ingest\nCrawl-delay: 3\nDisallow:\n")) {
            SourceDefinition pageLabel = source(server.url(), """
                      urls: [%s/plain.html]
                      selectors: {text: p, label: "#cat"}
                      rate_limit: 10
                    """.formatted(server.url()));
            SourceRows read = new WebScrapeSource(HttpClient.newHttpClient(), time).read(task, pageLabel, n -> null);
            assertThat(read.rows()).containsExactly(LabeledRow.of("第一段外送", "neutral"),
                    LabeledRow.of("第二段餐點", "neutral"));
            assertThat(time.waits).containsExactly(Duration.ofSeconds(3));

            SourceDefinition fixed = source(server.url(), """
                      urls: [%s/plain.html]
                      selectors: {content: p}
                      label: news
                    """.formatted(server.url()));
            assertThat(new WebScrapeSource(HttpClient.newHttpClient(), time).read(task, fixed, n -> null).rows())
                    .extracting(LabeledRow::label).containsOnly("news");
        }
    }

    @Test
    void sendsOneRequestAtATimeToAHost() throws Exception {
        AtomicInteger inFlight = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        try (LocalHttpServer server = new LocalHttpServer(r -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                Thread.sleep(30);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            inFlight.decrementAndGet();
            return r.path().equals("/robots.txt") ? LocalHttpServer.Answer.status(404, "")
                    : LocalHttpServer.Answer.html("<p class=t>page " + r.path() + "</p>");
        })) {
            StringBuilder urls = new StringBuilder();
            for (int i = 0; i < 6; i++) {
                urls.append(i == 0 ? "" : ", ").append(server.url()).append("/p").append(i);
            }
            SourceDefinition source = source(server.url(), """
                      urls: [%s]
                      selectors: {text: p.t}
                      label: x
                      rate_limit: 1000
                    """.formatted(urls));
            WebScrapeSource scraper = new WebScrapeSource(HttpClient.newHttpClient(), Sleeper.SYSTEM);
            List<CompletableFuture<SourceRows>> runs = List.of(
                    CompletableFuture.supplyAsync(() -> scraper.read(task, source, n -> null)),
                    CompletableFuture.supplyAsync(() -> scraper.read(task, source, n -> null)),
                    CompletableFuture.supplyAsync(() -> scraper.read(task, source, n -> null)));
            for (CompletableFuture<SourceRows> run : runs) {
                assertThat(run.get().rows()).hasSize(6);
            }
            assertThat(server.received).hasSize(21);
            assertThat(most.get()).isEqualTo(1);
        }
    }

    @Test
    void badSelectorsMissingPagesAndAnUnreadableRobotsTxtAreNamed() throws Exception {
        try (LocalHttpServer server = site(ROBOTS)) {
            WebScrapeSource scraper = new WebScrapeSource(HttpClient.newHttpClient(), time);
            assertThatThrownBy(() -> scraper.read(task, source(server.url(), """
                      urls: [%s/reviews/1.html]
                      selectors: {item: div.comment, text: p}
                      label: x
                    """.formatted(server.url())), n -> null))
                    .isInstanceOf(SourceException.class)
                    .hasMessage("sources[0] 'news' (web_scrape): " + server.url() + "/reviews/1.html: config.selectors."
                            + "item 'div.comment' matched nothing on the page: check the selector against the page's "
                            + "HTML (it may be built by JavaScript, which this source does not run)");
            assertThatThrownBy(() -> scraper.read(task, source(server.url(), """
                      urls: [%s/reviews/404.html]
                      selectors: {text: p}
                      label: x
                    """.formatted(server.url())), n -> null))
                    .hasMessage("sources[0] 'news' (web_scrape): GET " + server.url() + "/reviews/404.html answered "
                            + "404 (no such page): no such resource: check config.urls[0]");
            assertThatThrownBy(() -> scraper.read(task, source(server.url(), """
                      urls: [%s/reviews/1.html]
                      selectors: {text: "p[["}
                      label: x
                    """.formatted(server.url())), n -> null))
                    .hasMessageStartingWith("sources[0] 'news' (web_scrape): config.selectors.text 'p[[' is not a "
                            + "valid CSS selector");
            assertThatThrownBy(() -> scraper.read(task, source(server.url(), """
                      urls: [%s/private/secret.html]
                      selectors: {text: p}
                      label: x
                    """.formatted(server.url())), n -> null))
                    .hasMessage("sources[0] 'news' (web_scrape): robots.txt disallows every URL in config.urls (["
                            + server.url() + "/private/secret.html]) for user agent 'ftcoach-data-ingest': choose "
                            + "pages the site allows, or ask its owner for the data");
        }
        try (LocalHttpServer down = new LocalHttpServer(r -> r.path().equals("/robots.txt")
                ? LocalHttpServer.Answer.status(503, "") : LocalHttpServer.Answer.html("<p>x</p>"))) {
            WebScrapeSource scraper = new WebScrapeSource(HttpClient.newHttpClient(), time);
            assertThatThrownBy(() -> scraper.read(task, source(down.url(), """
                      urls: [%s/page]
                      selectors: {text: p}
                      label: x
                    """.formatted(down.url())), n -> null))
                    .hasMessageStartingWith("sources[0] 'news' (web_scrape): robots.txt disallows every URL");
            assertThat(down.received).extracting(LocalHttpServer.Received::path).containsExactly("/robots.txt");
        }
        assertThatThrownBy(() -> new WebScrapeSource(HttpClient.newHttpClient(), time).read(task, source(
                "http://127.0.0.1:9", """
                      method: playwright
                      urls: [http://127.0.0.1:9/x]
                      selectors: {text: p}
                      label: x
                    """), n -> null))
                .hasMessage("sources[0] 'news' (web_scrape): config.method playwright is not run by this service (it "
                        + "fetches static HTML only): use method: requests, or export the pages' data and import it "
                        + "as a file");
    }

    private static LocalHttpServer site(String robots) throws Exception {
        return new LocalHttpServer(r -> {
            if (r.path().equals("/robots.txt")) {
                return new LocalHttpServer.Answer(200, "text/plain", robots, Map.of());
            }
            String page = PAGES.get(r.path());
            return page == null ? LocalHttpServer.Answer.status(404, "no such page") : LocalHttpServer.Answer.html(page);
        });
    }

    /** A validated data_source.yaml with one web_scrape source; {@code config} is its config block. */
    private static SourceDefinition source(String unused, String config) {
        String yaml = "version: \"1.0\"\nsources:\n  - name: news\n    type: web_scrape\n    config:\n" + config.indent(4);
        return new DataSourceFile(n -> null).parse(yaml.getBytes(StandardCharsets.UTF_8)).sources().get(0);
    }
}
