package io.ftcoach.support.workspace;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/** A validated kebab-case task name; the only way a name becomes a folder, so no name escapes the workspace. */
public record TaskName(String value) {

    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final int MAX_LENGTH = 64;

    public TaskName {
        if (value == null || value.isBlank()) {
            throw new InvalidTaskNameException("A task name is required, e.g. entity-sentiment");
        }
        if (value.length() > MAX_LENGTH) {
            throw new InvalidTaskNameException("Task name '" + value + "' has " + value.length()
                    + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        if (!KEBAB.matcher(value).matches()) {
            throw new InvalidTaskNameException("Task name '" + value + "' is not kebab-case: use lower-case letters, "
                    + "digits and single hyphens, e.g. " + suggestion(value));
        }
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    public static TaskName of(String value) {
        return new TaskName(value);
    }

    static String suggestion(String raw) {
        String s = raw.toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "entity-sentiment" : s;
    }

    @Override
    public String toString() {
        return value;
    }

    public static final class InvalidTaskNameException extends IllegalArgumentException {
        public InvalidTaskNameException(String message) {
            super(message);
        }
    }
}
