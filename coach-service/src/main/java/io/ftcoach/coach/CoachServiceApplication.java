package io.ftcoach.coach;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** coach-service: the coach's agents (result-analyzer first), the activity feed and, later, the chat. */
@SpringBootApplication
public class CoachServiceApplication {

    public static final String NAME = "coach-service";

    /** The one way this service is configured, whether it runs alone or inside the embedded platform. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(CoachServiceApplication.class)
                .main(CoachServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
