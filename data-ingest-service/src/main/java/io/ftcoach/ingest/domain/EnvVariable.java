package io.ftcoach.ingest.domain;

import java.util.List;

/**
 * An environment variable a configuration refers to as {@code ${NAME}}. Never carries the value.
 *
 * @param name   the variable
 * @param fields the fields that use it, e.g. {@code sources[0].config.password}
 * @param set    whether this process sees it set (to a non-empty value)
 */
public record EnvVariable(String name, List<String> fields, boolean set) {

    public EnvVariable {
        fields = List.copyOf(fields);
    }
}
