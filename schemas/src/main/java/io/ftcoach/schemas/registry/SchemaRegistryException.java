package io.ftcoach.schemas.registry;

/**
 * A schema registry answered with an error, or could not be reached. Subclasses name the cases a caller
 * handles differently; {@link #errorCode()} is the registry's own code (Confluent API), or -1 when no answer came.
 */
public class SchemaRegistryException extends RuntimeException {

    // Confluent's error codes: the one list of them, for clients and for the embedded registry's answers alike
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

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
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

    /** Builds the most specific exception for a registry error answer. */
    static SchemaRegistryException fromResponse(String request, int httpStatus, int errorCode, String message) {
        String text = request + " failed: " + message + " (HTTP " + httpStatus + ", error " + errorCode + ")";
        return switch (errorCode) {
            case SUBJECT_NOT_FOUND -> new SubjectNotFoundException(text, httpStatus);
            case VERSION_NOT_FOUND -> new SchemaRegistryException(text, httpStatus, errorCode);
            case SCHEMA_NOT_FOUND -> new SchemaNotFoundException(text, httpStatus);
            case INCOMPATIBLE_SCHEMA -> new IncompatibleSchemaException(text, httpStatus, message);
            default -> httpStatus == 401 || httpStatus == 403
                    ? new SchemaRegistryException(text + "; check the registry credentials "
                        + "(basic.auth.user.info or bearer.auth.token)", httpStatus, errorCode)
                    : new SchemaRegistryException(text, httpStatus, errorCode);
        };
    }

    /** 40401: the subject has no registered schema. */
    public static final class SubjectNotFoundException extends SchemaRegistryException {
        SubjectNotFoundException(String message, int httpStatus) {
            super(message, httpStatus, SUBJECT_NOT_FOUND);
        }
    }

    /** 40403: no schema has this id (or the schema is not registered under the subject). */
    public static final class SchemaNotFoundException extends SchemaRegistryException {
        SchemaNotFoundException(String message, int httpStatus) {
            super(message, httpStatus, SCHEMA_NOT_FOUND);
        }
    }

    /** 409: the schema breaks the subject's compatibility rule; the message names the field and the rule. */
    public static final class IncompatibleSchemaException extends SchemaRegistryException {
        private final String registryMessage;

        IncompatibleSchemaException(String message, int httpStatus, String registryMessage) {
            super(message, httpStatus, INCOMPATIBLE_SCHEMA);
            this.registryMessage = registryMessage;
        }

        public String registryMessage() {
            return registryMessage;
        }
    }

    /** The registry could not be reached or did not answer in time, after the configured retries. */
    public static final class RegistryUnavailableException extends SchemaRegistryException {
        RegistryUnavailableException(String message, Throwable cause) {
            super(message, -1, -1, cause);
        }
    }
}
