package io.ftcoach.infra.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Uses brokers of its own (not the shared one), because it stops them. */
class EmbeddedKafkaBrokerTest {

    @Test
    void recordsTopicsAndClusterIdSurviveARestartOnTheSameDirectory(@TempDir Path dir) throws Exception {
        String clusterId;
        try (EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0).start()) {
            clusterId = broker.clusterId();
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("restart-test", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("restart-test", "task-1", "before restart")).get();
            }
            broker.stop();
            assertThat(broker.isRunning()).isFalse();
            broker.stop(); // idempotent
        }

        try (EmbeddedKafkaBroker restarted = new EmbeddedKafkaBroker(dir, 0).start()) {
            assertThat(restarted.clusterId()).isEqualTo(clusterId);
            List<ConsumerRecord<String, String>> read = readAll(restarted.bootstrapServers(), "restart-test");
            assertThat(read).extracting(ConsumerRecord::key, ConsumerRecord::value)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("task-1", "before restart"));

            // the same instance can be started again and keeps its port, so clients' bootstrap stays valid
            String bootstrap = restarted.bootstrapServers();
            restarted.stop();
            restarted.start();
            assertThat(restarted.bootstrapServers()).isEqualTo(bootstrap);
            assertThat(readAll(bootstrap, "restart-test")).hasSize(1);
        }
    }

    @Test
    void aTakenPortIsReportedWithThePortAndHowToChooseAnother(@TempDir Path dir) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getByName("127.0.0.1"))) {
            int port = taken.getLocalPort();
            EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, port);
            assertThatThrownBy(broker::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + port + " on 127.0.0.1 is already in use")
                    .hasMessageContaining("0 picks a free one");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void listenerSettingsCannotBeOverridden(@TempDir Path dir) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, 0, Map.of("listeners", "PLAINTEXT://0.0.0.0:9092"));
        assertThatThrownBy(broker::start).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("listeners is managed by EmbeddedKafkaBroker");
        assertThatThrownBy(broker::bootstrapServers).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has not been started");
    }

    private static List<ConsumerRecord<String, String>> readAll(String bootstrap, String topic) {
        TopicPartition tp = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false), new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp)).get(tp);
            List<ConsumerRecord<String, String>> out = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 20_000;
            while (consumer.position(tp) < end && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
            return out;
        }
    }
}
