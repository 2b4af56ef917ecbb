package io.ftcoach.coach.domain.platform;

import java.util.List;
import java.util.Map;

/**
 * task-service, as the coach uses it. Every method throws {@link ServiceUnavailableException} when the service does
 * not answer, {@link java.util.NoSuchElementException} for an unknown task, {@link IllegalArgumentException} for a
 * request it refuses and {@link IllegalStateException} for a conflict, each with the service's own explanation.
 */
public interface TaskService {

    List<TaskInfo> tasks();

    TaskInfo task(String name);

    TaskInfo create(NewTask task);

    /** A JSON merge patch in task.yaml's snake_case shape. */
    TaskInfo patch(String name, Map<String, Object> patch);

    /** @return what task-service accepted: task, version and the request's event id */
    Map<String, String> requestTraining(String name, TrainingOrder order);

    /** @return task-service's answer, as JSON fields */
    Map<String, Object> generate(String name);

    /** @return task-service's answer, as JSON fields */
    Map<String, Object> deploy(String name, String target, String version);

    Recommendation recommend(RecommendationQuery query);
}
