package io.ftcoach.coach.domain.platform;

/** The services the coach talks to, so that agents take one argument and tests one set of fakes. */
public record Platform(TaskService tasks, DataIngest data, Dispatcher dispatcher, Lineage lineage) {
}
