package io.ftcoach.task.events;

import io.ftcoach.events.Artifact;
import io.ftcoach.events.DeploymentRequested;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.ProjectGenerated;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.TaskStatus;
import io.ftcoach.events.TaskUpdated;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.task.TaskServiceApplication;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TrainingRequest;
import io.ftcoach.task.domain.deploy.DeploymentTarget;
import io.ftcoach.task.domain.versions.VersionPlan;
import io.ftcoach.task.domain.generate.GeneratedFile;
import io.ftcoach.task.domain.generate.ProjectFolder;

import java.time.Clock;
import java.util.List;

/** Turns domain facts into the events other services read. */
public final class TaskEvents {

    private TaskEvents() {
    }

    public static TaskCreated created(Task task, Clock clock) {
        return TaskCreated.newBuilder()
                .setEnvelope(Envelopes.start(TaskServiceApplication.NAME, task.name().value(), null, clock))
                .setTaskType(task.taskType()).setDomain(task.domain()).setLanguage(task.language()).setLabels(task.labels())
                .setPrimaryMetric(task.successCriteria().primaryMetric())
                .setThreshold(task.successCriteria().threshold())
                .setExecutionBackend(task.executionBackend()).setTaskPath(task.name().value()).build();
    }

    public static TaskUpdated updated(Task task, Envelope cause, List<String> changedFields, String reason, Clock clock) {
        Envelope envelope = cause == null
                ? Envelopes.start(TaskServiceApplication.NAME, task.name().value(), task.activeVersion(), clock)
                : Envelopes.causedBy(cause, TaskServiceApplication.NAME, task.activeVersion(), clock);
        return TaskUpdated.newBuilder().setEnvelope(envelope)
                .setStatus(TaskStatus.valueOf(task.status().name())).setActiveVersion(task.activeVersion())
                .setChangedFields(changedFields).setReason(reason).build();
    }

    public static TrainingRequested trainingRequested(Task task, VersionPlan plan, TrainingRequest r, Clock clock) {
        io.ftcoach.task.domain.TrainingConfig c = plan.config();
        TrainingConfig config = TrainingConfig.newBuilder().setBaseModel(c.baseModel()).setMethod(c.method())
                .setLoraRank(c.loraR()).setLoraAlpha(c.loraAlpha()).setLoraDropout(c.loraR() == null ? null : 0.05)
                .setEpochs(c.epochs()).setLearningRate(c.learningRate()).setBatchSize(plan.batchSize()).build();
        return TrainingRequested.newBuilder()
                .setEnvelope(Envelopes.start(TaskServiceApplication.NAME, task.name().value(), plan.version(), clock))
                .setParentVersion(plan.parent()).setBackend(plan.backend())
                .setDataSnapshotId(plan.dataSnapshotId()).setConfig(config).setStatedChanges(r.statedChanges())
                .setResumeFromCheckpoint(Boolean.TRUE.equals(r.resumeFromCheckpoint())).build();
    }

    public static DeploymentRequested deploymentRequested(Task task, String version, DeploymentTarget target,
                                                          boolean force, Clock clock) {
        return DeploymentRequested.newBuilder()
                .setEnvelope(Envelopes.start(TaskServiceApplication.NAME, task.name().value(), version, clock))
                .setTarget(target.target()).setForce(force).setOptions(target.eventOptions()).build();
    }

    public static ProjectGenerated projectGenerated(Task task, ProjectFolder.Generated generated, Clock clock) {
        List<Artifact> files = generated.files().stream().map(f -> Artifact.newBuilder().setKind(kind(f))
                .setPath(f.path()).setSha256(f.sha256()).build()).toList();
        return ProjectGenerated.newBuilder()
                .setEnvelope(Envelopes.start(TaskServiceApplication.NAME, task.name().value(), task.activeVersion(), clock))
                .setFiles(files).setTaskYamlSha256(generated.taskYamlSha256()).build();
    }

    private static String kind(GeneratedFile f) {
        if (f.path().startsWith("scripts/")) {
            return "script";
        }
        return f.path().startsWith("configs/") ? "config" : "doc";
    }
}
