package io.ftcoach.dispatcher;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** training-dispatcher: training jobs and their backends, models/, benchmarks/, evaluation, deployment. */
@SpringBootApplication
public class TrainingDispatcherApplication {

    public static final String NAME = "training-dispatcher";

    /** The one way this service is configured, whether it runs alone or inside the embedded platform. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(TrainingDispatcherApplication.class)
                .main(TrainingDispatcherApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
