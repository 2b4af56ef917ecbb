package io.ftcoach.dispatcher.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The backends this build provides, by name (the configuration registers every TrainingBackend bean here). */
public final class Backends {

    /** The backends the platform is designed for (ARCHITECTURE.md §5). */
    public static final List<String> PLANNED = List.of("baseline", "local", "ssh", "kubernetes", "skypilot");

    private final Map<String, TrainingBackend> byName = new LinkedHashMap<>();

    public Backends(List<? extends TrainingBackend> backends) {
        for (TrainingBackend b : backends) {
            TrainingBackend previous = byName.putIfAbsent(b.name(), b);
            if (previous != null) {
                throw new IllegalStateException("Two training backends are named '" + b.name() + "': "
                        + previous.getClass().getName() + " and " + b.getClass().getName());
            }
        }
    }

    public Optional<TrainingBackend> find(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public List<String> names() {
        return new ArrayList<>(byName.keySet());
    }

    /** Why a job for {@code name} cannot run, in words a person can act on. */
    public String unavailableReason(String name) {
        if (!PLANNED.contains(name)) {
            return "Backend '" + name + "' is not a training backend: choose one of " + String.join(", ", PLANNED)
                    + " as the task's execution backend or in the training request.";
        }
        if (byName.isEmpty()) {
            return "Backend '" + name + "' is not available in this build yet: the training backends ("
                    + String.join(", ", PLANNED) + ") are not installed. Nothing was trained; request the training "
                    + "again once a build with training backends is deployed.";
        }
        return "Backend '" + name + "' is not available in this build, which provides " + String.join(", ", names())
                + ". Nothing was trained; choose one of those in the training request.";
    }
}
