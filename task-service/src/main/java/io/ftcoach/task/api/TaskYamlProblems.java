package io.ftcoach.task.api;

import io.ftcoach.task.domain.InvalidTaskChangeException;
import io.ftcoach.task.domain.TaskYamlInvalidException;
import io.ftcoach.task.domain.TaskYamlValidator;
import io.ftcoach.task.domain.deploy.DeploymentCheck;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import java.util.List;
import java.util.Map;

/**
 * task.yaml problems as RFC 9457 problem details, like every other error, plus a {@code violations} list of
 * {path, expected} so a client can point at the field: 400 for a change that would make the file invalid,
 * 409 for a file on disk that is invalid already. A deployment below target is a 409 that carries its numbers.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class TaskYamlProblems {

    @ExceptionHandler(InvalidTaskChangeException.class)
    ProblemDetail invalidChange(InvalidTaskChangeException e) {
        return problem(HttpStatus.BAD_REQUEST, e.getMessage(), e.violations());
    }

    @ExceptionHandler(TaskYamlInvalidException.class)
    ProblemDetail invalidFile(TaskYamlInvalidException e) {
        return problem(HttpStatus.CONFLICT, e.getMessage(), e.violations());
    }

    /** Below target without force: the numbers and how to force, so a client can ask the person. */
    @ExceptionHandler(DeploymentCheck.BelowTargetException.class)
    ProblemDetail belowTarget(DeploymentCheck.BelowTargetException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
        p.setProperty("metric", e.metric());
        p.setProperty("value", e.value());
        p.setProperty("threshold", e.threshold());
        p.setProperty("force", "send \"force\": true to deploy anyway");
        return p;
    }

    private static ProblemDetail problem(HttpStatus status, String detail, List<TaskYamlValidator.Violation> violations) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(status, detail);
        p.setProperty("violations", violations.stream()
                .map(v -> Map.of("path", v.path(), "expected", v.expected())).toList());
        return p;
    }
}
