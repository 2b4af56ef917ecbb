package io.ftcoach.infra.testing;

import io.ftcoach.infra.postgres.LocalPostgres;
import org.apache.kafka.common.utils.AppInfoParser;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Kafka and PostgreSQL in Testcontainers. Only loaded when containers were asked for, so the default path never
 * needs Testcontainers (an optional dependency) on the classpath.
 */
final class ContainerInfrastructure {

    /** The broker image matches the kafka-clients version on the classpath. */
    static final String KAFKA_IMAGE = "apache/kafka-native:" + AppInfoParser.getVersion();
    static final String POSTGRES_IMAGE = "postgres:15";

    record Started(String bootstrapServers, AutoCloseable stopper) {
    }

    private ContainerInfrastructure() {
    }

    static Started startKafka() {
        requireTestcontainers();
        KafkaContainer kafka = new KafkaContainer(KAFKA_IMAGE)
                // topics are created explicitly from the catalogue, as on the in-JVM broker
                .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false");
        kafka.start();
        return new Started(kafka.getBootstrapServers(), kafka::stop);
    }

    static LocalPostgres startPostgres() {
        requireTestcontainers();
        PostgreSQLContainer pg = new PostgreSQLContainer(POSTGRES_IMAGE)
                .withDatabaseName("postgres")
                .withUsername(LocalPostgres.USER)
                .withPassword("postgres")
                .withCommand("postgres", "-c", "wal_level=logical", "-c", "max_wal_senders=10",
                        "-c", "max_replication_slots=10", "-c", "fsync=off");
        pg.start();
        return LocalPostgres.attach(pg.getHost(), pg.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT),
                pg.getUsername(), pg.getPassword(), pg::stop);
    }

    private static void requireTestcontainers() {
        try {
            Class.forName("org.testcontainers.kafka.KafkaContainer", false, ContainerInfrastructure.class.getClassLoader());
            Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false,
                    ContainerInfrastructure.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(TestInfrastructure.MODE_PROPERTY + "=" + TestInfrastructure.CONTAINERS
                    + " needs Testcontainers on the test classpath: add org.testcontainers:testcontainers-kafka and "
                    + "org.testcontainers:testcontainers-postgresql (test scope; Boot manages the version)", e);
        }
    }
}
