package io.ftcoach.ingest.domain;

import crawlercommons.robots.BaseRobotRules;
import crawlercommons.robots.SimpleRobotRules;
import crawlercommons.robots.SimpleRobotRulesParser;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.jsoup.select.Selector;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The {@code web_scrape} source (spec §5.2) for static pages: each URL fetched over HTTP, parsed with jsoup and
 * cut into rows by CSS selectors.
 *
 * <pre>
 * config:
 *   method: requests                  # static HTML (also: jsoup); playwright and scrapy are not run here
 *   urls: [https://example.com/reviews/1, …]
 *   selectors:
 *     item: article.review            # optional: one row per match, text and label looked up inside it
 *     text: p.body                    # or content:; without item, one row per match
 *     label: span.sentiment           # optional; without item it is read once per page
 *   label: positive                   # a fixed label when there is no label selector
 *   keywords: [外送, 餐點]            # optional: keep only texts that contain one of them
 *   rate_limit: 1                     # requests per second per host, default 1
 *   user_agent: ftcoach-data-ingest
 * </pre>
 *
 * robots.txt is honoured with crawler-commons' parser (RFC 9309): a disallowed URL is not fetched and is listed in
 * the position; a robots.txt that is missing (4xx) allows everything, one that cannot be fetched (5xx, unreachable)
 * allows nothing; a Crawl-delay longer than the rate limit's interval is kept to. Requests go one at a time per
 * host. The position is the number of pages and the sha-256 of what they held.
 */
public final class WebScrapeSource implements SourceReader {

    public static final String TYPE = "web_scrape";
    public static final String DEFAULT_USER_AGENT = "ftcoach-data-ingest";
    private static final double DEFAULT_RATE = 1;

    private final HttpFetcher http;
    private final SimpleRobotRulesParser robotsParser = new SimpleRobotRulesParser();

    public WebScrapeSource(HttpClient client, Sleeper sleeper) {
        this.http = new HttpFetcher(client, sleeper, new RequestPacer(sleeper));
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public SourceRows read(Path taskDir, SourceDefinition source, Function<String, String> environment) {
        String method = source.configString("method", "requests");
        if (!List.of("requests", "jsoup").contains(method)) {
            throw new SourceException(source.label() + ": config.method " + method + " is not run by this service "
                    + "(it fetches static HTML only): use method: requests, or export the pages' data and import it "
                    + "as a file");
        }
        if (!(source.config().get("urls") instanceof List<?> urls) || urls.isEmpty()) {
            throw new SourceException(source.label() + ": config.urls is missing: list the pages to read");
        }
        Map<?, ?> selectors = source.config().get("selectors") instanceof Map<?, ?> m ? m : Map.of();
        String itemSelector = string(selectors.get("item"));
        String textSelector = string(selectors.get("text")) != null ? string(selectors.get("text"))
                : string(selectors.get("content"));
        String labelSelector = string(selectors.get("label"));
        String fixedLabel = source.configString("label", null);
        if (textSelector == null) {
            throw new SourceException(source.label() + ": config.selectors.text is missing: give the CSS selector "
                    + "of the texts (e.g. text: \"div.review p\"), or content:");
        }
        if (labelSelector == null && (fixedLabel == null || fixedLabel.isBlank())) {
            throw new SourceException(source.label() + ": the rows need a label: give config.selectors.label (a "
                    + "CSS selector) or config.label (one label for every row of this source)");
        }
        Map<String, String> given = new LinkedHashMap<>();
        given.put("item", itemSelector);
        given.put("text", textSelector);
        given.put("label", labelSelector);
        given.forEach((key, css) -> {
            if (css != null) {
                try {
                    Selector.evaluatorOf(css);
                } catch (Selector.SelectorParseException e) {
                    throw new SourceException(source.label() + ": config.selectors." + key + " '" + css + "' is not "
                            + "a valid CSS selector (" + e.getMessage() + "): write a jsoup CSS selector, e.g. "
                            + "div.review > p", e);
                }
            }
        });
        List<String> keywords = new ArrayList<>();
        if (source.config().get("keywords") instanceof List<?> k) {
            k.forEach(w -> keywords.add(w.toString().toLowerCase(Locale.ROOT)));
        }
        HttpFetcher.Settings settings = HttpFetcher.Settings.of(source, DEFAULT_RATE);
        String agent = source.configString("user_agent", DEFAULT_USER_AGENT);
        Map<String, BaseRobotRules> robots = new LinkedHashMap<>();
        List<String> disallowed = new ArrayList<>();
        List<LabeledRow> rows = new ArrayList<>();
        MessageDigest digest = Sha256.digest();
        int pages = 0;
        for (int i = 0; i < urls.size(); i++) {
            String url = String.valueOf(urls.get(i));
            URI uri = uri(source, i, url);
            String host = HttpFetcher.hostOf(uri);
            BaseRobotRules rules = robots.computeIfAbsent(host, h -> robots(source, uri, agent, settings));
            if (!rules.isAllowed(url)) {
                disallowed.add(url);
                continue;
            }
            HttpFetcher.Settings paced = settings;
            if (rules.getCrawlDelay() > 0 && (settings.requestsPerSecond() <= 0
                    || 1000.0 / settings.requestsPerSecond() < rules.getCrawlDelay())) {
                paced = new HttpFetcher.Settings(1000.0 / rules.getCrawlDelay(), settings.maxAttempts(),
                        settings.backoff(), settings.maxBackoff(), settings.timeout());
            }
            HttpFetcher.Response page = http.send(source, HttpRequest.newBuilder(uri).timeout(settings.timeout())
                    .header("User-Agent", agent).header("Accept", "text/html,application/xhtml+xml").GET().build(),
                    paced, List.of(), "whether the page needs a login (this source sends none)",
                    "config.urls[" + i + "]");
            pages++;
            digest.update((url + "\n" + page.body().length + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(page.body());
            Document doc;
            try {
                doc = Jsoup.parse(new ByteArrayInputStream(page.body()), charset(page.contentType()), url);
            } catch (IOException e) {
                throw new SourceException(source.label() + ": " + url + " could not be parsed as HTML ("
                        + e.getMessage() + ")", e);
            }
            int matched = extract(source, url, doc, itemSelector, textSelector, labelSelector, fixedLabel, keywords,
                    rows);
            if (matched == 0) {
                throw new SourceException(source.label() + ": " + url + ": config.selectors."
                        + (itemSelector != null ? "item '" + itemSelector : "text '" + textSelector) + "' matched "
                        + "nothing on the page: check the selector against the page's HTML (it may be built by "
                        + "JavaScript, which this source does not run)");
            }
        }
        if (pages == 0) {
            throw new SourceException(source.label() + ": robots.txt disallows every URL in config.urls (" + disallowed
                    + ") for user agent '" + agent + "': choose pages the site allows, or ask its owner for the data");
        }
        String position = "pages=" + pages + " sha256=" + HexFormat.of().formatHex(digest.digest())
                + (disallowed.isEmpty() ? "" : " robots_disallowed=" + disallowed);
        return new SourceRows(source, rows, position);
    }

    /** Adds the page's rows; returns how many elements the item (or text) selector matched. */
    private static int extract(SourceDefinition source, String url, Document doc, String itemSelector,
                               String textSelector, String labelSelector, String fixedLabel, List<String> keywords,
                               List<LabeledRow> rows) {
        if (itemSelector != null) {
            Elements items = doc.select(itemSelector);
            for (int i = 0; i < items.size(); i++) {
                Element item = items.get(i);
                String text = item.select(textSelector).text();
                String label = fixedLabel;
                if (labelSelector != null) {
                    Element found = item.selectFirst(labelSelector);
                    if (found == null || found.text().isBlank()) {
                        throw new SourceException(source.label() + ": " + url + ", item " + i + " ('" + itemSelector
                                + "'): config.selectors.label '" + labelSelector + "' found no label in it: fix the "
                                + "selector, or set config.label for a fixed label");
                    }
                    label = found.text();
                }
                add(rows, text, label, keywords);
            }
            return items.size();
        }
        String label = fixedLabel;
        if (labelSelector != null) {
            Element found = doc.selectFirst(labelSelector);
            if (found == null || found.text().isBlank()) {
                throw new SourceException(source.label() + ": " + url + ": config.selectors.label '" + labelSelector
                        + "' found no label on the page: fix the selector, or set config.label for a fixed label");
            }
            label = found.text();
        }
        Elements texts = doc.select(textSelector);
        for (Element e : texts) {
            add(rows, e.text(), label, keywords);
        }
        return texts.size();
    }

    private static void add(List<LabeledRow> rows, String text, String label, List<String> keywords) {
        String t = text.strip();
        if (t.isEmpty()) {
            return;
        }
        String lower = t.toLowerCase(Locale.ROOT);
        if (keywords.isEmpty() || keywords.stream().anyMatch(lower::contains)) {
            rows.add(LabeledRow.of(t, label.strip()));
        }
    }

    private BaseRobotRules robots(SourceDefinition source, URI page, String agent, HttpFetcher.Settings settings) {
        URI robotsUri = URI.create(HttpFetcher.hostOf(page) + "/robots.txt");
        Optional<HttpResponse<byte[]>> answer = http.sendAnyStatus(source, HttpRequest.newBuilder(robotsUri)
                .timeout(settings.timeout()).header("User-Agent", agent).GET().build(), settings);
        if (answer.isEmpty()) {
            // RFC 9309 2.3.1.4: an unreachable robots.txt means complete disallow
            return new SimpleRobotRules(SimpleRobotRules.RobotRulesMode.ALLOW_NONE);
        }
        int status = answer.get().statusCode();
        if (status >= 200 && status < 300) {
            return robotsParser.parseContent(robotsUri.toString(), answer.get().body(),
                    answer.get().headers().firstValue("Content-Type").orElse("text/plain"),
                    List.of(agent.toLowerCase(Locale.ROOT).split("/")[0]));
        }
        // 4xx: no rules (RFC 9309 2.3.1.3); 5xx: unreachable, complete disallow
        return new SimpleRobotRules(status >= 400 && status < 500 ? SimpleRobotRules.RobotRulesMode.ALLOW_ALL
                : SimpleRobotRules.RobotRulesMode.ALLOW_NONE);
    }

    private static URI uri(SourceDefinition source, int index, String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() == null || !uri.getScheme().startsWith("http") || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new SourceException(source.label() + ": config.urls[" + index + "] '" + url + "' is not a valid "
                    + "http(s) URL (" + e.getMessage() + "): write the full address, e.g. https://example.com/page",
                    e);
        }
    }

    /** The charset the server named, or null: jsoup then reads the page's meta tag, else UTF-8. */
    private static String charset(Optional<String> contentType) {
        return contentType.map(ct -> {
            for (String part : ct.split(";")) {
                String p = part.strip();
                if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                    return p.substring("charset=".length()).replace("\"", "");
                }
            }
            return null;
        }).orElse(null);
    }

    private static String string(Object value) {
        return value == null || value.toString().isBlank() ? null : value.toString();
    }
}
