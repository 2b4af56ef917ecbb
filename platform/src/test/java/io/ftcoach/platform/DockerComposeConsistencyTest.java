package io.ftcoach.platform;

import io.ftcoach.platform.launcher.ServiceApp;
import io.ftcoach.schemas.topics.Topic;
import io.ftcoach.support.api.BindAddressPolicy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No Docker engine runs here, so docker-compose.yml is checked as data: every service is there, on the port it
 * listens on, with every environment variable its configuration reads, pointed at the right Kafka listener and
 * registry, and the infrastructure is set up the way the platform expects.
 */
class DockerComposeConsistencyTest {

    private static final Path COMPOSE = Path.of("..", "docker-compose.yml");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:[^}]*)?}");
    private static Map<String, Object> services;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void load() throws IOException {
        assertThat(COMPOSE).as("docker-compose.yml at the repository root").exists();
        Map<String, Object> compose = new Yaml().load(Files.readString(COMPOSE, StandardCharsets.UTF_8));
        services = (Map<String, Object>) compose.get("services");
    }

    @Test
    void hasTheInfrastructureAndEveryService() {
        assertThat(services).containsKeys("kafka", "schema-registry", "postgres");
        for (ServiceApp app : ServiceApp.ALL) {
            assertThat(services).as("docker-compose service for %s", app.name()).containsKey(app.name());
        }
    }

    @Test
    void everyServiceListensWhereItsConfigurationSays() {
        for (ServiceApp app : ServiceApp.ALL) {
            Map<String, Object> svc = service(app.name());
            Map<String, Object> env = env(svc);
            String port = Integer.toString(app.defaultPort());
            assertThat(env.get(app.portVariable())).as("%s %s", app.name(), app.portVariable()).hasToString(port);
            assertThat(list(svc, "ports")).as("%s ports", app.name()).contains("127.0.0.1:" + port + ":" + port);
            assertThat(yamlOf(app.name())).as("%s.yml", app.name())
                    .contains("port: ${" + app.portVariable() + ":" + port + "}");
        }
    }

    @Test
    void everyServiceRunsItsOwnJar() {
        for (ServiceApp app : ServiceApp.ALL) {
            String jar = "./" + app.name() + "/target/" + app.name() + "-0.1.0-SNAPSHOT-exec.jar:/app/service.jar:ro";
            assertThat(list(service(app.name()), "volumes")).as("%s volumes", app.name()).contains(jar, "workspace:/workspace");
            assertThat(Path.of("..", app.name(), "pom.xml")).exists();
            assertThat(service(app.name()).get("command")).asString().contains("/app/service.jar");
        }
    }

    @Test
    void everyVariableTheServicesReadIsSet() throws IOException {
        Set<String> otherPorts = new HashSet<>();
        ServiceApp.ALL.forEach(a -> otherPorts.add(a.portVariable()));
        for (ServiceApp app : ServiceApp.ALL) {
            Set<String> read = placeholders(yamlOf("ftcoach-common"));
            read.addAll(placeholders(yamlOf(app.name())));
            read.removeIf(v -> otherPorts.contains(v) && !v.equals(app.portVariable()));
            assertThat(env(service(app.name())).keySet()).as("environment of %s", app.name()).containsAll(read);
        }
    }

    @Test
    void servicesReachKafkaAndTheRegistryOnTheirInternalListeners() {
        Map<String, Object> kafka = env(service("kafka"));
        String advertised = kafka.get("KAFKA_ADVERTISED_LISTENERS").toString();
        String registryListener = env(service("schema-registry")).get("SCHEMA_REGISTRY_LISTENERS").toString();
        int registryPort = URI.create(registryListener).getPort();
        for (ServiceApp app : ServiceApp.ALL) {
            Map<String, Object> env = env(service(app.name()));
            assertThat(advertised).contains("PLAINTEXT://" + env.get("FTCOACH_KAFKA_BOOTSTRAP_SERVERS"));
            URI registry = URI.create(env.get("FTCOACH_SCHEMA_REGISTRY_URL").toString());
            assertThat(registry.getHost()).isEqualTo("schema-registry");
            assertThat(registry.getPort()).isEqualTo(registryPort);
            @SuppressWarnings("unchecked")
            Map<String, Object> dependsOn = (Map<String, Object>) service(app.name()).get("depends_on");
            assertThat(dependsOn).as("%s depends_on", app.name()).containsKeys("kafka", "schema-registry");
        }
    }

    @Test
    void servicesBoundBeyondLoopbackCarryTheApiToken() {
        for (ServiceApp app : ServiceApp.ALL) {
            Map<String, Object> env = env(service(app.name()));
            Object token = env.get("FTCOACH_API_TOKEN");
            assertThat(token).asString().startsWith("${FTCOACH_API_TOKEN:?");
            // the same rule the service applies at start-up must pass with these settings
            BindAddressPolicy.check(app.name(), env.get("FTCOACH_BIND_ADDRESS").toString(), true);
        }
    }

    @Test
    void infrastructureIsConfiguredAsThePlatformExpects() {
        Map<String, Object> kafka = env(service("kafka"));
        assertThat(kafka.get("KAFKA_PROCESS_ROLES")).hasToString("broker,controller");
        assertThat(kafka.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE")).hasToString("false");
        assertThat(kafka.get("KAFKA_NUM_PARTITIONS")).hasToString(Integer.toString(Topic.DEFAULT_PARTITIONS));
        assertThat(env(service("schema-registry")).get("SCHEMA_REGISTRY_SCHEMA_COMPATIBILITY_LEVEL"))
                .hasToString("backward");
        assertThat(service("postgres").get("command")).asString().contains("wal_level=logical");
        assertThat(service("postgres").get("image")).asString().startsWith("postgres:15");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> service(String name) {
        Map<String, Object> svc = (Map<String, Object>) services.get(name);
        assertThat(svc).as("service %s in docker-compose.yml", name).isNotNull();
        return svc;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> env(Map<String, Object> svc) {
        return (Map<String, Object>) svc.get("environment");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> svc, String key) {
        return (List<Object>) svc.get(key);
    }

    private static String yamlOf(String configName) {
        try (InputStream in = DockerComposeConsistencyTest.class.getResourceAsStream("/" + configName + ".yml")) {
            assertThat(in).as("%s.yml on the classpath", configName).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Set<String> placeholders(String yaml) {
        Set<String> vars = new HashSet<>();
        Matcher m = PLACEHOLDER.matcher(yaml);
        while (m.find()) {
            vars.add(m.group(1));
        }
        return vars;
    }
}
