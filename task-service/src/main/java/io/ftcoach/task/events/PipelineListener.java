package io.ftcoach.task.events;

import io.ftcoach.events.DataValidated;
import io.ftcoach.events.Envelope;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.task.domain.LifecycleStatus;
import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TaskRepository;
import io.ftcoach.task.domain.versions.VersionEntry;
import io.ftcoach.task.domain.versions.VersionHistory;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The task's lifecycle follows the pipeline: training started, failed, evaluated, version recorded. */
@Component
public class PipelineListener {

    private static final Logger log = LoggerFactory.getLogger(PipelineListener.class);

    private final TaskRepository tasks;
    private final EventPublisher publisher;
    private final Clock clock;
    private final VersionHistory history;

    public PipelineListener(TaskRepository tasks, EventPublisher publisher, Clock clock, VersionHistory history) {
        this.tasks = tasks;
        this.publisher = publisher;
        this.clock = clock;
        this.history = history;
    }

    @KafkaListener(id = "task-service-pipeline", idIsGroup = false, topics = {
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_STARTED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_FAILED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).EVALUATION_READY.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).VERSION_RECORDED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).DATA_VALIDATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).MODEL_DEPLOYED.topicName()}"})
    public void on(IndexedRecord event) {
        Envelope envelope = Envelopes.of(event).orElseThrow();
        Task task = tasks.find(TaskName.of(envelope.getTaskId())).orElse(null);
        if (task == null) {
            log.warn("{} for unknown task '{}' ignored", event.getSchema().getName(), envelope.getTaskId());
            return;
        }
        recordInHistory(task, envelope, event);
        if (task.status() == LifecycleStatus.ARCHIVED) {
            log.info("{} for archived task '{}' does not change it", event.getSchema().getName(), envelope.getTaskId());
            return;
        }
        UnaryOperator<Task> change;
        List<String> changed;
        if (event instanceof TrainingStarted) {
            change = t -> t.withStatus(LifecycleStatus.TRAINING, clock.instant());
            changed = List.of("status");
        } else if (event instanceof TrainingFailed) {
            change = t -> t.withStatus(LifecycleStatus.CONFIGURING, clock.instant());
            changed = List.of("status");
        } else if (event instanceof EvaluationReady) {
            change = t -> t.withStatus(LifecycleStatus.EVALUATING, clock.instant());
            changed = List.of("status");
        } else if (event instanceof DataValidated && task.status() == LifecycleStatus.CREATED) {
            // data in place and checked: the task moves on to being configured for training
            change = t -> t.status() == LifecycleStatus.CREATED ? t.withStatus(LifecycleStatus.CONFIGURING, clock.instant()) : t;
            changed = List.of("status");
        } else if (event instanceof ModelDeployed) {
            change = t -> t.withStatus(LifecycleStatus.DEPLOYED, clock.instant());
            changed = List.of("status");
        } else if (event instanceof VersionRecorded && task.activeVersion() == null) {
            // the first recorded version becomes active; later ones are adopted by a person or the coach
            change = t -> t.activeVersion() == null ? t.withActiveVersion(envelope.getVersion(), clock.instant()) : t;
            changed = List.of("version");
        } else {
            return;
        }
        // applied to the file as it is now, under the repository's lock, so a concurrent PATCH is not overwritten
        Task updated = tasks.update(task.name(), change).orElse(null);
        if (updated == null) {
            return;
        }
        publisher.publishAndWait(TaskEvents.updated(updated, envelope, changed,
                event.getSchema().getName() + " " + (envelope.getVersion() == null ? "" : envelope.getVersion()), clock));
    }

    /** The version history follows every event, archived task or not: it is what the task's page shows. */
    private void recordInHistory(Task task, Envelope envelope, IndexedRecord event) {
        String version = envelope.getVersion();
        if (version == null) {
            return;
        }
        VersionEntry fresh = new VersionEntry(version, null, "requested", null, null, null, null, List.of(), null,
                Map.of(), null, null);
        if (event instanceof TrainingStarted) {
            history.update(task.name(), version, fresh,
                    v -> "requested".equals(v.status()) || "failed".equals(v.status()) ? v.withStatus("training") : v);
        } else if (event instanceof TrainingFailed f) {
            history.update(task.name(), version, fresh, v -> v.withFailure(f.getCategory() + ": " + f.getReason()));
        } else if (event instanceof EvaluationReady e && "test".equals(e.getSplit())) {
            Map<String, Double> metrics = new LinkedHashMap<>(e.getMetrics());
            metrics.putIfAbsent("accuracy", e.getAccuracy());
            metrics.putIfAbsent("macro_f1", e.getMacroF1());
            history.update(task.name(), version, fresh, v -> v.withMetrics(metrics, envelope.getOccurredAt().toString()));
        } else if (event instanceof VersionRecorded r) {
            history.update(task.name(), version, fresh, v -> v.recorded(r.getParentVersion(), r.getChanges()));
        }
    }
}
