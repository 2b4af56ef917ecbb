package io.ftcoach.task.domain;

import io.ftcoach.task.domain.recommend.ModelCatalog;
import io.ftcoach.task.domain.recommend.Recommendation;

import java.util.List;
import java.util.stream.Collectors;

/**
 * task.yaml's {@code training} block (spec §5.1): base model, method, LoRA r/α (absent for full fine-tuning),
 * epochs, learning rate.
 */
public record TrainingConfig(String baseModel, String method, Integer loraR, Integer loraAlpha, int epochs,
                             double learningRate) {

    /** task.yaml's training.method values: §5.1 (sft, lora, orpo, dpo) plus qlora and full from §3.2. */
    public static final List<String> METHODS = List.of("sft", "lora", "qlora", "full", "dpo", "orpo");

    public TrainingConfig {
        if (baseModel == null || baseModel.isBlank()) {
            throw new IllegalArgumentException("training.base_model is required, e.g. Qwen/Qwen3-4B");
        }
        if (!METHODS.contains(method)) {
            throw new IllegalArgumentException("training.method '" + method + "' is not supported; use one of "
                    + String.join(", ", METHODS));
        }
        if (needsLora(method) && (loraR == null || loraAlpha == null)) {
            throw new IllegalArgumentException("training.lora {r, alpha} is required for method " + method);
        }
        if (loraR != null && loraR < 1 || loraAlpha != null && loraAlpha < 1) {
            throw new IllegalArgumentException("training.lora r and alpha must be positive");
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("training.epochs must be at least 1, was " + epochs);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("training.learning_rate must be in (0, 1], was " + learningRate);
        }
    }

    static boolean needsLora(String method) {
        return !method.equals("full") && !method.equals("sft");
    }

    /** The project default: Qwen3-4B, LoRA r32/α64, 8 epochs, lr 1e-5 (spec §3.2 sentiment config, §5.1 example). */
    public static TrainingConfig projectDefault() {
        return new TrainingConfig("Qwen/Qwen3-4B", "lora", 32, 64, 8, 1e-5);
    }

    public static TrainingConfig from(Recommendation r) {
        return new TrainingConfig(r.baseModel(), r.method().yamlName(), r.lora() == null ? null : r.lora().r(),
                r.lora() == null ? null : r.lora().alpha(), r.epochs(), r.learningRate());
    }

    /** The API refuses base models the knowledge base does not know (a hand-edited task.yaml may name others). */
    public TrainingConfig requireKnownBaseModel() {
        requireKnownBaseModel(baseModel);
        return this;
    }

    public static void requireKnownBaseModel(String baseModel) {
        if (ModelCatalog.byId(baseModel).isEmpty()) {
            throw new IllegalArgumentException("training.base_model '" + baseModel + "' is not a known base model; "
                    + "use one of " + ModelCatalog.ALL.stream().map(m -> m.id()).collect(Collectors.joining(", ")));
        }
    }
}
