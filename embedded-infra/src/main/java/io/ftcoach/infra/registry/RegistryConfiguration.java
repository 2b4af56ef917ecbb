package io.ftcoach.infra.registry;

import io.ftcoach.infra.registry.core.CompatibilityLevel;
import io.ftcoach.infra.registry.core.RegistryException;
import io.ftcoach.infra.registry.core.SchemaRegistryService;
import io.ftcoach.infra.registry.core.SchemaStore;
import io.ftcoach.infra.registry.kafka.KafkaRegistryJournal;
import io.ftcoach.infra.registry.web.ApiTokenFilter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import java.time.Duration;

/** Wires the plain-Java registry core to Kafka and to the web layer. */
@Configuration(proxyBeanMethods = false)
class RegistryConfiguration {

    /** How long a registration may wait for Kafka, and how long the start may take to replay the topic. */
    static final Duration JOURNAL_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    SchemaStore schemaStore(RegistryProperties properties) {
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(properties.defaultCompatibility());
        } catch (RegistryException e) {
            throw new IllegalStateException("ftcoach.registry.default-compatibility: " + e.getMessage(), e);
        }
        return new SchemaStore(level);
    }

    @Bean(destroyMethod = "close")
    KafkaRegistryJournal registryJournal(RegistryProperties properties, SchemaStore store) {
        return new KafkaRegistryJournal(properties.bootstrapServers(), properties.topic(), store, JOURNAL_TIMEOUT)
                .start();
    }

    @Bean
    SchemaRegistryService schemaRegistryService(SchemaStore store, KafkaRegistryJournal journal) {
        return new SchemaRegistryService(store, journal);
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(RegistryProperties properties) {
        FilterRegistrationBean<ApiTokenFilter> registration =
                new FilterRegistrationBean<>(new ApiTokenFilter(properties.apiToken()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        // no token configured: the filter is not installed at all
        registration.setEnabled(properties.authenticationEnabled());
        return registration;
    }

    /** UP once the topic is replayed and while its reader runs. */
    @Bean
    HealthIndicator schemaJournalHealthIndicator(KafkaRegistryJournal journal, SchemaStore store) {
        return () -> (journal.isRunning() ? Health.up() : Health.down())
                .withDetail("topic", journal.topic())
                .withDetail("appliedUpTo", journal.appliedUpTo())
                .withDetail("schemas", store.schemaCount())
                .build();
    }

    @Bean
    MeterBinder schemaRegistryMetrics(SchemaStore store) {
        return registry -> {
            Gauge.builder("ftcoach.registry.schemas", store, SchemaStore::schemaCount)
                    .description("Distinct schemas (global ids) known to the registry").register(registry);
            Gauge.builder("ftcoach.registry.subjects", store, s -> s.subjects(false).size())
                    .description("Subjects with at least one live version").register(registry);
        };
    }
}
