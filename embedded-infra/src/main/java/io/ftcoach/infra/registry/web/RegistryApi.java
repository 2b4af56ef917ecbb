package io.ftcoach.infra.registry.web;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;
import java.util.Map;

/** Request and response bodies of the Confluent schema registry API. */
final class RegistryApi {

    private RegistryApi() {
    }

    /** Body of register, lookup and compatibility requests; Confluent clients send more fields, which are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record SchemaRequest(String schema, String schemaType, List<Map<String, Object>> references) {
    }

    record IdResponse(int id) {
    }

    record SchemaResponse(String schema) {
    }

    record SubjectVersionResponse(String subject, int version, int id, String schema) {
    }

    record SubjectVersionRef(String subject, int version) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompatibilityResponse(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }

    /** GET /config answers with compatibilityLevel. */
    record ConfigResponse(String compatibilityLevel) {
    }

    /** PUT /config takes and answers with compatibility. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConfigUpdate(String compatibility) {
    }

    record ErrorResponse(@JsonProperty("error_code") int errorCode, String message) {
    }
}
