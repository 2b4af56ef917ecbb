package io.ftcoach.platform.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ftcoach chat} against a local HTTP server that speaks coach-service's chat contract (POST sessions, POST
 * messages, GET the session's event stream), with typed input scripted line by line.
 */
class ChatCommandTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TOKEN = "s3cret-token";

    private HttpServer coach;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch closeStream = new CountDownLatch(1);
    private volatile boolean streamAvailable = true;
    private volatile boolean lostSession = false;
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void startCoach() throws IOException {
        coach = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        coach.createContext("/api/chat/sessions", this::answer);
        coach.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        coach.start();
    }

    @AfterEach
    void stopCoach() {
        closeStream.countDown();
        coach.stop(0);
    }

    @Test
    void repliesNumberedOptionsLiveEventsAndQuit() throws Exception {
        PipedOutputStream typing = new PipedOutputStream();
        ChatCommand command = command(new PipedInputStream(typing), Map.of("FTCOACH_API_TOKEN", TOKEN));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                new CommandLine(command).execute("--url", url()));

        awaitPrinted("Connected to " + url() + "/ (session s-1). Type /quit to leave.");
        type(typing, "/deploy news-ner");
        awaitPrinted("coach> Understood: deploy the model of news-ner.");
        assertThat(output()).contains("       Where should the model be deployed?\n  1) huggingface\n  2) ollama\n"
                + "  3) vllm\n  e.g. ollama\n");

        type(typing, "2");
        awaitPrinted("coach> Deploying news-ner to ollama.");
        assertThat(received).containsExactly("/deploy news-ner", "ollama");

        // the events the stub streamed once the session existed
        awaitPrinted("[progress] news-ner v2 #########........... 42.5% step 34/80 loss 0.4321 eta 90 s");
        awaitPrinted("[evaluation] news-ner v2: accuracy 0.8200, macro_f1 0.8150 (target macro_f1 0.8000: met)");
        assertThat(output()).contains("  positive         P 0.9000  R 0.8200  F1 0.8600\n")
                .contains("  confusion (rows expected, columns predicted):\n"
                        + "           positive negative\n"
                        + "  positive 41       9\n"
                        + "  negative 7        33\n");
        awaitPrinted("[analysis] news-ner v2: MET — macro_f1 0.815 meets 0.80\n  - deploy v2");
        // coach-service's own stream items: named by event type, with the activity feed's text
        awaitPrinted("[progress] news-ner v3 ##########.......... 50.0%\n[evaluation] news-ner v3: v3 evaluated: macro_f1 0.8300\n");

        // a number with no open question is sent as typed; an error is shown, not fatal
        type(typing, "7");
        awaitPrinted("! The message is not understood: 7");
        type(typing, "/quit");
        assertThat(exit.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
        assertThat(output()).endsWith("Bye.\n");
        assertThat(received).containsExactly("/deploy news-ner", "ollama", "7");
        assertThat(authorizations).isNotEmpty().allMatch(a -> a.equals("Bearer " + TOKEN));
        assertThat(output()).doesNotContain(TOKEN);
    }

    @Test
    void endOfInputLeavesAndAMissingEventStreamIsNoError() throws Exception {
        streamAvailable = false;
        ChatCommand command = command(new ByteArrayInputStream("/tasks\n\n".getBytes(StandardCharsets.UTF_8)), Map.of());

        int exit = new CommandLine(command).execute("--url", url() + "/");

        assertThat(exit).isZero();
        assertThat(received).containsExactly("/tasks");
        assertThat(output()).contains("coach> No tasks yet.").contains("Bye.\n");
        assertThat(authorizations).allMatch(String::isEmpty);
    }

    @Test
    void aSessionTheServiceLostIsReplacedAndTheMessageResent() {
        streamAvailable = false;
        lostSession = true;
        ChatCommand command = command(new ByteArrayInputStream("/help\n/quit\n".getBytes(StandardCharsets.UTF_8)), Map.of());

        assertThat(new CommandLine(command).execute("--url", url(), "--no-events")).isZero();
        assertThat(received).containsExactly("lost", "s-2: /help");
        assertThat(output()).contains("(a new session s-2 was opened)\ncoach> Fresh start.\n");
    }

    @Test
    void anUnreachableCoachOrABadUrlIsExplained() {
        int port = coach.getAddress().getPort();
        coach.stop(0);
        ChatCommand command = command(new ByteArrayInputStream(new byte[0]), Map.of());
        assertThat(new CommandLine(command).execute("--url", "http://127.0.0.1:" + port)).isEqualTo(1);
        assertThat(output()).startsWith("ftcoach chat: cannot open a chat session at http://127.0.0.1:" + port + "/: ")
                .contains("(is the platform running? ftcoach up)");

        printed.reset();
        assertThat(new CommandLine(command(new ByteArrayInputStream(new byte[0]), Map.of()))
                .execute("--url", "ftp://example")).isEqualTo(2);
        assertThat(output()).contains("--url ftp://example is not an http(s) URL with a host");
    }

    private ChatCommand command(java.io.InputStream in, Map<String, String> env) {
        ChatCommand command = new ChatCommand();
        command.in = in;
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.environment = env;
        return command;
    }

    private String url() {
        return "http://127.0.0.1:" + coach.getAddress().getPort();
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private void awaitPrinted(String text) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(output()).contains(text));
    }

    private static void type(OutputStream typing, String line) throws IOException {
        typing.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        typing.flush();
    }

    /** The chat contract, as coach-service's ChatController and its event stream speak it. */
    private void answer(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).replace("null", ""));
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        if (method.equals("POST") && path.equals("/api/chat/sessions")) {
            respond(exchange, 201, "{\"sessionId\":\"s-" + sessions.incrementAndGet() + "\"}");
        } else if (method.equals("POST") && path.equals("/api/chat/sessions/s-1/messages") && lostSession) {
            received.add("lost");
            respond(exchange, 404, "{\"status\":404,\"detail\":\"No chat session s-1\"}");
        } else if (method.equals("POST") && path.equals("/api/chat/sessions/s-2/messages")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add("s-2: " + ChatClient.JSON.readTree(body).path("text").asString());
            respond(exchange, 200, """
                    {"sessionId":"s-2","text":"Fresh start.","language":"en","intent":"help","slots":{},
                     "question":null,"state":"idle"}""");
        } else if (method.equals("POST") && path.equals("/api/chat/sessions/s-1/messages")) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String text = ChatClient.JSON.readTree(body).path("text").asString();
            received.add(text);
            switch (text) {
                case "/deploy news-ner" -> respond(exchange, 200, """
                        {"sessionId":"s-1","text":"Understood: deploy the model of news-ner.","language":"en",
                         "intent":"model.deploy","slots":{"task":"news-ner"},
                         "question":{"slot":"target","text":"Where should the model be deployed?",
                                     "options":["huggingface","ollama","vllm"],"example":"ollama"},
                         "state":"awaiting_answer"}""");
                case "ollama" -> respond(exchange, 200, """
                        {"sessionId":"s-1","text":"Deploying news-ner to ollama.","language":"en",
                         "intent":"model.deploy","slots":{"task":"news-ner","target":"ollama"},
                         "question":null,"state":"idle"}""");
                case "/tasks" -> respond(exchange, 200, """
                        {"sessionId":"s-1","text":"No tasks yet.","language":"en","intent":"task.list",
                         "slots":{},"question":null,"state":"idle"}""");
                default -> respond(exchange, 400, "{\"status\":400,\"detail\":\"The message is not understood: "
                        + text + "\"}");
            }
        } else if (method.equals("GET") && path.equals("/api/chat/sessions/s-1/events") && streamAvailable) {
            exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            OutputStream body = exchange.getResponseBody();
            body.write("""
                    : the coach's events for this session
                    event: training-progress
                    data: {"envelope":{"taskId":"news-ner","version":"v2"},"jobId":"job-7","step":34,"totalSteps":80,
                    data: "epoch":1.5,"loss":0.4321,"percent":42.5,"etaSeconds":90}

                    event: evaluation-ready
                    data: {"envelope":{"taskId":"news-ner","version":"v2"},"accuracy":0.82,"macroF1":0.815,
                    data: "perClass":[{"label":"positive","precision":0.9,"recall":0.82,"f1":0.86,"support":50}],
                    data: "confusionLabels":["positive","negative"],"confusionMatrix":[[41,9],[7,33]],
                    data: "primaryMetric":"macro_f1","threshold":0.8,"passed":true}

                    event: analysis
                    data: {"envelope":{"taskId":"news-ner","version":"v2"},"decision":"MET","summary":"macro_f1 0.815 meets 0.80","recommendations":["deploy v2"]}

                    event: TrainingProgress
                    data: {"task":"news-ner","eventType":"TrainingProgress","version":"v3","text":"Training of v3: 50%, epoch 1.00","eventId":"e9"}

                    event: EvaluationReady
                    data: {"task":"news-ner","eventType":"EvaluationReady","version":"v3","text":"v3 evaluated: macro_f1 0.8300","eventId":"e10"}

                    """.getBytes(StandardCharsets.UTF_8));
            body.flush();
            try {
                closeStream.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        } else {
            respond(exchange, 404, "{\"status\":404,\"detail\":\"no such resource " + path + "\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
