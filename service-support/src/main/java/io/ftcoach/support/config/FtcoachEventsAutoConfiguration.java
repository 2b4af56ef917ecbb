package io.ftcoach.support.config;

import io.ftcoach.schemas.registry.RegistryClientSettings;
import io.ftcoach.schemas.registry.RestSchemaRegistryClient;
import io.ftcoach.schemas.registry.SchemaRegistryClient;
import io.ftcoach.schemas.serde.AvroEventDeserializer;
import io.ftcoach.schemas.serde.AvroEventSerializer;
import io.ftcoach.schemas.topics.Topic;
import io.ftcoach.support.events.DeadLetterHeaders;
import io.ftcoach.support.events.EventPublisher;
import io.ftcoach.support.events.FileProcessedEventStore;
import io.ftcoach.support.events.IdempotentRecordInterceptor;
import io.ftcoach.support.events.ProcessedEventStore;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.EnableKafka;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.util.backoff.ExponentialBackOff;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The event plumbing every service shares: Avro producer and consumer factories behind the schema registry,
 * idempotent listeners, retry with back-off, and a dead-letter topic per topic. A service only writes
 * {@code @KafkaListener} methods and calls {@link EventPublisher}.
 */
@AutoConfiguration
@ConditionalOnProperty(name = FtcoachServiceProperties.ENABLED, havingValue = "true")
@EnableKafka
@EnableConfigurationProperties({FtcoachKafkaProperties.class, FtcoachServiceProperties.class})
public class FtcoachEventsAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(FtcoachEventsAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    SchemaRegistryClient schemaRegistryClient(FtcoachKafkaProperties kafka) {
        return new RestSchemaRegistryClient(new RegistryClientSettings(
                List.of(kafka.schemaRegistryUrl().split(",")), blankToNull(kafka.registryBasicAuth()),
                blankToNull(kafka.registryBearerToken()), null, 3, null));
    }

    @Bean
    ProducerFactory<String, Object> ftcoachProducerFactory(FtcoachKafkaProperties kafka, SchemaRegistryClient registry,
                                                           @Value("${spring.application.name}") String service) {
        Map<String, Object> props = new HashMap<>();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, service + "-producer");
        DefaultKafkaProducerFactory<String, Object> factory = new DefaultKafkaProducerFactory<>(props,
                new StringSerializer(), new EventValueSerializer(new AvroEventSerializer(registry, true)));
        return factory;
    }

    @Bean
    KafkaTemplate<String, Object> ftcoachKafkaTemplate(ProducerFactory<String, Object> ftcoachProducerFactory) {
        return new KafkaTemplate<>(ftcoachProducerFactory);
    }

    @Bean
    @ConditionalOnMissingBean
    EventPublisher eventPublisher(KafkaTemplate<String, Object> ftcoachKafkaTemplate) {
        return new EventPublisher(ftcoachKafkaTemplate);
    }

    @Bean
    ConsumerFactory<String, IndexedRecord> ftcoachConsumerFactory(FtcoachKafkaProperties kafka,
                                                                  SchemaRegistryClient registry,
                                                                  @Value("${spring.application.name}") String service) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, service);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new DefaultKafkaConsumerFactory<>(props, new StringDeserializer(),
                new ErrorHandlingDeserializer<>(new AvroEventDeserializer(registry)));
    }

    @Bean
    @ConditionalOnMissingBean
    ProcessedEventStore processedEventStore(FtcoachServiceProperties service,
                                            @Value("${spring.application.name}") String name) {
        return new FileProcessedEventStore(service.stateDir().resolve(name).resolve("processed-events"));
    }

    /** Named {@code kafkaListenerContainerFactory} so every {@code @KafkaListener} uses it without naming it. */
    @Bean
    ConcurrentKafkaListenerContainerFactory<String, IndexedRecord> kafkaListenerContainerFactory(
            ConsumerFactory<String, IndexedRecord> ftcoachConsumerFactory, DefaultErrorHandler ftcoachErrorHandler,
            ProcessedEventStore processedEvents, MeterRegistry meters,
            @Value("${spring.application.name}") String service) {
        var factory = new ConcurrentKafkaListenerContainerFactory<String, IndexedRecord>();
        factory.setConsumerFactory(ftcoachConsumerFactory);
        factory.setCommonErrorHandler(ftcoachErrorHandler);
        factory.setRecordInterceptor(new IdempotentRecordInterceptor(processedEvents, service, meters));
        return factory;
    }

    @Bean
    DefaultErrorHandler ftcoachErrorHandler(FtcoachKafkaProperties kafka, KafkaTemplate<String, Object> ftcoachKafkaTemplate,
                                            MeterRegistry meters, @Value("${spring.application.name}") String service) {
        // one template serves both: undecodable records keep their raw bytes, failed ones their event (EventValueSerializer)
        var recoverer = new DeadLetterPublishingRecoverer(ftcoachKafkaTemplate,
                (record, ex) -> new TopicPartition(record.topic() + Topic.DEAD_LETTER_SUFFIX, record.partition()));
        recoverer.setHeadersFunction((record, ex) -> {
            meters.counter("ftcoach.events.dead.lettered", "topic", record.topic()).increment();
            log.warn("Sending {}-{}@{} to {}{}: {}", record.topic(), record.partition(), record.offset(),
                    record.topic(), Topic.DEAD_LETTER_SUFFIX, reason(ex));
            return deadLetterHeaders(record, ex, service);
        });
        ExponentialBackOff backOff = new ExponentialBackOff(kafka.retryInitialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(kafka.retryMaxInterval().toMillis());
        backOff.setMaxAttempts(kafka.retryAttempts());
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // a record that cannot be decoded will not decode on a retry either
        handler.addNotRetryableExceptions(DeserializationException.class);
        return handler;
    }

    @Bean
    KafkaAdmin.NewTopics ftcoachTopics(FtcoachKafkaProperties kafka, @Value("${spring.application.name}") String service) {
        if (!kafka.provisionTopics()) {
            return new KafkaAdmin.NewTopics();
        }
        List<NewTopic> topics = new ArrayList<>();
        for (Topic t : Topic.producedBy(service)) {
            TopicBuilder b = TopicBuilder.name(t.topicName()).partitions(t.partitions()).replicas(1)
                    .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(t.retentionMs()));
            topics.add(b.build());
        }
        for (Topic t : Topic.consumedBy(service)) {
            topics.add(TopicBuilder.name(t.deadLetterTopicName()).partitions(t.partitions()).replicas(1)
                    .config(TopicConfig.RETENTION_MS_CONFIG, Long.toString(Topic.DEAD_LETTER_RETENTION.toMillis()))
                    .build());
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    @ConditionalOnMissingBean
    KafkaAdmin kafkaAdmin(FtcoachKafkaProperties kafka, @Value("${spring.application.name}") String service) {
        KafkaAdmin admin = new KafkaAdmin(Map.of(
                "bootstrap.servers", kafka.bootstrapServers(), "client.id", service + "-admin"));
        admin.setFatalIfBrokerNotAvailable(true);
        return admin;
    }

    static Headers deadLetterHeaders(ConsumerRecord<?, ?> record, Exception ex, String service) {
        Headers h = new RecordHeaders();
        Throwable root = rootCause(ex);
        h.add(DeadLetterHeaders.REASON, reason(ex).getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.EXCEPTION, root.getClass().getName().getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.ORIGINAL_TOPIC, record.topic().getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.ORIGINAL_PARTITION, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.ORIGINAL_OFFSET, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.CONSUMER_GROUP, service.getBytes(StandardCharsets.UTF_8));
        h.add(DeadLetterHeaders.FAILED_AT, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        return h;
    }

    private static String reason(Exception ex) {
        Throwable root = rootCause(ex);
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 1000 ? message.substring(0, 1000) + "…" : message;
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable t = ex;
        // Spring wraps listener failures; the cause a person can act on is the innermost one we raised
        while (t.getCause() != null && t.getCause() != t
                && (t instanceof org.springframework.kafka.listener.ListenerExecutionFailedException
                    || t.getClass().getName().startsWith("org.springframework"))) {
            t = t.getCause();
        }
        if (t instanceof DeserializationException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
