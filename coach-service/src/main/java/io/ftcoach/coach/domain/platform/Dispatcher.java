package io.ftcoach.coach.domain.platform;

import java.util.List;

/** training-dispatcher, as the coach uses it; failures as in {@link TaskService}. */
public interface Dispatcher {

    List<JobInfo> jobs();

    JobInfo job(String id);

    /** The job's log as plain text (the diagnoser reads its tail). */
    String log(String id);
}
