package io.ftcoach.schemas.topics;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.DataRegenerationRequested;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.DataValidated;
import io.ftcoach.events.DeploymentFailed;
import io.ftcoach.events.DeploymentRequested;
import io.ftcoach.events.DiagnosisCompleted;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.EvaluationRequested;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.ProjectGenerated;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.TaskUpdated;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingProgress;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.events.VersionRecorded;
import org.apache.avro.specific.SpecificRecord;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The topic catalogue: the one place that names every topic, the event it carries, who produces and who
 * consumes it. {@code docs/topics.md} is generated from this enum and a test keeps the two equal.
 *
 * <p>Every topic is keyed by task id so one task's events stay in order. Retention is unlimited for the
 * facts that lineage and the task list are rebuilt from; only progress ticks expire.
 */
public enum Topic {

    TASK_CREATED("ftcoach.task-created", TaskCreated.class, "task-service",
            List.of("data-ingest-service", "lineage-service", "coach-service")),
    TASK_UPDATED("ftcoach.task-updated", TaskUpdated.class, "task-service",
            List.of("coach-service")),
    PROJECT_GENERATED("ftcoach.project-generated", ProjectGenerated.class, "task-service",
            List.of("coach-service")),
    DATA_REGENERATION_REQUESTED("ftcoach.data-regeneration-requested", DataRegenerationRequested.class, "task-service",
            List.of("data-ingest-service")),
    DATA_UPDATED("ftcoach.data-updated", DataUpdated.class, "data-ingest-service",
            List.of("data-ingest-service", "lineage-service", "coach-service")),
    DATA_VALIDATED("ftcoach.data-validated", DataValidated.class, "data-ingest-service",
            List.of("task-service", "coach-service")),
    TRAINING_REQUESTED("ftcoach.training-requested", TrainingRequested.class, "task-service",
            List.of("training-dispatcher", "data-ingest-service", "lineage-service", "coach-service")),
    TRAINING_STARTED("ftcoach.training-started", TrainingStarted.class, "training-dispatcher",
            List.of("task-service", "coach-service")),
    TRAINING_PROGRESS("ftcoach.training-progress", TrainingProgress.class, "training-dispatcher",
            List.of("coach-service"), 3, Duration.ofDays(7)),
    TRAINING_COMPLETED("ftcoach.training-completed", TrainingCompleted.class, "training-dispatcher",
            List.of("data-ingest-service", "lineage-service", "coach-service")),
    TRAINING_FAILED("ftcoach.training-failed", TrainingFailed.class, "training-dispatcher",
            List.of("task-service", "coach-service")),
    EVALUATION_REQUESTED("ftcoach.evaluation-requested", EvaluationRequested.class, "task-service",
            List.of("training-dispatcher")),
    EVALUATION_READY("ftcoach.evaluation-ready", EvaluationReady.class, "training-dispatcher",
            List.of("task-service", "lineage-service", "coach-service")),
    VERSION_RECORDED("ftcoach.version-recorded", VersionRecorded.class, "lineage-service",
            List.of("task-service", "coach-service")),
    ANALYSIS_COMPLETED("ftcoach.analysis-completed", AnalysisCompleted.class, "coach-service",
            List.of("lineage-service")),
    DIAGNOSIS_COMPLETED("ftcoach.diagnosis-completed", DiagnosisCompleted.class, "coach-service",
            List.of("lineage-service")),
    DEPLOYMENT_REQUESTED("ftcoach.deployment-requested", DeploymentRequested.class, "task-service",
            List.of("training-dispatcher")),
    MODEL_DEPLOYED("ftcoach.model-deployed", ModelDeployed.class, "training-dispatcher",
            List.of("task-service", "lineage-service", "coach-service")),
    // the task's status stays what it was (trained or evaluated), so only the coach tells the person
    DEPLOYMENT_FAILED("ftcoach.deployment-failed", DeploymentFailed.class, "training-dispatcher",
            List.of("coach-service"));

    /** Suffix of the dead-letter topic that every topic has. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";
    /** The record key of every topic. */
    public static final String KEY = "task id (kebab-case task name)";
    /** Partitions of every topic unless stated; 3 lets a consumer group scale to three members. */
    public static final int DEFAULT_PARTITIONS = 3;
    /** Dead letters are kept for 30 days: long enough to notice, inspect and replay. */
    public static final Duration DEAD_LETTER_RETENTION = Duration.ofDays(30);

    private final String topicName;
    private final Class<? extends SpecificRecord> eventType;
    private final String producer;
    private final List<String> consumers;
    private final int partitions;
    private final Duration retention;

    Topic(String topicName, Class<? extends SpecificRecord> eventType, String producer, List<String> consumers) {
        this(topicName, eventType, producer, consumers, DEFAULT_PARTITIONS, null);
    }

    Topic(String topicName, Class<? extends SpecificRecord> eventType, String producer, List<String> consumers,
          int partitions, Duration retention) {
        this.topicName = topicName;
        this.eventType = eventType;
        this.producer = producer;
        this.consumers = List.copyOf(consumers);
        this.partitions = partitions;
        this.retention = retention;
    }

    public String topicName() {
        return topicName;
    }

    public String deadLetterTopicName() {
        return topicName + DEAD_LETTER_SUFFIX;
    }

    public Class<? extends SpecificRecord> eventType() {
        return eventType;
    }

    /** Event type name as it appears in CloudEvents {@code ce_type} and in the docs, e.g. {@code TaskCreated}. */
    public String eventName() {
        return eventType.getSimpleName();
    }

    public String producer() {
        return producer;
    }

    public List<String> consumers() {
        return consumers;
    }

    public int partitions() {
        return partitions;
    }

    /** Retention; empty means kept forever (read models are rebuilt from these topics). */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    /** {@code retention.ms} as Kafka expects it: -1 for unlimited. */
    public long retentionMs() {
        return retention == null ? -1L : retention.toMillis();
    }

    /** Registry subject under the default TopicNameStrategy. */
    public String valueSubject() {
        return topicName + "-value";
    }

    public static Topic forEvent(Class<? extends SpecificRecord> eventType) {
        return Arrays.stream(values()).filter(t -> t.eventType.equals(eventType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "No topic carries " + eventType.getName() + "; add it to " + Topic.class.getName()));
    }

    public static Optional<Topic> forTopicName(String topicName) {
        return Arrays.stream(values()).filter(t -> t.topicName.equals(topicName)).findFirst();
    }

    public static List<Topic> consumedBy(String service) {
        return Arrays.stream(values()).filter(t -> t.consumers.contains(service)).toList();
    }

    public static List<Topic> producedBy(String service) {
        return Arrays.stream(values()).filter(t -> t.producer.equals(service)).toList();
    }
}
