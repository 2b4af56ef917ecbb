package io.ftcoach.infra.registry.web;

import io.ftcoach.infra.registry.core.RegistryException;
import io.ftcoach.infra.registry.web.RegistryApi.ErrorResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Every error leaves the registry in Confluent's shape: {@code {"error_code": N, "message": "..."}}. */
@RestControllerAdvice
class RegistryErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(RegistryErrorHandler.class);
    private static final MediaType V1_JSON = MediaType.parseMediaType(RegistryMediaTypes.V1_JSON);

    @ExceptionHandler(RegistryException.class)
    ResponseEntity<ErrorResponse> registry(RegistryException e) {
        if (e.httpStatus() >= 500) {
            log.error("Registry operation failed: {}", e.getMessage(), e);
        }
        return answer(e.httpStatus(), e.errorCode(), e.getMessage());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorResponse> unreadable(HttpMessageNotReadableException e) {
        Throwable cause = e.getMostSpecificCause();
        return answer(400, 400, "Request body is not valid JSON for this endpoint: " + cause.getMessage());
    }

    /**
     * Spring's own errors (unknown path, wrong method, unsupported content type, bad parameter) keep their status;
     * anything else is a 500 with Confluent's generic store error code.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorResponse> other(Exception e) {
        if (e instanceof org.springframework.web.ErrorResponse error) {
            int status = error.getStatusCode().value();
            String detail = error.getBody().getDetail();
            return answer(status, status, detail != null ? detail : e.getMessage());
        }
        if (e instanceof TypeMismatchException mismatch) {
            return answer(400, 400, "Invalid value '" + mismatch.getValue() + "' for parameter '"
                    + mismatch.getPropertyName() + "'");
        }
        log.error("Unexpected registry error", e);
        return answer(500, RegistryException.STORE_ERROR, "Internal error in the schema registry: " + e);
    }

    private static ResponseEntity<ErrorResponse> answer(int status, int code, String message) {
        return ResponseEntity.status(status).contentType(V1_JSON)
                .body(new ErrorResponse(code, message));
    }
}
