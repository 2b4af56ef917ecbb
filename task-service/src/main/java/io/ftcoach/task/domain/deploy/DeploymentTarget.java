package io.ftcoach.task.domain.deploy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a version goes (spec §1.9 step 2): Hugging Face (adapter, merged model for vLLM, GGUF for Ollama, dataset),
 * local Ollama or a vLLM server. Options are plain settings; a secret never travels in an event, so option names
 * that look like one are refused.
 */
public record DeploymentTarget(String target, List<String> artifacts, Map<String, String> options) {

    public static final List<String> TARGETS = List.of("huggingface", "ollama", "vllm");
    public static final List<String> HF_ARTIFACTS = List.of("adapter", "merged", "gguf", "dataset");
    public static final List<String> QUANTIZATIONS = List.of("q8_0", "q4_k_m", "f16");
    private static final Set<String> OPTION_KEYS = Set.of("org", "prefix", "quantization", "model_name", "port",
            "system_prompt", "revision");

    public DeploymentTarget {
        artifacts = List.copyOf(artifacts);
        options = Map.copyOf(options);
    }

    /** @throws IllegalArgumentException naming the field and what it accepts */
    public static DeploymentTarget of(String target, List<String> artifacts, Map<String, String> options) {
        // spec §1.9 [H] calls local Ollama "local"
        target = "local".equalsIgnoreCase(target) ? "ollama" : target;
        if (target == null || !TARGETS.contains(target.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("target '" + target + "' is not one of " + String.join(", ", TARGETS)
                    + " (local = ollama; Hugging Face takes artifacts adapter, merged, gguf, dataset)");
        }
        String t = target.toLowerCase(Locale.ROOT);
        List<String> chosen = new ArrayList<>();
        if (t.equals("huggingface")) {
            for (String a : artifacts == null || artifacts.isEmpty() ? List.of("adapter") : artifacts) {
                if (!HF_ARTIFACTS.contains(a)) {
                    throw new IllegalArgumentException("artifact '" + a + "' is not one of " + String.join(", ", HF_ARTIFACTS));
                }
                if (!chosen.contains(a)) {
                    chosen.add(a);
                }
            }
        } else if (artifacts != null && !artifacts.isEmpty()) {
            throw new IllegalArgumentException("artifacts apply to target huggingface only; " + t + " deploys "
                    + (t.equals("ollama") ? "the GGUF model" : "the merged model"));
        } else {
            chosen.add(t.equals("ollama") ? "gguf" : "merged");
        }
        Map<String, String> opts = new LinkedHashMap<>();
        if (options != null) {
            for (Map.Entry<String, String> e : options.entrySet()) {
                String key = e.getKey().toLowerCase(Locale.ROOT);
                if (key.contains("token") || key.contains("password") || key.contains("secret") || key.contains("key")) {
                    throw new IllegalArgumentException("option '" + e.getKey() + "' looks like a secret; secrets are "
                            + "never sent in a request: set HF_TOKEN (or the target's variable) where the deployment runs");
                }
                if (!OPTION_KEYS.contains(key)) {
                    throw new IllegalArgumentException("option '" + e.getKey() + "' is not known; use "
                            + String.join(", ", OPTION_KEYS.stream().sorted().toList()));
                }
                opts.put(key, e.getValue());
            }
        }
        String q = opts.get("quantization");
        if (q != null && !QUANTIZATIONS.contains(q)) {
            throw new IllegalArgumentException("option quantization '" + q + "' is not one of "
                    + String.join(", ", QUANTIZATIONS) + " (q8_0 recommended)");
        }
        return new DeploymentTarget(t, chosen, opts);
    }

    /** The event's options: the settings plus the artefacts, comma-separated. */
    public Map<String, String> eventOptions() {
        Map<String, String> out = new LinkedHashMap<>(options);
        out.put("artifacts", String.join(",", artifacts));
        return out;
    }
}
