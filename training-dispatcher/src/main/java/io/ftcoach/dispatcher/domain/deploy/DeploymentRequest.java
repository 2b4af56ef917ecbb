package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.support.workspace.TaskName;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A request to deploy one version to one target, with what is needed to answer it after a restart: the requesting
 * event's id, time, source and correlation, so every event about it names its cause.
 *
 * @param target  huggingface, ollama or vllm
 * @param force   deploy although the version missed its success criteria
 * @param options per-target settings, documented on each {@link DeployTarget}; e.g. {@code variant}, {@code org}
 */
public record DeploymentRequest(String requestEventId, String correlationId, Instant requestedAt, String requestedBy,
                                String taskId, String version, String target, boolean force,
                                Map<String, String> options) {

    public DeploymentRequest {
        TaskName.of(taskId);
        if (requestEventId == null || requestEventId.isBlank() || correlationId == null || correlationId.isBlank()) {
            throw new IllegalArgumentException("A deployment request needs its event id and correlation id");
        }
        target = target == null ? "" : target.trim().toLowerCase(Locale.ROOT);
        options = options == null ? Map.of() : new TreeMap<>(options);
    }

    /** The option, trimmed; null when absent or blank. */
    public String option(String key) {
        String v = options.get(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String option(String key, String fallback) {
        String v = option(key);
        return v == null ? fallback : v;
    }
}
