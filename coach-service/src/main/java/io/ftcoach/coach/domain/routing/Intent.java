package io.ftcoach.coach.domain.routing;

import java.util.Arrays;

/** What a person asks for; {@link #id()} is the name of the chat API contract (intents-sample.yaml). */
public enum Intent {
    COACH_START("coach.start"),
    TASK_LIST("task.list"),
    TASK_CREATE("task.create"),
    TASK_STATUS("task.status"),
    VERSION_COMPARE("version.compare"),
    DATA_CONFIGURE("data.configure"),
    PROJECT_GENERATE("project.generate"),
    TRAINING_START("training.start"),
    EVALUATION_RUN("evaluation.run"),
    RESULT_ANALYZE("result.analyze"),
    PROBLEM_DIAGNOSE("problem.diagnose"),
    MODEL_DEPLOY("model.deploy"),
    HELP("help"),
    /** Not understood (or an unknown slash command); not part of intents-sample.yaml. */
    UNKNOWN("unknown");

    private final String id;

    Intent(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Intent ofId(String id) {
        return Arrays.stream(values()).filter(i -> i.id.equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Unknown intent " + id));
    }
}
