package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.TrainingDispatcherApplication;
import io.ftcoach.dispatcher.domain.deploy.Deployed;
import io.ftcoach.dispatcher.domain.deploy.Deployment;
import io.ftcoach.dispatcher.domain.deploy.DeploymentRequest;
import io.ftcoach.dispatcher.domain.deploy.FailureCategory;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.DeploymentFailed;
import io.ftcoach.events.DeploymentFailureCategory;
import io.ftcoach.events.DeploymentRequested;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.schemas.envelope.Envelopes;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.UUID;

/** Translates between deployment events and the domain: requests in, ModelDeployed and DeploymentFailed out. */
public final class DeploymentEvents {

    private DeploymentEvents() {
    }

    public static DeploymentRequest request(DeploymentRequested r) {
        Envelope e = r.getEnvelope();
        return new DeploymentRequest(e.getEventId(), e.getCorrelationId(), e.getOccurredAt(), e.getSource(),
                e.getTaskId(), e.getVersion(), r.getTarget(), r.getForce(), r.getOptions());
    }

    /**
     * One thing deployed, caused by the request (same task, version and correlation). Its eventId derives from the
     * deployment and the location, so an announcement repeated after a failure keeps its id.
     */
    public static ModelDeployed deployed(Deployment d, Deployed what, Clock clock) {
        DeploymentRequest r = d.request();
        Envelope envelope = causedByRequest(r, "model-deployed:" + d.id() + ":" + what.location(), clock);
        return ModelDeployed.newBuilder().setEnvelope(envelope).setTarget(r.target()).setLocation(what.location())
                .setArtifacts(what.artifacts().stream().map(a -> Artifact.newBuilder().setKind(a.kind())
                        .setPath(a.path()).setSha256(a.sha256()).build()).toList())
                .build();
    }

    /**
     * A failed deployment, caused by its request. The problem and fix come from its record, where the deployer has
     * masked every credential already. Its eventId derives from the deployment, so a repeat keeps its id.
     */
    public static DeploymentFailed failed(Deployment d, Clock clock) {
        DeploymentRequest r = d.request();
        FailureCategory category = d.category() == null ? FailureCategory.UNKNOWN : d.category();
        return DeploymentFailed.newBuilder()
                .setEnvelope(causedByRequest(r, "deployment-failed:" + d.id(), clock))
                .setDeploymentId(d.id()).setTarget(r.target())
                .setCategory(DeploymentFailureCategory.valueOf(category.name()))
                .setReason(d.problem() == null ? "The deployment failed." : d.problem())
                .setFix(d.fix() == null ? "" : d.fix())
                .build();
    }

    private static Envelope causedByRequest(DeploymentRequest r, String idSeed, Clock clock) {
        Envelope cause = new Envelope(r.requestEventId(), r.requestedAt(), r.taskId(), r.version(), r.correlationId(),
                null, r.requestedBy());
        Envelope envelope = Envelopes.causedBy(cause, TrainingDispatcherApplication.NAME, clock);
        envelope.setEventId(UUID.nameUUIDFromBytes(idSeed.getBytes(StandardCharsets.UTF_8)).toString());
        return envelope;
    }
}
