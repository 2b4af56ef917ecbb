package io.ftcoach.dispatcher.domain.deploy;

/** A deployment that cannot go on: what went wrong, what a person can do about it, and broadly why. */
public class DeploymentException extends RuntimeException {

    private final FailureCategory category;
    private final String problem;
    private final String fix;

    public DeploymentException(FailureCategory category, String problem, String fix) {
        this(category, problem, fix, null);
    }

    public DeploymentException(FailureCategory category, String problem, String fix, Throwable cause) {
        super(problem + " Fix: " + fix, cause);
        this.category = category;
        this.problem = problem;
        this.fix = fix;
    }

    public FailureCategory category() {
        return category;
    }

    public String problem() {
        return problem;
    }

    public String fix() {
        return fix;
    }
}
