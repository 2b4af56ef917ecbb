package io.ftcoach.platform.launcher;

import io.ftcoach.coach.CoachServiceApplication;
import io.ftcoach.dispatcher.TrainingDispatcherApplication;
import io.ftcoach.ingest.DataIngestServiceApplication;
import io.ftcoach.lineage.LineageServiceApplication;
import io.ftcoach.task.TaskServiceApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

import java.util.List;
import java.util.function.Supplier;

/**
 * The five services as the platform starts them, in start order. {@code portVariable} is the environment
 * variable that moves a service to another port (system properties and the environment are shared by every
 * context in the JVM, so each service reads its own variable).
 */
public record ServiceApp(String name, int defaultPort, String portVariable, Supplier<SpringApplicationBuilder> builder) {

    public static final List<ServiceApp> ALL = List.of(
            new ServiceApp("task-service", 8082, "FTCOACH_TASK_SERVICE_PORT", TaskServiceApplication::builder),
            new ServiceApp("data-ingest-service", 8083, "FTCOACH_DATA_INGEST_SERVICE_PORT",
                    DataIngestServiceApplication::builder),
            new ServiceApp("training-dispatcher", 8084, "FTCOACH_TRAINING_DISPATCHER_PORT",
                    TrainingDispatcherApplication::builder),
            new ServiceApp("lineage-service", 8085, "FTCOACH_LINEAGE_SERVICE_PORT",
                    LineageServiceApplication::builder),
            new ServiceApp("coach-service", 8080, "FTCOACH_COACH_SERVICE_PORT", CoachServiceApplication::builder));
}
