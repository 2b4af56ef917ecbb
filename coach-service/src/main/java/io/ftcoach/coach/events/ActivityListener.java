package io.ftcoach.coach.events;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.ActivityItem;
import io.ftcoach.events.Envelope;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.support.workspace.TaskName;
import org.apache.avro.generic.IndexedRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Feeds every pipeline event the coach hears into the task's activity feed. EvaluationReady is not here: the
 * result-analyzer's listener owns that topic (one listener per topic, since listeners share the consumer group).
 */
@Component
public class ActivityListener {

    private final ActivityFeed feed;

    public ActivityListener(ActivityFeed feed) {
        this.feed = feed;
    }

    @KafkaListener(id = "coach-service-activity", idIsGroup = false, topics = {
            "#{T(io.ftcoach.schemas.topics.Topic).TASK_CREATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TASK_UPDATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).PROJECT_GENERATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).DATA_UPDATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).DATA_VALIDATED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_REQUESTED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_STARTED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_PROGRESS.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_COMPLETED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).TRAINING_FAILED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).VERSION_RECORDED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).MODEL_DEPLOYED.topicName()}",
            "#{T(io.ftcoach.schemas.topics.Topic).DEPLOYMENT_FAILED.topicName()}"})
    public void on(IndexedRecord event) {
        record(feed, event);
    }

    /** Adds one event to its task's feed (and so to the chat streams that follow the task). */
    public static void record(ActivityFeed feed, IndexedRecord event) {
        Envelope envelope = Envelopes.of(event).orElseThrow(() -> new IllegalArgumentException(
                event.getSchema().getName() + " has no envelope; the activity feed cannot tell its task"));
        feed.add(TaskName.of(envelope.getTaskId()), new ActivityItem(envelope.getOccurredAt(),
                event.getSchema().getName(), envelope.getVersion(), ActivityTexts.describe(event),
                envelope.getEventId()));
    }
}
