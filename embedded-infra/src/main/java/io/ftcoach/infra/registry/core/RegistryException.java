package io.ftcoach.infra.registry.core;

/**
 * A registry operation failed in a way the caller must be told about, with Confluent's HTTP status and error code
 * so the REST layer can answer {@code {"error_code": N, "message": "..."}} exactly as Confluent does.
 */
public final class RegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_LEVEL_CONFIG_NOT_FOUND = 40408;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int OPERATION_NOT_PERMITTED = 42205;
    public static final int STORE_ERROR = 50001;
    public static final int OPERATION_TIMEOUT = 50002;

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
