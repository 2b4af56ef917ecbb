package io.ftcoach.task;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** task-service: tasks, task.yaml, success criteria, project generation; asks for training. */
@SpringBootApplication
public class TaskServiceApplication {

    public static final String NAME = "task-service";

    /** The one way this service is configured, whether it runs alone or inside the embedded platform. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(TaskServiceApplication.class)
                .main(TaskServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
