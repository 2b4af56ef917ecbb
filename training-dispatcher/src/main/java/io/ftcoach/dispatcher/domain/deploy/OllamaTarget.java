package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Deploys a version's GGUF to an Ollama server through its REST API (workflow-spec §1.9 step 4.5, §5.7): writes
 * {@code models/gguf/Modelfile}; pushes the GGUF as a blob unless the server has it
 * ({@code HEAD}/{@code POST /api/blobs/sha256:<digest>}); creates {@code <model>:<v>} with {@code POST /api/create}
 * (files, template, system, parameters: the Modelfile's content as fields); copies it to {@code <model>:latest};
 * then asks it one smoke prompt ({@code POST /api/generate}, not streamed) and records the reply.
 *
 * <p>Options: {@code model_name} (default the task name), {@code quantization} (default q8_0),
 * {@code system_prompt}, {@code smoke_prompt} (default the first test input, filled into the input template).
 */
public final class OllamaTarget implements DeployTarget {

    public static final String NAME = "ollama";
    private static final Pattern MODEL_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*(/[a-z0-9][a-z0-9._-]*)?");

    public record Settings(String url, Duration timeout) {
    }

    private final HttpClient http;
    private final Settings settings;

    public OllamaTarget(HttpClient http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    @Override
    public List<String> secrets() {
        return DeployTarget.secrets(null, settings.url());
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Deployed> deploy(DeploymentRequest request, TaskFacts t) {
        String model = request.option("model_name", t.taskId()).toLowerCase(Locale.ROOT);
        if (!MODEL_NAME.matcher(model).matches()) {
            throw new DeploymentException(FailureCategory.CONFIGURATION,
                    "'" + model + "' is not a name Ollama accepts for a model.",
                    "Use lower-case letters, digits, '.', '_' and '-', e.g. " + t.taskId() + ".");
        }
        String quantization = request.option("quantization", "q8_0").toLowerCase(Locale.ROOT);
        String ggufRelative = ModelFiles.gguf(t.taskId(), t.version(), quantization);
        Path gguf = ModelFiles.requireFile(t, ggufRelative, ModelFiles.ggufFix(t, quantization));
        String ggufName = gguf.getFileName().toString();
        Modelfile modelfile = Modelfile.forTask(t, ggufName, request.option("system_prompt"));
        String modelfilePath = "models/gguf/Modelfile";
        AtomicFiles.writeString(t.dir().resolve(modelfilePath), modelfile.render());

        String base = settings.url().replaceAll("/+$", "");
        RemoteApi api = new RemoteApi(http, "Ollama", settings.timeout(),
                "Start Ollama (ollama serve) or point ftcoach.training-dispatcher.deploy.ollama.url (FTCOACH_OLLAMA_URL)"
                        + " at it; now " + base + ".",
                "Ollama refused the request: check the proxy in front of it lets the training-dispatcher through.");
        String digest = "sha256:" + HubFile.of(ggufName, gguf).sha256();
        URI blob = URI.create(base + "/api/blobs/" + digest);
        HttpResponse<String> has = api.send(api.request(blob).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                "check whether it has the GGUF " + ggufName, "Check the Ollama server's log.", 404);
        List<String> notes = new ArrayList<>();
        if (has.statusCode() == 404) {
            try {
                api.send(api.request(blob).POST(HttpRequest.BodyPublishers.ofFile(gguf)).build(),
                        "receive the GGUF " + ggufName, "Check the Ollama server's disk space and log.");
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + gguf, e);
            }
            notes.add("pushed " + ggufName + " as blob " + digest);
        } else {
            notes.add("Ollama had the blob " + digest + " already");
        }

        String tagged = model + ":" + t.version();
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("model", tagged);
        create.put("files", Map.of(ggufName, digest));
        if (modelfile.template() != null) {
            create.put("template", modelfile.template());
        }
        create.put("system", modelfile.system());
        create.put("parameters", modelfile.parameters());
        create.put("stream", false);
        JsonNode created = api.sendForJson(api.request(URI.create(base + "/api/create")).POST(RemoteApi.json(create))
                        .header("Content-Type", "application/json").build(),
                "create the model " + tagged, "Check that this Ollama is 0.5.5 or newer (it creates models from "
                        + "files and fields) and read its log.");
        if (created.has("error") || !"success".equals(created.path("status").asString("success"))) {
            throw new DeploymentException(FailureCategory.REMOTE_ERROR,
                    "Ollama did not create " + tagged + ": " + created.path("error")
                    .asString(created.path("status").asString()) + ".", "Read the Ollama server's log.");
        }
        api.send(api.request(URI.create(base + "/api/copy"))
                        .POST(RemoteApi.json(Map.of("source", tagged, "destination", model + ":latest")))
                        .header("Content-Type", "application/json").build(),
                "tag " + tagged + " as " + model + ":latest", "Read the Ollama server's log.");

        String prompt = request.option("smoke_prompt", smokePrompt(t));
        JsonNode reply = api.sendForJson(api.request(URI.create(base + "/api/generate"))
                        .POST(RemoteApi.json(Map.of("model", tagged, "prompt", prompt, "stream", false)))
                        .header("Content-Type", "application/json").build(),
                "answer the smoke prompt with " + tagged, "Check that the machine running Ollama has memory for the "
                        + "model; try: ollama run " + tagged + ".");
        String answer = reply.path("response").asString("");
        if (answer.isBlank()) {
            throw new DeploymentException(FailureCategory.REMOTE_ERROR,
                    "The smoke prompt to " + tagged + " came back empty.",
                    "Try it yourself: ollama run " + tagged + " \"" + prompt + "\"; check the TEMPLATE in "
                            + modelfilePath + ".");
        }
        notes.add("created " + tagged + " and " + model + ":latest");
        notes.add("smoke prompt: " + prompt);
        notes.add("smoke reply: " + answer.strip());
        if (!t.labels().isEmpty() && t.labels().stream().noneMatch(answer::contains)) {
            notes.add("the smoke reply names none of the labels " + t.labels() + "; check the SYSTEM prompt");
        }
        notes.add("try it: ollama run " + tagged + " \"" + prompt + "\"");
        return List.of(new Deployed(NAME, tagged, List.of(
                new JobArtifact("ollama_model", "ollama://" + tagged, digest.substring(7)),
                new JobArtifact("modelfile", modelfilePath, HubFile.of("Modelfile", modelfile.render()).sha256())),
                notes));
    }

    /** The first test input filled into the task's input template, or a fixed question when there is none. */
    static String smokePrompt(TaskFacts t) {
        Path test = t.dir().resolve("data/test.jsonl");
        if (Files.isRegularFile(test)) {
            try {
                for (String line : Files.readAllLines(test)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode row = RemoteApi.JSON.readTree(line);
                    String text = row.path("text").asString(row.path("input").asString(""));
                    if (!text.isBlank()) {
                        return IntegrationGuide.fill(t.inputTemplate(), row, text);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable test file only costs the realistic prompt
            }
        }
        return "Hello";
    }
}
