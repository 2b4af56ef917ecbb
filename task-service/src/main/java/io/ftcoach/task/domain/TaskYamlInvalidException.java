package io.ftcoach.task.domain;

import java.util.List;

/**
 * task.yaml on disk is not valid YAML or breaks the schema. It is a conflict (HTTP 409): the request was fine,
 * the file needs fixing first. Nothing is written while the file is invalid.
 */
public class TaskYamlInvalidException extends IllegalStateException {

    private final List<TaskYamlValidator.Violation> violations;

    public TaskYamlInvalidException(String message, List<TaskYamlValidator.Violation> violations, Throwable cause) {
        super(message, cause);
        this.violations = List.copyOf(violations);
    }

    public List<TaskYamlValidator.Violation> violations() {
        return violations;
    }
}
