package io.ftcoach.task.domain;

import java.util.List;

/** A create or update would make task.yaml invalid (HTTP 400); nothing was written. */
public class InvalidTaskChangeException extends IllegalArgumentException {

    private final List<TaskYamlValidator.Violation> violations;

    public InvalidTaskChangeException(String message, List<TaskYamlValidator.Violation> violations) {
        super(message);
        this.violations = List.copyOf(violations);
    }

    public List<TaskYamlValidator.Violation> violations() {
        return violations;
    }
}
