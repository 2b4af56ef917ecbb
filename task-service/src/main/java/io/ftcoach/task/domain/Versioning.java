package io.ftcoach.task.domain;

import java.util.List;

/** task.yaml's {@code versioning} block (spec §5.1, §6.1); {@code retention} stays as the file has it. */
public record Versioning(String strategy, String naming, String deployTarget) {

    public static final List<String> STRATEGIES = List.of("semantic", "date", "hybrid");
    public static final List<String> DEPLOY_TARGETS = List.of("huggingface", "ollama", "vllm", "api", "local");

    public Versioning {
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("versioning.strategy '" + strategy + "' is not one of " + STRATEGIES);
        }
        if (naming == null || naming.isBlank()) {
            throw new IllegalArgumentException("versioning.naming is required, e.g. {task}-v{n}");
        }
        if (!DEPLOY_TARGETS.contains(deployTarget)) {
            throw new IllegalArgumentException("versioning.deploy_target '" + deployTarget + "' is not one of "
                    + DEPLOY_TARGETS);
        }
    }

    /** Semantic names, model name {task}-v{n}, Hugging Face (spec §6.1). */
    public static Versioning defaults() {
        return new Versioning("semantic", "{task}-v{n}", "huggingface");
    }
}
