package io.ftcoach.dispatcher;

import io.ftcoach.dispatcher.domain.deploy.HubStub;
import io.ftcoach.dispatcher.domain.deploy.StubServer;
import io.ftcoach.dispatcher.domain.deploy.TaskFolders;
import io.ftcoach.events.Artifact;
import io.ftcoach.events.DeploymentFailed;
import io.ftcoach.events.DeploymentFailureCategory;
import io.ftcoach.events.DeploymentRequested;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.infra.testing.EventProbe;
import io.ftcoach.infra.testing.RunningService;
import io.ftcoach.schemas.testing.SampleEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Deployment in the running service: DeploymentRequested in through the real broker, the Hub stand-in
 * ({@link HubStub}, which speaks the Hub's HTTP API) reached through the service's own yml settings, ModelDeployed
 * out; an unreachable Ollama and a Hub that answers an error recorded as failed deployments with their fix and
 * announced as DeploymentFailed; all shown by the deployments endpoint.
 */
class DeploymentServiceTest {

    private static final String TOKEN = "hf_service_test_token_789";
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HubStub HUB = new HubStub(TOKEN);
    private static final int NO_OLLAMA = closedPort();

    static {
        // the service's yml reads these placeholders; system properties are one of the places Spring looks
        System.setProperty("FTCOACH_HF_ENDPOINT", HUB.url());
        System.setProperty("HF_TOKEN", TOKEN);
        System.setProperty("FTCOACH_HF_ORG", "acme");
        System.setProperty("FTCOACH_OLLAMA_URL", "http://127.0.0.1:" + NO_OLLAMA);
    }

    @RegisterExtension
    static final RunningService service = new RunningService(TrainingDispatcherApplication::builder);
    private final EventProbe events = service.events();

    @AfterAll
    static void stopHub() {
        Stream.of("FTCOACH_HF_ENDPOINT", "HF_TOKEN", "FTCOACH_HF_ORG", "FTCOACH_OLLAMA_URL").forEach(System::clearProperty);
        HUB.close();
    }

    private static DeploymentRequested request(String task, String target, Map<String, String> options) {
        DeploymentRequested r = SampleEvents.of(DeploymentRequested.class, task);
        r.setTarget(target);
        r.setForce(false);
        r.setOptions(Map.copyOf(options));
        return r;
    }

    @Test
    void anAdapterIsDeployedToTheHubAndAnnounced() throws Exception {
        String task = "svc-sentiment";
        TaskFolders.sentiment(service.workspace(), task, 0.75);
        DeploymentRequested request = request(task, "huggingface", Map.of("variant", "adapter"));
        events.send(request);

        ModelDeployed deployed = events.await(ModelDeployed.class, task, WAIT);
        assertThat(deployed.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
        assertThat(deployed.getEnvelope().getCorrelationId()).isEqualTo(request.getEnvelope().getCorrelationId());
        assertThat(deployed.getEnvelope().getVersion()).isEqualTo("v1");
        assertThat(deployed.getEnvelope().getSource()).isEqualTo("training-dispatcher");
        assertThat(deployed.getTarget()).isEqualTo("huggingface");
        assertThat(deployed.getLocation()).isEqualTo(HUB.url() + "/acme/ftcoach-svc-sentiment-adapter");
        assertThat(deployed.getArtifacts()).extracting(Artifact::getKind, Artifact::getPath).containsExactly(
                tuple("hf_adapter", HUB.url() + "/acme/ftcoach-svc-sentiment-adapter/tree/v1"),
                tuple("model_card", "models/cards/v1/adapter.md"));
        String repo = "models/acme/ftcoach-svc-sentiment-adapter";
        assertThat(HUB.files.get(repo)).containsKeys("README.md", "adapter_config.json", "adapter_model.safetensors");
        assertThat(HUB.tags).containsKey(repo + "@v1");

        JsonNode list = JSON.readTree(get("/api/tasks/" + task + "/deployments").body());
        assertThat(list).hasSize(1);
        assertThat(list.get(0).path("state").asString()).isEqualTo("succeeded");
        assertThat(list.get(0).path("deployed").get(0).path("location").asString()).isEqualTo(deployed.getLocation());
        assertThat(list.get(0).path("request").path("requestEventId").asString())
                .isEqualTo(request.getEnvelope().getEventId());
        assertThat(get("/api/deployments/" + list.get(0).path("id").asString()).statusCode()).isEqualTo(200);
        // the token is nowhere in what the service keeps
        try (Stream<Path> files = Files.walk(service.home())) {
            files.filter(Files::isRegularFile).forEach(f -> assertThat(read(f)).as(f.toString()).doesNotContain(TOKEN));
        }
    }

    @Test
    void anUnreachableOllamaIsAFailedDeploymentWithItsFixAndNoAnnouncement() throws Exception {
        String task = "svc-ollama";
        TaskFolders.sentiment(service.workspace(), task, 0.75);

        DeploymentRequested request = request(task, "ollama", Map.of());
        events.send(request);

        DeploymentFailed failed = events.await(DeploymentFailed.class, task, WAIT);
        JsonNode d = awaitEnded(task);
        assertThat(d.path("state").asString()).isEqualTo("failed");
        assertThat(d.path("category").asString()).isEqualTo("UNREACHABLE");
        assertThat(d.path("problem").asString()).startsWith("Cannot reach Ollama at http://127.0.0.1:" + NO_OLLAMA);
        assertThat(d.path("fix").asString()).contains("FTCOACH_OLLAMA_URL");
        // the announcement says what the record says, caused by the request
        assertThat(failed.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
        assertThat(failed.getEnvelope().getCorrelationId()).isEqualTo(request.getEnvelope().getCorrelationId());
        assertThat(failed.getEnvelope().getVersion()).isEqualTo("v1");
        assertThat(failed.getEnvelope().getSource()).isEqualTo("training-dispatcher");
        assertThat(failed.getDeploymentId()).isEqualTo(d.path("id").asString());
        assertThat(failed.getTarget()).isEqualTo("ollama");
        assertThat(failed.getCategory()).isEqualTo(DeploymentFailureCategory.UNREACHABLE);
        assertThat(failed.getReason()).isEqualTo(d.path("problem").asString());
        assertThat(failed.getFix()).isEqualTo(d.path("fix").asString());
        assertThat(events.readToEnd(ModelDeployed.class, task)).isEmpty();
        assertThat(events.readToEnd(DeploymentFailed.class, task)).hasSize(1);

        HttpResponse<String> unknown = get("/api/deployments/nope");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).path("detail").asString())
                .isEqualTo("No deployment 'nope'; list a task's deployments with GET /api/tasks/{task}/deployments");
        assertThat(get("/api/tasks/Not_Kebab/deployments").statusCode()).isEqualTo(400);
    }

    @Test
    void aHubThatAnswersAnErrorIsAnnouncedAsDeploymentFailedWithoutTheToken() throws Exception {
        String task = "svc-hub-down";
        TaskFolders.sentiment(service.workspace(), task, 0.75);
        // the Hub fails the commit and, badly behaved, quotes the request's Authorization header back
        HUB.handler(r -> r.path().contains("/commit/")
                ? StubServer.Reply.json(500, "{\"error\":\"Internal Error for " + r.header("Authorization") + "\"}")
                : HUB.answer(r));
        try {
            DeploymentRequested request = request(task, "huggingface", Map.of("variant", "adapter"));
            events.send(request);

            DeploymentFailed failed = events.await(DeploymentFailed.class, task, WAIT);
            assertThat(failed.getEnvelope().getCausationId()).isEqualTo(request.getEnvelope().getEventId());
            assertThat(failed.getTarget()).isEqualTo("huggingface");
            assertThat(failed.getCategory()).isEqualTo(DeploymentFailureCategory.REMOTE_ERROR);
            assertThat(failed.getReason()).startsWith("the Hugging Face Hub answered 500 to POST "
                    + "/api/models/acme/ftcoach-svc-hub-down-adapter/commit/main").contains("Bearer ****")
                    .doesNotContain(TOKEN);
            assertThat(failed.getFix()).isNotBlank().doesNotContain(TOKEN);
            assertThat(events.readToEnd(ModelDeployed.class, task)).isEmpty();
            JsonNode d = awaitEnded(task);
            assertThat(d.path("problem").asString()).isEqualTo(failed.getReason());
            try (Stream<Path> files = Files.walk(service.home())) {
                files.filter(Files::isRegularFile).forEach(f -> assertThat(read(f)).as(f.toString())
                        .doesNotContain(TOKEN));
            }
        } finally {
            HUB.handler(HUB::answer);
        }
    }

    private JsonNode awaitEnded(String task) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode list = JSON.readTree(get("/api/tasks/" + task + "/deployments").body());
            if (!list.isEmpty() && !list.get(0).path("state").asString().equals("running")) {
                return list.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("The deployment of " + task + " did not end within " + WAIT);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String read(Path f) {
        try {
            return new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
