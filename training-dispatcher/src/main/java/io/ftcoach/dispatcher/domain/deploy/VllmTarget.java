package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Deploys a version for vLLM (workflow-spec §5.7): the {@code vllm serve} command (the merged model; or the base
 * model with {@code --enable-lora --lora-modules <name>=<adapter>} for an adapter) and OpenAI-compatible examples
 * (cURL and Python) in the task's integration guide, in the version's own section. When a running vLLM endpoint is
 * configured (or named by the request), one smoke call to its {@code /v1/chat/completions} must answer.
 *
 * <p>Options: {@code variant} (merged or adapter; default merged when {@code models/merged/<v>} exists),
 * {@code model} (what to serve instead of the local folder, e.g. the Hub repository), {@code port} (default 8000),
 * {@code endpoint} (a running vLLM to smoke-test), {@code system_prompt}, {@code smoke_prompt}.
 */
public final class VllmTarget implements DeployTarget {

    public static final String NAME = "vllm";

    /**
     * @param endpoint a running vLLM's base URL (without /v1) to smoke-test; blank for none
     * @param apiKey   the key that vLLM was started with ({@code --api-key}), from VLLM_API_KEY; never logged
     */
    public record Settings(String endpoint, String apiKey, Duration timeout) {
        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", apiKey=" + (apiKey == null || apiKey.isBlank() ? "none" : "****")
                    + "]";
        }
    }

    private final HttpClient http;
    private final Settings settings;

    public VllmTarget(HttpClient http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> secrets() {
        return DeployTarget.secrets(settings.apiKey(), settings.endpoint());
    }

    @Override
    public List<Deployed> deploy(DeploymentRequest request, TaskFacts t) {
        String variant = request.option("variant", Files.isDirectory(t.dir().resolve(ModelFiles.mergedDir(t.version())))
                ? "merged" : "adapter").toLowerCase(Locale.ROOT);
        String port = request.option("port", "8000");
        if (!port.matches("\\d{1,5}")) {
            throw new DeploymentException(FailureCategory.CONFIGURATION,
                    "Port '" + port + "' is not a port number.", "Use e.g. 8000.");
        }
        String served = t.modelName();
        List<String> command = new ArrayList<>(List.of("vllm", "serve"));
        List<JobArtifact> artifacts = new ArrayList<>();
        switch (variant) {
            case "merged" -> {
                String model = request.option("model");
                if (model == null) {
                    ModelFiles.filesIn(t, ModelFiles.mergedDir(t.version()), ModelFiles.mergeFix(t));
                    model = ModelFiles.mergedDir(t.version());
                }
                command.addAll(List.of(model, "--served-model-name", served));
            }
            case "adapter" -> {
                String adapter = request.option("model");
                if (adapter == null) {
                    ModelFiles.filesIn(t, ModelFiles.adapterDir(t.version()), ModelFiles.adapterFix(t));
                    adapter = ModelFiles.adapterDir(t.version());
                }
                if (t.baseModel() == null) {
                    throw new DeploymentException(FailureCategory.CONFIGURATION,
                            "Task '" + t.taskId() + "' names no base model, which vLLM needs "
                            + "to serve an adapter.", "Set training.base_model in task.yaml, or deploy the merged model.");
                }
                command.addAll(List.of(t.baseModel(), "--enable-lora", "--lora-modules", served + "=" + adapter));
                String rank = t.training("lora.r");
                // vLLM refuses adapters above its --max-lora-rank (16 by default)
                if (rank != null && rank.matches("\\d+") && Integer.parseInt(rank) > 16) {
                    command.addAll(List.of("--max-lora-rank", rank));
                }
            }
            default -> throw new DeploymentException(FailureCategory.CONFIGURATION,
                    "vLLM variant '" + variant + "' is not one this deployment knows.",
                    "Use merged (the merged model) or adapter (the base model with the LoRA adapter).");
        }
        command.addAll(List.of("--port", port));
        String serve = String.join(" ", command.stream().map(VllmTarget::shellQuote).toList());

        String system = Modelfile.systemPrompt(t, request.option("system_prompt"));
        String prompt = request.option("smoke_prompt", OllamaTarget.smokePrompt(t));
        String local = "http://localhost:" + port;
        IntegrationGuide.writeSection(t.dir(), t.taskId(), NAME, t.version(),
                guide(t, variant, serve, served, local, system, prompt));
        artifacts.add(new JobArtifact("integration_guide", IntegrationGuide.PATH, null));

        List<String> notes = new ArrayList<>();
        notes.add("serve it: cd " + t.taskId() + " && " + serve);
        String endpoint = request.option("endpoint", settings.endpoint() == null || settings.endpoint().isBlank()
                ? null : settings.endpoint());
        String location = local + "/v1";
        if (endpoint != null) {
            endpoint = endpoint.replaceAll("/+$", "").replaceAll("/v1$", "");
            String answer = smoke(endpoint, served, system, prompt, t.qwen3());
            notes.add("smoke reply from " + endpoint + ": " + answer.strip());
            location = endpoint + "/v1";
        }
        artifacts.add(new JobArtifact("vllm_endpoint", location, null));
        return List.of(new Deployed(NAME, location, artifacts, notes));
    }

    private String smoke(String endpoint, String model, String system, String prompt, boolean qwen3) {
        RemoteApi api = new RemoteApi(http, "vLLM", settings.timeout(),
                "Start vLLM with the serve command in " + IntegrationGuide.PATH + ", or correct the endpoint "
                        + "(FTCOACH_VLLM_ENDPOINT or the request option endpoint), now " + endpoint + ".",
                "vLLM refused the API key: set VLLM_API_KEY to the key vLLM was started with (--api-key).");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", model);
        body.put("messages", List.of(Map.of("role", "system", "content", system),
                Map.of("role", "user", "content", prompt)));
        body.put("temperature", 0);
        body.put("max_tokens", 50);
        if (qwen3) {
            body.put("chat_template_kwargs", Map.of("enable_thinking", false));
        }
        HttpRequest.Builder post = api.request(URI.create(endpoint + "/v1/chat/completions"))
                .POST(RemoteApi.json(body)).header("Content-Type", "application/json");
        if (settings.apiKey() != null && !settings.apiKey().isBlank()) {
            post.header("Authorization", "Bearer " + settings.apiKey());
        }
        JsonNode reply = api.sendForJson(post.build(), "answer the smoke prompt with " + model,
                "Check that vLLM serves the model under the name " + model + " (--served-model-name or "
                        + "--lora-modules " + model + "=…); GET " + endpoint + "/v1/models lists what it serves.");
        String answer = reply.path("choices").path(0).path("message").path("content").asString("");
        if (answer.isBlank()) {
            throw new DeploymentException(FailureCategory.REMOTE_ERROR,
                    "vLLM at " + endpoint + " answered the smoke prompt with no content.",
                    "Check its log and the chat template of the served model.");
        }
        return answer;
    }

    static String guide(TaskFacts t, String variant, String serve, String served, String local, String system,
                        String prompt) {
        String kwargs = t.qwen3() ? ",\n    \"chat_template_kwargs\": {\"enable_thinking\": false}" : "";
        String pyKwargs = t.qwen3() ? ",\n        \"chat_template_kwargs\": {\"enable_thinking\": False}" : "";
        StringBuilder md = new StringBuilder();
        md.append("## vLLM — ").append(t.version()).append("\n\n");
        md.append("| | |\n|---|---|\n| model | ").append(served).append(" |\n| variant | ").append(variant)
                .append(" |\n| base model | ").append(t.baseModel() == null ? "–" : t.baseModel()).append(" |\n");
        JsonNode m = t.results().path("metrics");
        for (String k : List.of("macro_f1", "accuracy")) {
            if (m.path(k).isNumber()) {
                md.append("| ").append(k).append(" | ").append(String.format(Locale.ROOT, "%.4f", m.path(k).asDouble()))
                        .append(" |\n");
            }
        }
        md.append("\nStart the server in the task folder:\n\n```bash\n").append(serve).append("\n```\n\n");
        if (!t.labels().isEmpty()) {
            md.append("The model answers with one label: ").append(String.join(", ", t.labels())).append(".\n\n");
        }
        md.append("Recommended system prompt: `").append(system).append("`\n\n");
        md.append("cURL:\n\n```bash\ncurl ").append(local).append("/v1/chat/completions \\\n")
                .append("  -H 'Content-Type: application/json' \\\n  -d '")
                .append(("{\n    \"model\": \"" + served + "\",\n    \"messages\": [\n      {\"role\": \"system\", "
                        + "\"content\": " + jsonString(system) + "},\n      {\"role\": \"user\", \"content\": "
                        + jsonString(prompt) + "}\n    ],\n    \"temperature\": 0,\n    \"max_tokens\": 50" + kwargs
                        + "\n  }").replace("'", "'\\''"))
                .append("'\n```\n\n");
        md.append("Python (requests):\n\n```python\nimport requests\n\nreply = requests.post(\n    \"").append(local)
                .append("/v1/chat/completions\",\n    json={\n        \"model\": \"").append(served)
                .append("\",\n        \"messages\": [\n            {\"role\": \"system\", \"content\": ")
                .append(jsonString(system)).append("},\n            {\"role\": \"user\", \"content\": ")
                .append(jsonString(prompt)).append("},\n        ],\n        \"temperature\": 0,\n")
                .append("        \"max_tokens\": 50").append(pyKwargs).append(",\n    },\n    timeout=60,\n)\n")
                .append("print(reply.json()[\"choices\"][0][\"message\"][\"content\"])\n```\n");
        if (t.qwen3()) {
            md.append("\nQwen3 thinks aloud by default; `enable_thinking: false` keeps the answer to the label.\n");
        }
        return md.toString();
    }

    private static String jsonString(String s) {
        return RemoteApi.JSON.writeValueAsString(s);
    }

    private static String shellQuote(String s) {
        return s.matches("[A-Za-z0-9._/=:@-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
