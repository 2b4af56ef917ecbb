package io.ftcoach.ingest.api;

import io.ftcoach.ingest.domain.SourceException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Data that cannot be read or converted — a source that fails, rows the task's input_template does not fit — is a
 * fine request about data that is not (422), for a run of data_source.yaml and a direct import alike; nothing was
 * stored either way.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)   // before the shared handler, which answers 400 for any IllegalArgumentException
@RestControllerAdvice(basePackageClasses = SourceProblems.class)
class SourceProblems {

    @ExceptionHandler(SourceException.class)
    ProblemDetail sourceFailed(SourceException e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_CONTENT, e.getMessage());
        problem.setTitle("The data could not be read or converted; nothing was stored");
        return problem;
    }
}
