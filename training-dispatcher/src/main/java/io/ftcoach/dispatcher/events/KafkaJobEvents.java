package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.domain.Job;
import io.ftcoach.dispatcher.domain.JobEventSink;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.evaluation.Evaluator;
import io.ftcoach.support.events.EventPublisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;

/** Publishes job events; state changes wait for the broker's acknowledgement, progress ticks do not. */
@Component
public class KafkaJobEvents implements JobEventSink {

    private static final Logger log = LoggerFactory.getLogger(KafkaJobEvents.class);

    private final EventPublisher publisher;
    private final Clock clock;

    public KafkaJobEvents(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void started(Job job, String location) {
        publisher.publishAndWait(TrainingEvents.started(job, location, clock));
    }

    @Override
    public void progress(Job job, ProgressUpdate update) {
        // a lost tick is superseded by the next one; training must not wait on Kafka for it
        publisher.publish(TrainingEvents.progress(job, update, clock)).whenComplete((result, error) -> {
            if (error != null) {
                log.warn("Progress of training job {} not published: {}", job.id(), error.getMessage());
            }
        });
    }

    @Override
    public void completed(Job job, TrainingOutcome.Succeeded outcome) {
        publisher.publishAndWait(TrainingEvents.completed(job, outcome, clock));
    }

    @Override
    public void failed(Job job) {
        publisher.publishAndWait(TrainingEvents.failed(job, clock));
    }

    @Override
    public void evaluated(Job job, Evaluator.Result result) {
        publisher.publishAndWait(TrainingEvents.evaluationReady(job, result, clock));
    }
}
