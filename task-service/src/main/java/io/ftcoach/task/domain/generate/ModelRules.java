package io.ftcoach.task.domain.generate;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a base model needs in the generated training code (spec §5.4): Qwen3's chat template must be rendered with
 * {@code enable_thinking=False} (otherwise every answer starts with a reasoning block the labels never had);
 * models whose architecture Transformers does not ship need {@code trust_remote_code}; LoRA targets the
 * projection layers the architecture names. A model the rules do not know gets the spec's default
 * (trust_remote_code on) and PEFT's {@code all-linear}.
 */
public record ModelRules(String family, boolean trustRemoteCode, Map<String, Object> chatTemplateKwargs,
                         Object targetModules) {

    static final List<String> LLAMA_STYLE = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj",
            "down_proj");

    public static ModelRules forModel(String baseModel) {
        String id = baseModel.toLowerCase(Locale.ROOT);
        if (id.startsWith("qwen/qwen3")) {
            return new ModelRules("qwen3", false, Map.of("enable_thinking", false), LLAMA_STYLE);
        }
        if (id.contains("deepseek-r1-distill-qwen") || id.startsWith("qwen/")) {
            return new ModelRules("qwen2", false, Map.of(), LLAMA_STYLE);
        }
        if (id.startsWith("meta-llama/")) {
            return new ModelRules("llama", false, Map.of(), LLAMA_STYLE);
        }
        if (id.startsWith("microsoft/phi-4")) {
            // the Hub repo ships its own modelling code; fused qkv and gate_up projections
            return new ModelRules("phi3", true, Map.of(), List.of("qkv_proj", "o_proj", "gate_up_proj", "down_proj"));
        }
        if (id.startsWith("deepseek-ai/deepseek-v3")) {
            return new ModelRules("deepseek_v3", true, Map.of(),
                    List.of("q_a_proj", "q_b_proj", "kv_a_proj_with_mqa", "kv_b_proj", "o_proj"));
        }
        return new ModelRules("unknown", true, Map.of(), "all-linear");
    }
}
