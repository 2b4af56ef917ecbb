package io.ftcoach.dispatcher.domain.deploy;

/** A deployment that cannot go on: what went wrong and what a person can do about it. */
public class DeploymentException extends RuntimeException {

    private final String problem;
    private final String fix;

    public DeploymentException(String problem, String fix) {
        this(problem, fix, null);
    }

    public DeploymentException(String problem, String fix, Throwable cause) {
        super(problem + " Fix: " + fix, cause);
        this.problem = problem;
        this.fix = fix;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
