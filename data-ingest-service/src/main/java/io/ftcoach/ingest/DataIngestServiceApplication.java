package io.ftcoach.ingest;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** data-ingest-service: data_source.yaml, data/ (raw, splits, snapshots) and the data-validation hook. */
@SpringBootApplication
public class DataIngestServiceApplication {

    public static final String NAME = "data-ingest-service";

    /** The one way this service is configured, whether it runs alone or inside the embedded platform. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DataIngestServiceApplication.class)
                .main(DataIngestServiceApplication.class)
                .properties("spring.config.name=" + NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
