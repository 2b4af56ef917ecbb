package io.ftcoach.infra.registry.core;

import io.ftcoach.schemas.registry.SchemaRegistryException;

import static io.ftcoach.schemas.registry.SchemaRegistryException.INCOMPATIBLE_SCHEMA;
import static io.ftcoach.schemas.registry.SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL;
import static io.ftcoach.schemas.registry.SchemaRegistryException.INVALID_SCHEMA;
import static io.ftcoach.schemas.registry.SchemaRegistryException.INVALID_VERSION;
import static io.ftcoach.schemas.registry.SchemaRegistryException.SCHEMA_NOT_FOUND;
import static io.ftcoach.schemas.registry.SchemaRegistryException.SUBJECT_LEVEL_CONFIG_NOT_FOUND;
import static io.ftcoach.schemas.registry.SchemaRegistryException.SUBJECT_NOT_FOUND;
import static io.ftcoach.schemas.registry.SchemaRegistryException.VERSION_NOT_FOUND;

/**
 * A registry operation failed in a way the caller must be told about, with Confluent's HTTP status and error code
 * so the REST layer can answer {@code {"error_code": N, "message": "..."}} exactly as Confluent does. This is the
 * server's side; the error codes are the client's ({@link SchemaRegistryException}), so both speak the same list.
 */
public final class RegistryException extends RuntimeException {

    /** {@link SchemaRegistryException#OPERATION_NOT_PERMITTED}, under the name the registry's code uses. */
    public static final int OPERATION_NOT_PERMITTED = SchemaRegistryException.OPERATION_NOT_PERMITTED;
    /** {@link SchemaRegistryException#STORE_ERROR}, under the name the registry's code uses. */
    public static final int STORE_ERROR = SchemaRegistryException.STORE_ERROR;
    /** {@link SchemaRegistryException#OPERATION_TIMEOUT}, under the name the registry's code uses. */
    public static final int OPERATION_TIMEOUT = SchemaRegistryException.OPERATION_TIMEOUT;

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    public RegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    public static RegistryException subjectNotFound(String subject) {
        return new RegistryException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    public static RegistryException versionNotFound(String subject, int version) {
        return new RegistryException(404, VERSION_NOT_FOUND,
                "Version " + version + " not found for subject '" + subject + "'.");
    }

    public static RegistryException schemaIdNotFound(String id) {
        return new RegistryException(404, SCHEMA_NOT_FOUND, "Schema " + id + " not found");
    }

    public static RegistryException schemaNotInSubject(String subject) {
        return new RegistryException(404, SCHEMA_NOT_FOUND,
                "Schema not found: subject '" + subject + "' has no live version with this schema");
    }

    public static RegistryException subjectLevelConfigNotFound(String subject) {
        return new RegistryException(404, SUBJECT_LEVEL_CONFIG_NOT_FOUND, "Subject '" + subject
                + "' does not have subject-level compatibility configured; add ?defaultToGlobal=true for the global level");
    }

    public static RegistryException incompatible(String message) {
        return new RegistryException(409, INCOMPATIBLE_SCHEMA, message);
    }

    public static RegistryException invalidSchema(String message) {
        return new RegistryException(422, INVALID_SCHEMA, message);
    }

    public static RegistryException invalidVersion(String text) {
        return new RegistryException(422, INVALID_VERSION, "The specified version '" + text + "' is not a valid "
                + "version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    public static RegistryException invalidCompatibilityLevel(String text, String valid) {
        return new RegistryException(422, INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level '" + text + "'. Valid values are: " + valid);
    }
}
