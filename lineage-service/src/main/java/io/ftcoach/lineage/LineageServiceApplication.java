package io.ftcoach.lineage;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** lineage-service: records each version under {@code versions/<v>/} of its task and announces it. */
@SpringBootApplication
public class LineageServiceApplication {

    public static final String NAME = "lineage-service";

    /** The one way this service is configured, whether it runs alone or inside the embedded platform. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(LineageServiceApplication.class)
                .main(LineageServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
