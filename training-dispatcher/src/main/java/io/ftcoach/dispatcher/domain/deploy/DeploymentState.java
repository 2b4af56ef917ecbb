package io.ftcoach.dispatcher.domain.deploy;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

public enum DeploymentState {
    RUNNING, SUCCEEDED, FAILED;

    @JsonValue
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
