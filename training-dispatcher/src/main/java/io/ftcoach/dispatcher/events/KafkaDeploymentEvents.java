package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.domain.deploy.Deployed;
import io.ftcoach.dispatcher.domain.deploy.Deployment;
import io.ftcoach.dispatcher.domain.deploy.DeploymentEventSink;
import io.ftcoach.support.events.EventPublisher;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Announces each deployed thing as ModelDeployed, and a failed deployment as DeploymentFailed, waiting for the
 * broker so a lost one is logged, not silent.
 */
@Component
public class KafkaDeploymentEvents implements DeploymentEventSink {

    private final EventPublisher publisher;
    private final Clock clock;

    public KafkaDeploymentEvents(EventPublisher publisher, Clock clock) {
        this.publisher = publisher;
        this.clock = clock;
    }

    @Override
    public void deployed(Deployment deployment, Deployed what) {
        publisher.publishAndWait(DeploymentEvents.deployed(deployment, what, clock));
    }

    @Override
    public void failed(Deployment deployment) {
        publisher.publishAndWait(DeploymentEvents.failed(deployment, clock));
    }
}
