package io.ftcoach.dispatcher.domain.deploy;

import java.time.Instant;
import java.util.List;

/**
 * One deployment request and how it went; immutable, every transition yields a new one.
 *
 * @param deployed what was put in place (one entry per Hub variant); empty until it succeeds
 * @param category broadly why it failed; null unless failed (and in records written before it was kept)
 * @param problem  what went wrong; null unless failed
 * @param fix      what a person can do about it; null unless failed
 */
public record Deployment(String id, DeploymentState state, DeploymentRequest request, Instant startedAt,
                         Instant finishedAt, List<Deployed> deployed, FailureCategory category,
                         String problem, String fix) {

    public Deployment {
        deployed = deployed == null ? List.of() : List.copyOf(deployed);
    }

    public static Deployment running(String id, DeploymentRequest request, Instant at) {
        return new Deployment(id, DeploymentState.RUNNING, request, at, null, List.of(), null, null, null);
    }

    public Deployment succeed(List<Deployed> what, Instant at) {
        requireRunning();
        return new Deployment(id, DeploymentState.SUCCEEDED, request, startedAt, at, what, null, null, null);
    }

    public Deployment fail(FailureCategory category, String why, String howToFix, Instant at) {
        requireRunning();
        return new Deployment(id, DeploymentState.FAILED, request, startedAt, at, List.of(), category, why, howToFix);
    }

    private void requireRunning() {
        if (state != DeploymentState.RUNNING) {
            throw new IllegalStateException("Deployment " + id + " is " + state.key() + " already");
        }
    }
}
