package io.ftcoach.coach.domain.platform;

/** A training job as training-dispatcher shows it. */
public record JobInfo(String id, String state, String task, String version, String backend, String failure) {
}
