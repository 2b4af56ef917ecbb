package io.ftcoach.coach.domain.platform;

import java.util.List;
import java.util.Optional;

/** data-ingest-service, as the coach uses it; failures as in {@link TaskService}. */
public interface DataIngest {

    /** Writes data_source.yaml; @return the environment variables it needs */
    List<EnvVariable> putDataSource(String task, String yaml);

    /** The task's data_source.yaml, empty when it has none yet. */
    Optional<String> dataSource(String task);

    List<EnvVariable> environment(String task);

    /** Regenerates the data from the configured sources; @return the snapshot id */
    String run(String task);

    List<DataSnapshot> snapshots(String task);

    DataValidation validation(String task, String snapshotId);
}
