package io.ftcoach.coach.domain.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's answer: the intent, its slots (names as in intents-sample.yaml: task, from, to, version,
 * source_type, symptom, target), the person's language, and whether it came as a slash command.
 */
public record Route(Intent intent, Map<String, String> slots, Language language, boolean command) {

    public Route {
        slots = Collections.unmodifiableMap(new LinkedHashMap<>(slots));
    }

    public String slot(String name) {
        return slots.get(name);
    }
}
