package io.ftcoach.task.events;

import io.ftcoach.events.Envelope;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.TaskStatus;
import io.ftcoach.events.TaskUpdated;
import io.ftcoach.events.TrainingConfig;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.task.TaskServiceApplication;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TrainingRequest;

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

    public static TrainingRequested trainingRequested(Task task, TrainingRequest r, Clock clock) {
        TrainingConfig config = TrainingConfig.newBuilder().setBaseModel(r.baseModel()).setMethod(r.method())
                .setLoraRank(r.loraRank()).setLoraAlpha(r.loraAlpha()).setLoraDropout(null)
                .setEpochs(r.epochs()).setLearningRate(r.learningRate()).setBatchSize(r.batchSize()).build();
        return TrainingRequested.newBuilder()
                .setEnvelope(Envelopes.start(TaskServiceApplication.NAME, task.name().value(), r.version(), clock))
                .setParentVersion(r.parentVersion()).setBackend(r.backend() == null ? task.executionBackend() : r.backend())
                .setDataSnapshotId(r.dataSnapshotId()).setConfig(config).setStatedChanges(r.statedChanges()).build();
    }
}
