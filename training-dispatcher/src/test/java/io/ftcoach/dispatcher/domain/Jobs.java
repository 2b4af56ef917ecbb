package io.ftcoach.dispatcher.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Requests for tests. */
final class Jobs {

    private Jobs() {
    }

    static JobRequest request(String backend) {
        return new JobRequest(UUID.randomUUID().toString(), UUID.randomUUID().toString(),
                Instant.parse("2026-11-25T10:00:00Z"), "task-service", "entity-sentiment", "v2", "v1", backend,
                "ab".repeat(32), new TrainingSettings("Qwen/Qwen3-4B", "lora", 32, 64, 0.05, 8, 1e-5, 4,
                Map.of("max_seq_length", "2048")), List.of("more neutral rows"), false, 3600L);
    }
}
