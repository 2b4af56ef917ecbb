package io.ftcoach.platform.cli;

import io.ftcoach.platform.launcher.PlatformSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with the coach of a running platform in this terminal. Options are numbered: type the "
                + "number to pick one. Training progress, evaluations, analyses and diagnoses appear as they "
                + "happen. /quit (or end of input) leaves.",
                "Environment: FTCOACH_API_TOKEN (when the platform is guarded by a token), "
                        + "FTCOACH_COACH_SERVICE_PORT (the default URL's port)."})
final class ChatCommand implements Callable<Integer> {

    static final String QUIT = "/quit";
    private static final long MAX_RETRY_MS = 30_000;

    @Option(names = "--url", description = "coach-service's address (default http://127.0.0.1:<FTCOACH_COACH_SERVICE_PORT or 8080>).")
    String url;

    @Option(names = "--no-events", description = "Do not follow the session's live events.")
    boolean noEvents;

    // the terminal; replaced by tests with scripted input and captured output
    InputStream in = System.in;
    PrintStream out = System.out;
    Map<String, String> environment = System.getenv();

    private final Object printing = new Object();
    private volatile boolean running = true;
    /** The session the events are followed for; replaced when the service has lost the first one. */
    private volatile String session;
    private List<String> options = List.of();

    @Override
    public Integer call() throws Exception {
        PlatformSettings settings = PlatformSettings.fromEnvironment(environment);
        String base = url != null ? url : "http://127.0.0.1:" + settings.servicePorts().get("coach-service");
        ChatClient client;
        try {
            client = new ChatClient(base, settings.apiToken());
        } catch (IllegalArgumentException e) {
            print("ftcoach chat: " + e.getMessage());
            return 2;
        }
        try {
            session = client.openSession();
        } catch (IOException e) {
            print("ftcoach chat: cannot open a chat session at " + client.base() + ": " + reason(e)
                    + (e instanceof ChatClient.ChatException ? "" : " (is the platform running? ftcoach up)"));
            return 1;
        }
        print("Connected to " + client.base() + " (session " + session + "). Type " + QUIT + " to leave.");
        Thread follower = noEvents ? null : startFollowing(client);
        try {
            return converse(client);
        } finally {
            running = false;
            if (follower != null) {
                follower.interrupt();
            }
        }
    }

    private int converse(ChatClient client) throws IOException, InterruptedException {
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            String text = line.strip();
            if (text.equalsIgnoreCase(QUIT)) {
                break;
            }
            if (text.isEmpty()) {
                continue;
            }
            text = pickedOption(text);
            try {
                show(client.post(session, text));
            } catch (ChatClient.ChatException e) {
                if (e.status == 404) {
                    // the service lost the session (a fresh state directory): continue in a new one
                    session = client.openSession();
                    print("(a new session " + session + " was opened)");
                    show(client.post(session, text));
                } else {
                    print("! " + e.getMessage());
                }
            } catch (IOException e) {
                print("! coach-service did not answer: " + reason(e));
            }
        }
        print("Bye.");
        return 0;
    }

    /** A number picks that option of the last question; anything else is sent as typed. */
    private String pickedOption(String text) {
        if (!options.isEmpty() && text.matches("\\d{1,3}")) {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= options.size()) {
                return options.get(n - 1);
            }
        }
        return text;
    }

    private void show(JsonNode reply) {
        List<String> lines = new ArrayList<>();
        lines.add("coach> " + reply.path("text").asString(""));
        JsonNode question = reply.path("question");
        List<String> next = new ArrayList<>();
        if (question.isObject()) {
            String asked = question.path("text").asString("");
            if (!asked.isEmpty() && !reply.path("text").asString("").contains(asked)) {
                lines.add("       " + asked);
            }
            for (JsonNode o : question.path("options")) {
                next.add(o.asString(""));
                lines.add("  " + next.size() + ") " + o.asString(""));
            }
            String example = question.path("example").asString("");
            if (!example.isEmpty()) {
                lines.add("  e.g. " + example);
            }
        }
        options = List.copyOf(next);
        print(lines.toArray(String[]::new));
    }

    private Thread startFollowing(ChatClient client) {
        Thread t = new Thread(() -> {
            long retryMs = 1000;
            boolean told = false;
            while (running) {
                try {
                    client.follow(session, (name, data) -> print(ChatEventText.lines(name, data).toArray(String[]::new)));
                    retryMs = 1000;
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    if (!told && running) {
                        print("(live updates are not available yet: " + reason(e) + "; retrying in the background)");
                        told = true;
                    }
                }
                try {
                    Thread.sleep(retryMs);
                } catch (InterruptedException e) {
                    return;
                }
                retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
            }
        }, "ftcoach-chat-events");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Replies and events come from two threads; a block of lines is never interleaved with another. */
    private void print(String... lines) {
        synchronized (printing) {
            for (String l : lines) {
                out.println(l);
            }
            out.flush();
        }
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
