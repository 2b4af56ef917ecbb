package io.ftcoach.platform.demo;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Drives the whole workflow through the coach's chat, as a person would type it: goal clarification, the task, the
 * data source, project generation, training v1, analysis and diagnosis, v2 with the proposed fix, and the
 * comparison. Where the chat offers no way to a step, the owning service's REST API is called instead, and the
 * output says so. Events are followed in the coach's activity feed of the task, which the chat page shows too.
 */
public final class DemoDriver {

    /** What the demo needs from a running platform: each service's base URL and the workspace folder. */
    public record Target(Map<String, String> urls, Path workspace) {
    }

    /**
     * What the demo did.
     *
     * @param events       every activity item seen, as "EventType version"
     * @param restCalls    the steps driven over a service's REST API because the chat has no way to them
     * @param comparison   the coach's answer to /compare v1 v2
     */
    public record Outcome(String task, Path taskFolder, List<String> events, List<String> restCalls,
                          String comparison, String chatPage) {
    }

    /** Thrown when a step does not happen: which step, what was said, and what the coach answered. */
    public static final class DemoFailed extends RuntimeException {
        public DemoFailed(String message) {
            super(message);
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MAX_TURNS = 40;
    /** v1's epochs: one, deliberately brief, so that the diagnosis "underfitting → more epochs" is true. */
    static final int V1_EPOCHS = 1;

    private final Target target;
    private final Consumer<String> out;
    private final Duration stepTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<String> events = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();
    private final List<String> restCalls = new ArrayList<>();
    private String session;

    public DemoDriver(Target target, Consumer<String> out, Duration stepTimeout) {
        this.target = target;
        this.out = out;
        this.stepTimeout = stepTimeout;
    }

    public Outcome run(String task, DemoSource source) {
        String coach = url("coach-service");
        session = post(coach + "/api/chat/sessions", "{}", "application/json").path("sessionId").asString();
        step("Chat session " + session + " opened at " + coach + "/api/chat/sessions");

        step("1. Goal clarification (goal-clarifier)");
        Map<String, String> goal = goalAnswers(task, source);
        JsonNode reply = say("/coach");
        reply = answerQuestions(reply, goal, "the goal clarification");
        if (!reply.path("text").asString().contains("Created the task " + task)) {
            throw new DemoFailed("The goal-clarifier did not create " + task + "; its last reply: "
                    + reply.path("text").asString());
        }
        awaitEvent(task, "TaskCreated", null);
        Path folder = target.workspace().resolve(task);

        step("2. Data source (data-source-advisor): " + source.describe());
        if (source instanceof DemoSource.File file) {
            Path into = folder.resolve("data/raw/reviews.csv");
            try {
                Files.createDirectories(into.getParent());
                Files.copy(file.csv(), into, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot copy " + file.csv() + " into " + into, e);
            }
            step("   copied " + file.csv().getFileName() + " to " + folder.relativize(into)
                    + " (the chat takes no uploads; data-ingest reads files inside the task folder)");
        }
        reply = say("/data-source " + task + " " + (source instanceof DemoSource.Database ? "database" : "file_import"));
        reply = answerQuestions(reply, dataAnswers(source), "the data-source configuration");
        if (!reply.path("text").asString().contains("Wrote data_source.yaml")) {
            throw new DemoFailed("The data-source-advisor did not write data_source.yaml; its last reply: "
                    + reply.path("text").asString());
        }
        if (!reply.path("text").asString().contains("Ran it: snapshot")) {
            // the advisor runs the source itself once every variable it needs is set; otherwise it only says how
            rest("run the data source", "the advisor did not run it (its reply: \"" + reply.path("text").asString()
                    + "\")");
            JsonNode run = post(url("data-ingest-service") + "/api/tasks/" + task + "/data-source/run", "",
                    "application/json");
            step("   snapshot " + run.path("snapshotId").asString() + ": train " + run.path("trainCount").asLong()
                    + ", valid " + run.path("validCount").asLong() + ", test " + run.path("testCount").asLong()
                    + ", classes " + run.path("classDistribution"));
        }
        awaitEvent(task, "DataUpdated", null);
        awaitEvent(task, "DataValidated", null);

        int recommended = get(url("task-service") + "/api/tasks/" + task).path("training").path("epochs").asInt();
        rest("PATCH /api/tasks/" + task + " {\"training\":{\"epochs\":" + V1_EPOCHS + "}} (the recommendation was "
                + recommended + ")", "v1 is deliberately trained briefly, so that underfitting is a true diagnosis "
                + "later; the chat has no command for a single training setting, task-service's API has one");
        JsonNode patched = patch(url("task-service") + "/api/tasks/" + task,
                "{\"training\":{\"epochs\":" + V1_EPOCHS + "}}");
        if (patched.path("training").path("epochs").asInt() != V1_EPOCHS) {
            throw new DemoFailed("task-service did not set training.epochs of " + task + " to " + V1_EPOCHS + ": "
                    + patched);
        }

        step("3. Project generation");
        say("/generate " + task);
        awaitEvent(task, "ProjectGenerated", null);

        step("4. Training v1 on the baseline backend (the in-process classifier): it trains the task's epochs "
                + "whatever the method; the LoRA rank, the LLM learning rate and batch size mean nothing to it, and the "
                + "job log names them as ignored");
        say("/train " + task);
        awaitEvent(task, "TrainingCompleted", "v1");
        awaitEvent(task, "EvaluationReady", "v1");
        awaitEvent(task, "VersionRecorded", "v1", "EvaluationReady");
        awaitEvent(task, "AnalysisCompleted", "v1");

        step("5. Analysis and diagnosis: v1 trained one epoch only, so the person reports underfitting; as the task "
                + "trains on the baseline, the diagnoser offers the fix whose change the baseline applies, more epochs "
                + "(a LoRA-rank fix would train a v2 identical to v1)");
        say("/analyze " + task + " v1");
        reply = say("diagnose " + task + " v1: it trained a single epoch and looks like underfitting");
        reply = answerQuestions(reply, Map.of("task", task), "the diagnosis");
        if (!"confirm".equals(reply.path("question").path("slot").asString(""))) {
            throw new DemoFailed("The problem-diagnoser offered no fix to train v2 with; its reply: "
                    + reply.path("text").asString());
        }

        step("6. v2 with the proposed change, really trained: its score is measured, not assumed");
        reply = say("yes");
        if (!reply.path("text").asString().contains("v2")) {
            throw new DemoFailed("Accepting the fix did not request v2; the coach said: " + reply.path("text").asString());
        }
        awaitEvent(task, "TrainingCompleted", "v2");
        awaitEvent(task, "EvaluationReady", "v2");
        awaitEvent(task, "VersionRecorded", "v2", "EvaluationReady");

        step("7. Comparison of v1 and v2: the coach recommends the better one, v1 when the change did not help");
        String comparison = say("/compare " + task + " v1 v2").path("text").asString();
        String chatPage = url("coach-service") + "/";
        return new Outcome(task, folder, List.copyOf(events), List.copyOf(restCalls), comparison, chatPage);
    }

    /** The goal-clarifier's questions, by the fact each one fills, answered as the demo's person would. */
    static Map<String, String> goalAnswers(String task, DemoSource source) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("business_problem", "Tell happy customers from unhappy ones in our food delivery reviews");
        a.put("current_handling", "two people read the reviews by hand");
        a.put("impact", "unhappy customers get an answer the same day");
        a.put("task_type", "classification");
        a.put("input", "one short customer review");
        a.put("labels", "positive, negative");
        a.put("output", "one label: positive or negative");
        a.put("data_size", String.valueOf(source.rows()));
        a.put("data_origin", source instanceof DemoSource.Database ? "database" : "file_import");
        a.put("compute", "no GPU");
        a.put("deadline", "no deadline");
        a.put("primary_metric", "macro_f1");
        a.put("threshold", "0.80");
        a.put("baseline", "none");
        a.put("iterations", "yes");
        a.put("deploy_target", "huggingface");
        a.put("keep_versions", "3");
        a.put("task_name", task);
        a.put("confirm", "yes");
        return a;
    }

    /** The data-source-advisor's questions, by the setting each one fills. */
    static Map<String, String> dataAnswers(DemoSource source) {
        Map<String, String> a = new LinkedHashMap<>();
        // asked again when the command's own word is not understood ("/data-source t file_import" is not)
        a.put("source_type", source instanceof DemoSource.Database ? "database" : "file_import");
        a.put("labelled_rows", String.valueOf(source.rows()));
        a.put("pipeline", "yes");
        if (source instanceof DemoSource.Database db) {
            a.put("driver", "postgresql");
            a.put("connection", db.host() + ":" + db.port() + "/" + db.database());
            a.put("query", db.query());
        } else if (source instanceof DemoSource.File file) {
            a.put("source_path", "data/raw/reviews.csv");
            a.put("mapping", "text=" + file.textColumn() + ", label=" + file.labelColumn());
        }
        return a;
    }

    /**
     * Answers the agent's questions until it asks none (or asks to confirm an offer). A question asked again after
     * its answer gets "not sure" once (the agent then recommends); a third time fails with the coach's words.
     */
    private JsonNode answerQuestions(JsonNode reply, Map<String, String> answers, String dialogue) {
        Map<String, Integer> asked = new LinkedHashMap<>();
        for (int turn = 0; turn < MAX_TURNS; turn++) {
            JsonNode question = reply.path("question");
            if (question.isMissingNode() || question.isNull()) {
                return reply;
            }
            String slot = question.path("slot").asString();
            if ("confirm".equals(slot) && !answers.containsKey("confirm")) {
                return reply;   // an offer the caller decides on
            }
            int times = asked.merge(slot, 1, Integer::sum);
            String answer = answers.get(slot);
            if (times == 2 && !"confirm".equals(slot)) {
                answer = "not sure";
            } else if (times >= 2 || answer == null) {
                throw new DemoFailed("In " + dialogue + " the coach asked '" + question.path("text").asString()
                        + "' (" + slot + ")" + (answer == null ? ", which the demo has no answer for"
                        : " again after the answer \"" + answers.get(slot) + "\"" + (times > 2 ? " and \"not sure\"" : ""))
                        + "; its reply: " + reply.path("text").asString());
            }
            reply = say(answer);
        }
        throw new DemoFailed(dialogue + " did not end within " + MAX_TURNS + " messages");
    }

    private JsonNode say(String text) {
        out.accept("   you   › " + text);
        JsonNode reply = post(url("coach-service") + "/api/chat/sessions/" + session + "/messages",
                JSON.writeValueAsString(Map.of("text", text)), "application/json");
        String said = reply.path("text").asString();
        String[] lines = said.strip().split("\n");
        int shown = Math.min(lines.length, 8);   // tables in full only in the summary
        for (int i = 0; i < shown; i++) {
            out.accept((i == 0 ? "   coach ‹ " : "           ") + lines[i]);
        }
        if (shown < lines.length) {
            out.accept("           … (" + (lines.length - shown) + " more lines)");
        }
        return reply;
    }

    private void step(String line) {
        out.accept(line);
    }

    private void rest(String what, String why) {
        restCalls.add(what);
        out.accept("   [REST, not chat] " + what + ": " + why);
    }

    private void awaitEvent(String task, String eventType, String version) {
        awaitEvent(task, eventType, version, null);
    }

    /**
     * Polls the coach's activity feed of the task, printing each new item, until the event arrives (after an event
     * of the type {@code after} of the same version, when given: lineage records a version more than once).
     */
    private void awaitEvent(String task, String eventType, String version, String after) {
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        String wanted = eventType + (version == null ? "" : " " + version);
        while (true) {
            JsonNode items = get(url("coach-service") + "/api/activity/" + URLEncoder.encode(task, StandardCharsets.UTF_8));
            boolean found = false;
            boolean started = after == null;
            for (JsonNode item : items) {
                String type = item.path("eventType").asString();
                String v = item.path("version").isNull() ? "" : item.path("version").asString("");
                if (seen.add(item.path("eventId").asString() + type)) {
                    if (!"TrainingProgress".equals(type)) {
                        events.add(type + (v.isEmpty() ? "" : " " + v));
                    }
                    out.accept("   event " + type + (v.isEmpty() ? "" : " " + v) + ": " + item.path("text").asString());
                }
                if ("TrainingFailed".equals(type) && (version == null || version.equals(v))) {
                    throw new DemoFailed("Training of " + task + " " + v + " failed: " + item.path("text").asString());
                }
                boolean sameVersion = version == null || version.equals(v);
                found |= started && type.equals(eventType) && sameVersion;
                started |= type.equals(after) && sameVersion;
            }
            if (found) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new DemoFailed("No " + wanted + " for " + task + " within " + stepTimeout.toSeconds()
                        + " s; events so far: " + events);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DemoFailed("Interrupted while waiting for " + wanted);
            }
        }
    }

    private String url(String service) {
        String u = target.urls().get(service);
        if (u == null) {
            throw new IllegalStateException("No URL for " + service + " in " + target.urls().keySet());
        }
        return u;
    }

    private JsonNode get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private JsonNode post(String url, String body, String contentType) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(5))
                .header("Content-Type", contentType).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode patch(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new DemoFailed(request.method() + " " + request.uri() + " answered " + r.statusCode() + ": "
                        + r.body());
            }
            return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        } catch (IOException e) {
            throw new DemoFailed(request.method() + " " + request.uri() + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("Interrupted: " + request.uri());
        }
    }
}
