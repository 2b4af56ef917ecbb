package io.ftcoach.dispatcher.domain.deploy;

/** Where the deployer announces what it deployed, and a deployment that failed (Kafka in the service). */
public interface DeploymentEventSink {

    void deployed(Deployment deployment, Deployed what);

    /** The deployment ended failed; its record holds the category, the problem and the fix, free of secrets. */
    void failed(Deployment deployment);
}
