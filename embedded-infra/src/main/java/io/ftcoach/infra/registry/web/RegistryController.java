package io.ftcoach.infra.registry.web;

import io.ftcoach.infra.registry.core.CompatibilityReport;
import io.ftcoach.infra.registry.core.RegistryException;
import io.ftcoach.infra.registry.core.SchemaRegistryService;
import io.ftcoach.infra.registry.core.SchemaVersion;
import io.ftcoach.infra.registry.web.RegistryApi.CompatibilityResponse;
import io.ftcoach.infra.registry.web.RegistryApi.ConfigResponse;
import io.ftcoach.infra.registry.web.RegistryApi.ConfigUpdate;
import io.ftcoach.infra.registry.web.RegistryApi.IdResponse;
import io.ftcoach.infra.registry.web.RegistryApi.SchemaRequest;
import io.ftcoach.infra.registry.web.RegistryApi.SchemaResponse;
import io.ftcoach.infra.registry.web.RegistryApi.SubjectVersionRef;
import io.ftcoach.infra.registry.web.RegistryApi.SubjectVersionResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;

/**
 * The Confluent schema registry REST API, as far as Avro clients use it. Bodies are JSON in
 * {@code application/vnd.schemaregistry.v1+json}, {@code application/vnd.schemaregistry+json} or
 * {@code application/json}; answers use the first the client accepts.
 */
@RestController
@RequestMapping(produces = {RegistryMediaTypes.V1_JSON, RegistryMediaTypes.JSON, RegistryMediaTypes.PLAIN_JSON})
class RegistryController {

    private final SchemaRegistryService registry;

    RegistryController(SchemaRegistryService registry) {
        this.registry = registry;
    }

    /** Confluent answers the root with an empty object; clients use it as a liveness probe. */
    @GetMapping("/")
    Map<String, Object> root() {
        return Map.of();
    }

    @GetMapping("/schemas/types")
    List<String> schemaTypes() {
        return List.of(SchemaRegistryService.AVRO);
    }

    @GetMapping("/subjects")
    List<String> subjects(@RequestParam(defaultValue = "false") boolean deleted) {
        return registry.subjects(deleted);
    }

    @GetMapping("/subjects/{subject}/versions")
    List<Integer> versions(@PathVariable String subject) {
        return registry.versions(subject);
    }

    @GetMapping("/subjects/{subject}/versions/{version}")
    SubjectVersionResponse version(@PathVariable String subject, @PathVariable String version) {
        return toResponse(registry.version(subject, version));
    }

    /** The schema text alone, as Confluent's {@code /schema} sub-resource returns it. */
    @GetMapping("/subjects/{subject}/versions/{version}/schema")
    String rawSchema(@PathVariable String subject, @PathVariable String version) {
        return registry.version(subject, version).schema();
    }

    @PostMapping(path = "/subjects/{subject}/versions", consumes = {RegistryMediaTypes.V1_JSON, RegistryMediaTypes.JSON,
            RegistryMediaTypes.PLAIN_JSON})
    IdResponse register(@PathVariable String subject, @RequestBody SchemaRequest request) {
        rejectReferences(request);
        return new IdResponse(registry.register(subject, request.schema(), request.schemaType()));
    }

    /** Lookup: is this schema registered under the subject, and as which version? */
    @PostMapping(path = "/subjects/{subject}", consumes = {RegistryMediaTypes.V1_JSON, RegistryMediaTypes.JSON,
            RegistryMediaTypes.PLAIN_JSON})
    SubjectVersionResponse lookUp(@PathVariable String subject, @RequestBody SchemaRequest request) {
        rejectReferences(request);
        return toResponse(registry.lookUp(subject, request.schema(), request.schemaType()));
    }

    /** Soft delete; answers with the deleted version numbers. */
    @DeleteMapping("/subjects/{subject}")
    List<Integer> deleteSubject(@PathVariable String subject,
                                @RequestParam(defaultValue = "false") boolean permanent) {
        return registry.deleteSubject(subject, permanent);
    }

    @GetMapping("/schemas/ids/{id}")
    SchemaResponse schemaById(@PathVariable String id) {
        return new SchemaResponse(registry.schemaById(id));
    }

    @GetMapping("/schemas/ids/{id}/versions")
    List<SubjectVersionRef> schemaVersions(@PathVariable String id) {
        return registry.versionsOfId(id).stream().map(v -> new SubjectVersionRef(v.subject(), v.version())).toList();
    }

    @PostMapping(path = "/compatibility/subjects/{subject}/versions/{version}", consumes = {RegistryMediaTypes.V1_JSON,
            RegistryMediaTypes.JSON, RegistryMediaTypes.PLAIN_JSON})
    CompatibilityResponse testCompatibility(@PathVariable String subject, @PathVariable String version,
                                            @RequestParam(defaultValue = "false") boolean verbose,
                                            @RequestBody SchemaRequest request) {
        rejectReferences(request);
        CompatibilityReport report = registry.testCompatibility(subject, version, request.schema(),
                request.schemaType());
        return new CompatibilityResponse(report.compatible(), verbose ? report.messages() : null);
    }

    @GetMapping("/config")
    ConfigResponse globalConfig() {
        return new ConfigResponse(registry.globalLevel().name());
    }

    @PutMapping(path = "/config", consumes = {RegistryMediaTypes.V1_JSON, RegistryMediaTypes.JSON,
            RegistryMediaTypes.PLAIN_JSON})
    ConfigUpdate setGlobalConfig(@RequestBody ConfigUpdate update) {
        return new ConfigUpdate(registry.setGlobalLevel(update.compatibility()).name());
    }

    @GetMapping("/config/{subject}")
    ConfigResponse subjectConfig(@PathVariable String subject,
                                 @RequestParam(defaultValue = "false") boolean defaultToGlobal) {
        return new ConfigResponse(registry.subjectLevel(subject, defaultToGlobal).name());
    }

    @PutMapping(path = "/config/{subject}", consumes = {RegistryMediaTypes.V1_JSON, RegistryMediaTypes.JSON,
            RegistryMediaTypes.PLAIN_JSON})
    ConfigUpdate setSubjectConfig(@PathVariable String subject, @RequestBody ConfigUpdate update) {
        return new ConfigUpdate(registry.setSubjectLevel(subject, update.compatibility()).name());
    }

    @DeleteMapping("/config/{subject}")
    ConfigResponse deleteSubjectConfig(@PathVariable String subject) {
        return new ConfigResponse(registry.deleteSubjectLevel(subject).name());
    }

    private static SubjectVersionResponse toResponse(SchemaVersion v) {
        return new SubjectVersionResponse(v.subject(), v.version(), v.id(), v.schema());
    }

    private static void rejectReferences(SchemaRequest request) {
        if (request.references() != null && !request.references().isEmpty()) {
            throw RegistryException.invalidSchema("Schema references are not supported by the embedded registry; "
                    + "inline the referenced types into the schema");
        }
    }
}
