package io.ftcoach.coach;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ftcoach.infra.testing.RunningService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat page in a real headless browser (Debian's chromium and chromium-driver, driven by Selenium) against the
 * running service: the conversation, the options, escaping, live progress, the results with the confusion matrix,
 * the comparison of two versions and the three languages.
 *
 * <p>lineage-service is another service module, which this module may not depend on, so its two read endpoints
 * are played by a local HTTP server that answers with the JSON shapes of its LineageController and
 * ComparisonController, and with the CORS header the real service must send for this page to read it.
 */
class ChatPageBrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHROMIUM = System.getProperty("ftcoach.test.chromium", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getProperty("ftcoach.test.chromedriver", "/usr/bin/chromedriver");

    @RegisterExtension
    static final RunningService service = new RunningService(CoachServiceApplication::builder);

    private static HttpServer lineage;
    private static final Map<String, String> lineageRequests = new ConcurrentHashMap<>();
    /** One browser for the class (a driver service cannot be restarted after a quit); storage is cleared per test. */
    private static WebDriver browser;
    private static WebDriverWait wait;

    @BeforeAll
    static void startBrowserAndLineage() throws IOException {
        // fail, never skip: the page is only tested when the browser is really there
        for (String executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            assertThat(Files.isExecutable(Path.of(executable)))
                    .as("%s is missing: install Debian's browser with 'apt-get install -y chromium chromium-driver' "
                            + "(.ci/run does this)", executable)
                    .isTrue();
        }
        ChromeDriverService driverService = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--lang=en-US", "--window-size=1280,1000");
        browser = new ChromeDriver(driverService, options);
        wait = new WebDriverWait(browser, WAIT);

        lineage = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        lineage.createContext("/api/tasks/", ChatPageBrowserTest::lineageAnswer);
        lineage.start();
    }

    @AfterAll
    static void stopBrowserAndLineage() {
        if (browser != null) {
            browser.quit();
        }
        if (lineage != null) {
            lineage.stop(0);
        }
    }

    @BeforeEach
    void forgetTheLastTestsSession() {
        browser.get(service.baseUrl() + "/");
        ((JavascriptExecutor) browser).executeScript("sessionStorage.clear(); localStorage.clear();");
    }

    @Test
    void aConversationWithRepliesAndClickableOptions() {
        openPage();
        send("/deploy news-ner");

        WebElement reply = awaitMessages("coach", 1).get(0);
        assertThat(reply.getAttribute("data-intent")).isEqualTo("model.deploy");
        assertThat(reply.findElement(By.className("text")).getText()).isNotBlank();
        WebElement question = browser.findElement(By.id("question"));
        assertThat(question.isDisplayed()).isTrue();
        assertThat(browser.findElement(By.id("question-example")).getText()).startsWith("For example: ");
        List<WebElement> options = browser.findElements(By.cssSelector("#options button.option"));
        assertThat(options).extracting(WebElement::getText).contains("ollama", "huggingface");

        options.stream().filter(o -> o.getText().equals("ollama")).findFirst().orElseThrow().click();

        List<WebElement> mine = awaitMessages("person", 2);
        assertThat(mine.get(1).findElement(By.className("text")).getText()).isEqualTo("ollama");
        WebElement answered = awaitMessages("coach", 2).get(1);
        assertThat(answered.getAttribute("data-intent")).isEqualTo("model.deploy");
        // the question was answered: no options are left to click
        wait.until(d -> d.findElements(By.cssSelector("#options button")).isEmpty());
        assertThat(browser.findElement(By.id("error")).getText()).isEmpty();
    }

    @Test
    void everyTextIsShownAsTextNeverAsMarkup() {
        openPage();
        String attack = "<img src=x onerror=\"window.pwned=1\"> & <b>bold</b>";
        send(attack);

        WebElement mine = awaitMessages("person", 1).get(0);
        assertThat(mine.findElement(By.className("text")).getText()).isEqualTo(attack);
        awaitMessages("coach", 1);
        assertThat(browser.findElements(By.cssSelector("#log img, #log b"))).isEmpty();

        dispatch("evaluation-ready", """
                {"envelope": {"taskId": "news-ner", "version": "v1"}, "accuracy": 0.5, "macroF1": 0.5,
                 "perClass": [{"label": "<script>window.pwned=2</script>", "precision": 1, "recall": 1, "f1": 1, "support": 1}],
                 "confusionLabels": ["<i>a</i>"], "confusionMatrix": [[1]], "primaryMetric": "macro_f1",
                 "threshold": 0.8, "passed": false}""");
        assertThat(browser.findElement(By.cssSelector("#results table.per-class tbody th")).getText())
                .isEqualTo("<script>window.pwned=2</script>");
        assertThat(browser.findElements(By.cssSelector("#results i, #results script"))).isEmpty();
        assertThat(((JavascriptExecutor) browser).executeScript("return window.pwned === undefined")).isEqualTo(true);
    }

    @Test
    void liveProgressAndTheResultsWithTheConfusionMatrix() {
        openPage();
        assertThat(browser.findElement(By.id("progress-idle")).isDisplayed()).isTrue();

        dispatch("training-progress", """
                {"envelope": {"taskId": "news-ner", "version": "v2"}, "jobId": "job-7", "step": 34,
                 "totalSteps": 80, "epoch": 1.5, "loss": 0.4321, "percent": 42.5, "etaSeconds": 90}""");
        WebElement bar = browser.findElement(By.id("progress"));
        assertThat(bar.isDisplayed()).isTrue();
        assertThat(bar.getAttribute("value")).isEqualTo("42.5");
        assertThat(browser.findElement(By.id("progress-label")).getText()).isEqualTo("Training news-ner v2 — 42.5%");
        assertThat(browser.findElement(By.id("progress-detail")).getText())
                .isEqualTo("Job job-7 · step 34/80 · epoch 1.5 · loss 0.4321 · about 90 s left");
        dispatch("training-progress", """
                {"envelope": {"taskId": "news-ner", "version": "v2"}, "jobId": "job-7", "step": 80,
                 "totalSteps": 80, "epoch": 3, "percent": 100}""");
        assertThat(bar.getAttribute("value")).isEqualTo("100");

        dispatch("evaluation-ready", """
                {"envelope": {"taskId": "news-ner", "version": "v2"}, "accuracy": 0.82, "macroF1": 0.815,
                 "perClass": [{"label": "positive", "precision": 0.9, "recall": 0.82, "f1": 0.86, "support": 50},
                              {"label": "negative", "precision": 0.8, "recall": 0.82, "f1": 0.81, "support": 40}],
                 "confusionLabels": ["positive", "negative"], "confusionMatrix": [[41, 9], [7, 33]],
                 "metrics": {"accuracy": 0.82, "macro_f1": 0.815}, "primaryMetric": "macro_f1",
                 "threshold": 0.8, "passed": true}""");
        assertThat(rows("#results table.metrics")).contains(List.of("accuracy", "0.8200"),
                List.of("macro_f1", "0.8150"), List.of("target (macro_f1)", "0.8000 — met"));
        assertThat(rows("#results table.per-class"))
                .containsExactly(List.of("positive", "0.9000", "0.8200", "0.8600", "50"),
                        List.of("negative", "0.8000", "0.8200", "0.8100", "40"));
        assertThat(headers("#results table.confusion")).containsExactly("expected \\ predicted", "positive", "negative");
        assertThat(rows("#results table.confusion"))
                .containsExactly(List.of("positive", "41", "9"), List.of("negative", "7", "33"));

        dispatch("analysis", """
                {"envelope": {"taskId": "news-ner", "version": "v2"}, "decision": "MET",
                 "summary": "macro_f1 0.815 meets 0.80", "recommendations": ["deploy v2"]}""");
        dispatch("diagnosis", """
                {"envelope": {"taskId": "news-ner", "version": "v2"}, "symptoms": ["neutral F1 0.62"],
                 "fixes": [{"priority": 1, "title": "add 200 neutral rows", "cause": "imbalance",
                            "expectedGain": "+5 points", "difficulty": "low"}]}""");
        dispatch("data-validated", """
                {"envelope": {"taskId": "news-ner"}, "verdict": "WARN", "issues": [{"severity": "warn",
                 "check": "duplicates", "file": "data/splits/train.jsonl", "line": 12, "message": "duplicate of line 3"}]}""");
        dispatch("no-such-event", "not json at all");
        List<WebElement> events = awaitMessages("event", 3);
        assertThat(events.get(0).getText()).contains("Analysis of news-ner v2: MET — macro_f1 0.815 meets 0.80")
                .contains("deploy v2");
        assertThat(events.get(1).getText()).contains("Diagnosis of news-ner v2").contains("neutral F1 0.62");
        assertThat(rows("#log table")).containsExactly(List.of("1", "add 200 neutral rows", "imbalance", "+5 points", "low"));
        assertThat(events.get(2).getText()).contains("Data of news-ner validated: WARN, 1 issue(s).")
                .contains("warn [duplicates] data/splits/train.jsonl:12 duplicate of line 3");
    }

    @Test
    void eventsNamedByTheirTypeWithOnlyASummaryStillMoveTheBarAndFetchTheResults() {
        openPage();
        // coach-service's stream item: the activity feed's text, no metrics
        dispatch("TrainingProgress", """
                {"task": "news-ner", "eventType": "TrainingProgress", "version": "v1",
                 "text": "Training of v1: 64%, epoch 2.00, loss 0.3100", "time": "2026-01-01T00:00:00Z", "eventId": "e1"}""");
        assertThat(browser.findElement(By.id("progress")).getAttribute("value")).isEqualTo("64");
        assertThat(browser.findElement(By.id("progress-detail")).getText())
                .isEqualTo("Training of v1: 64%, epoch 2.00, loss 0.3100");

        dispatch("EvaluationReady", """
                {"task": "news-ner", "eventType": "EvaluationReady", "version": "v1",
                 "text": "v1 evaluated: macro_f1 0.62", "time": "2026-01-01T00:00:00Z", "eventId": "e2"}""");
        wait.until(d -> "v1".equals(d.findElement(By.id("results")).getAttribute("data-version")));
        assertThat(rows("#results table.per-class")).containsExactly(List.of("neutral", "0.6000", "0.6400", "0.6200", "–"));
        assertThat(lineageRequests).containsKey("/api/tasks/news-ner/versions/v1/lineage");

        dispatch("AnalysisCompleted", """
                {"task": "news-ner", "eventType": "AnalysisCompleted", "version": "v1", "text": "v1 is far from 0.80"}""");
        assertThat(awaitMessages("event", 2).get(0).getText()).contains("v1 evaluated: macro_f1 0.62");
        assertThat(awaitMessages("event", 2).get(1).getText()).contains("Analysis of news-ner v1: v1 is far from 0.80");
    }

    @Test
    void resultsAndTheComparisonOfTwoVersionsComeFromLineageService() {
        openPage();
        send("比較 news-ner v1 和 v2");
        awaitMessages("coach", 1);
        // the reply is Traditional Chinese, so the page follows; the compare form is filled from the slots
        wait.until(d -> "zh-TW".equals(d.findElement(By.tagName("html")).getAttribute("lang")));
        assertThat(browser.findElement(By.id("chat-heading")).getText()).isEqualTo("對話");
        assertThat(browser.findElement(By.id("compare-task")).getAttribute("value")).isEqualTo("news-ner");
        assertThat(browser.findElement(By.id("compare-from")).getAttribute("value")).isEqualTo("v1");
        assertThat(browser.findElement(By.id("compare-to")).getAttribute("value")).isEqualTo("v2");

        browser.findElement(By.cssSelector("#compare-form button")).click();
        wait.until(d -> !d.findElements(By.cssSelector("#comparison table.comparison-metrics")).isEmpty());
        assertThat(lineageRequests).containsKey("/api/tasks/news-ner/compare?from=v1&to=v2");
        assertThat(browser.findElement(By.cssSelector("#comparison .verdict")).getText()).isEqualTo("結論: adopt");
        assertThat(rows("#comparison table.comparison-metrics")).containsExactly(
                List.of("macro_f1", "0.7200", "0.8150", "+9.50"),
                List.of("accuracy", "0.7200", "0.8200", "+10.00"),
                List.of("f1:neutral", "0.6200", "0.5800", "-4.00"));
        assertThat(rows("#comparison table.comparison-config"))
                .containsExactly(List.of("lora.r", "32", "64", "+32.00 (+100.00%)"));
        assertThat(browser.findElement(By.cssSelector("#comparison .regressions")).getText()).isEqualTo("f1:neutral -4.00");

        WebElement task = browser.findElement(By.id("results-task"));
        task.clear();
        task.sendKeys("news-ner");
        WebElement version = browser.findElement(By.id("results-version"));
        version.clear();
        version.sendKeys("v1", Keys.ENTER);
        wait.until(d -> "v1".equals(d.findElement(By.id("results")).getAttribute("data-version")));
        assertThat(rows("#results table.per-class")).containsExactly(List.of("neutral", "0.6000", "0.6400", "0.6200", "–"));

        // an explicit choice wins over the replies' language
        new Select(browser.findElement(By.id("language"))).selectByValue("zh-CN");
        assertThat(browser.findElement(By.id("chat-heading")).getText()).isEqualTo("对话");
        new Select(browser.findElement(By.id("language"))).selectByValue("en");
        assertThat(browser.findElement(By.id("chat-heading")).getText()).isEqualTo("Conversation");
    }

    @Test
    void anUnreachableLineageServiceIsExplainedNotFatal() {
        browser.get(service.baseUrl() + "/?lineage=http://127.0.0.1:9");
        wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-session-id") != null);
        browser.findElement(By.id("compare-task")).sendKeys("news-ner");
        browser.findElement(By.id("compare-from")).sendKeys("v1");
        browser.findElement(By.id("compare-to")).sendKeys("v2", Keys.ENTER);
        wait.until(d -> !d.findElement(By.id("error")).getText().isEmpty());
        assertThat(browser.findElement(By.id("error")).getText()).startsWith("Could not load from lineage-service: ")
                .contains("does it allow this page's origin?");
        send("/tasks");
        assertThat(awaitMessages("coach", 1).get(0).getAttribute("data-intent")).isEqualTo("task.list");
    }

    private void openPage() {
        browser.get(service.baseUrl() + "/?lineage=http://127.0.0.1:" + lineage.getAddress().getPort());
        wait.until(d -> d.findElement(By.tagName("body")).getAttribute("data-session-id") != null);
        assertThat(browser.getTitle()).isEqualTo("Fine-tune Coach");
    }

    private void send(String text) {
        WebElement box = browser.findElement(By.id("message"));
        box.sendKeys(text);
        wait.until(ExpectedConditions.elementToBeClickable(By.id("send"))).click();
    }

    private List<WebElement> awaitMessages(String kind, int count) {
        By selector = By.cssSelector("#log li.message." + kind);
        wait.until(d -> d.findElements(selector).size() >= count);
        return browser.findElements(selector);
    }

    private void dispatch(String event, String data) {
        ((JavascriptExecutor) browser).executeScript("window.FtCoach.dispatch(arguments[0], arguments[1])", event, data);
    }

    private List<List<String>> rows(String table) {
        return browser.findElements(By.cssSelector(table + " tbody tr")).stream()
                .map(r -> r.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    private List<String> headers(String table) {
        return browser.findElements(By.cssSelector(table + " thead th")).stream().map(WebElement::getText).toList();
    }

    private static void lineageAnswer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().toString();
        lineageRequests.put(path, exchange.getRequestMethod());
        String body;
        int status = 200;
        if (path.equals("/api/tasks/news-ner/compare?from=v1&to=v2")) {
            body = """
                    {"from":"v1","to":"v2",
                     "config":[{"setting":"base_model","from":"qwen3","to":"qwen3","changed":false,"delta":null,"deltaPercent":null},
                               {"setting":"lora.r","from":32,"to":64,"changed":true,"delta":32.0,"deltaPercent":100.0}],
                     "data":{"fromSnapshotId":"a1","toSnapshotId":"b2","changed":true},
                     "primaryMetric":"macro_f1",
                     "metrics":[{"metric":"macro_f1","from":0.72,"to":0.815,"deltaPoints":9.5},
                                {"metric":"accuracy","from":0.72,"to":0.82,"deltaPoints":10.0},
                                {"metric":"f1:neutral","from":0.62,"to":0.58,"deltaPoints":-4.0}],
                     "regressions":[{"metric":"f1:neutral","from":0.62,"to":0.58,"deltaPoints":-4.0}],
                     "verdict":"adopt","reasons":["macro_f1 improved +9.5 points (0.72 → 0.815)"]}""";
        } else if (path.equals("/api/tasks/news-ner/versions/v1/lineage")) {
            body = """
                    {"version":"v1","created":"2026-01-01T00:00:00Z","parent":null,"data":{"snapshot_id":"a1"},
                     "results":{"macro_f1":0.62,"accuracy":0.64,
                                "per_class":{"neutral":{"precision":0.6,"recall":0.64,"f1":0.62}},
                                "evaluated_at":"2026-01-01T01:00:00Z"}}""";
        } else {
            status = 404;
            body = "{\"detail\":\"no such lineage\"}";
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Access-Control-Allow-Origin", "*");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
