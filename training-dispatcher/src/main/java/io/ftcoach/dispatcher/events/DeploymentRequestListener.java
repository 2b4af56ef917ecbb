package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.domain.deploy.Deployer;
import io.ftcoach.dispatcher.domain.deploy.Deployment;
import io.ftcoach.events.DeploymentRequested;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A deployment request becomes a deployment; it runs on the deployer's worker, not on this consumer. */
@Component
public class DeploymentRequestListener {

    private static final Logger log = LoggerFactory.getLogger(DeploymentRequestListener.class);

    private final Deployer deployer;

    public DeploymentRequestListener(Deployer deployer) {
        this.deployer = deployer;
    }

    @KafkaListener(id = "training-dispatcher-deployments", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).DEPLOYMENT_REQUESTED.topicName()}")
    public void on(IndexedRecord event) {
        if (!(event instanceof DeploymentRequested requested)) {
            throw new IllegalArgumentException("Expected a DeploymentRequested event, got "
                    + event.getSchema().getFullName());
        }
        Deployment d = deployer.submit(DeploymentEvents.request(requested));
        log.info("Deployment of task '{}' version {} to '{}' is deployment {}", d.request().taskId(),
                d.request().version(), d.request().target(), d.id());
    }
}
