package io.ftcoach.infra.registry.core;

import java.util.List;

/** Result of a compatibility test: whether the schema may be registered and, if not, each problem. */
public record CompatibilityReport(boolean compatible, CompatibilityLevel level, List<String> messages) {

    public CompatibilityReport {
        messages = List.copyOf(messages);
    }
}
