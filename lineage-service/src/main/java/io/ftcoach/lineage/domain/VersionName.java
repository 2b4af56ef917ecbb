package io.ftcoach.lineage.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.regex.Pattern;

/**
 * A model version as it names a folder under {@code versions/}: v1, v2.1, v3-exp, 2026-01-07, v2_1767744000
 * (spec §6.1). Validated because it becomes a path; a letter or digit first, so it can never be {@code ..}.
 */
public record VersionName(String value) {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    public static final int MAX_LENGTH = 64;

    public VersionName {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("A version is required, e.g. v1");
        }
        if (value.length() > MAX_LENGTH || !SAFE.matcher(value).matches()) {
            throw new IllegalArgumentException("Version '" + value + "' cannot name a folder: use at most "
                    + MAX_LENGTH + " letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. v2.1");
        }
    }

    @JsonCreator
    public static VersionName of(String value) {
        return new VersionName(value);
    }

    /** Whether a folder name could be a version (anything else under {@code versions/} is not ours). */
    public static boolean isValid(String value) {
        return value != null && value.length() <= MAX_LENGTH && SAFE.matcher(value).matches();
    }

    @JsonValue
    @Override
    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return value;
    }
}
