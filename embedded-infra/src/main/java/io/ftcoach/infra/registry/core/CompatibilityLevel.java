package io.ftcoach.infra.registry.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Confluent's compatibility levels. BACKWARD: the new schema reads data written with the earlier one; FORWARD: the
 * earlier schema reads data written with the new one; FULL: both. Transitive levels check every live version, the
 * others only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The new schema must read data written with earlier ones. */
    public boolean backward() {
        return backward;
    }

    /** Earlier schemas must read data written with the new one. */
    public boolean forward() {
        return forward;
    }

    /** Check all live versions, not only the latest. */
    public boolean transitive() {
        return transitive;
    }

    /** The same rule applied to one version only (what a check against an explicit version uses). */
    public CompatibilityLevel nonTransitive() {
        return switch (this) {
            case BACKWARD_TRANSITIVE -> BACKWARD;
            case FORWARD_TRANSITIVE -> FORWARD;
            case FULL_TRANSITIVE -> FULL;
            default -> this;
        };
    }

    /** Parses a level name, case-insensitively; 42203 naming the valid values otherwise. */
    public static CompatibilityLevel parse(String text) {
        if (text != null) {
            String wanted = text.trim().toUpperCase(Locale.ROOT);
            for (CompatibilityLevel level : values()) {
                if (level.name().equals(wanted)) {
                    return level;
                }
            }
        }
        throw RegistryException.invalidCompatibilityLevel(text, validNames());
    }

    public static String validNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }
}
