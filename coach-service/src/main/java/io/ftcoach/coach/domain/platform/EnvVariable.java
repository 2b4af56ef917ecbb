package io.ftcoach.coach.domain.platform;

/** An environment variable a data source needs, and whether the service sees it set (never its value). */
public record EnvVariable(String name, boolean set) {
}
