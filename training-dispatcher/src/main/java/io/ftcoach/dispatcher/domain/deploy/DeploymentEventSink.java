package io.ftcoach.dispatcher.domain.deploy;

/** Where the deployer announces what it deployed (Kafka in the service). */
public interface DeploymentEventSink {

    void deployed(Deployment deployment, Deployed what);
}
