package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.support.workspace.Workspace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployer's preconditions and bookkeeping, with the vLLM target (it writes the guide and needs no server
 * unless one is configured), run on the calling thread.
 */
class DeployerTest {

    @TempDir
    Path home;
    private final List<Deployed> announced = new ArrayList<>();
    private final List<Deployment> announcedFailed = new ArrayList<>();
    private DeploymentRegistry registry;
    private Deployer deployer;

    @BeforeEach
    void setUp() {
        registry = new DeploymentRegistry(home.resolve("state/deployments"));
        deployer = deployer(registry);
    }

    private Deployer deployer(DeploymentRegistry r) {
        return deployer(r, new VllmTarget.Settings("", null, Duration.ofSeconds(5)));
    }

    private Deployer deployer(DeploymentRegistry r, VllmTarget.Settings vllm) {
        DeploymentEventSink sink = new DeploymentEventSink() {
            @Override
            public void deployed(Deployment deployment, Deployed what) {
                announced.add(what);
            }

            @Override
            public void failed(Deployment deployment) {
                announcedFailed.add(deployment);
            }
        };
        return new Deployer(r, List.of(new VllmTarget(HttpClient.newHttpClient(), vllm)),
                new Workspace(home.resolve("workspace")), sink,
                Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC), Runnable::run);
    }

    /** Submits and answers the record as it ended (the worker here is the calling thread). */
    private Deployment deploy(String task, String target, boolean force) {
        return registry.get(deployer.submit(TaskFolders.request(task, target, force, Map.of())).id());
    }

    @Test
    void aVersionThatMetItsTargetIsDeployedAnnouncedAndRecorded() throws Exception {
        TaskFolders.sentiment(home.resolve("workspace"), "met", 0.75);
        Deployment d = deploy("met", "vllm", false);

        assertThat(d.state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(d.finishedAt()).isEqualTo(Instant.parse("2026-11-25T12:00:00Z"));
        assertThat(announced).extracting(Deployed::location).containsExactly("http://localhost:8000/v1");
        assertThat(announcedFailed).isEmpty();
        assertThat(d.category()).isNull();
        assertThat(registry.ofTask("met")).containsExactly(d);
        // a redelivered request answers the deployment it made
        assertThat(deploy("met", "vllm", false)).isEqualTo(d);
        assertThat(announced).hasSize(1);
        // and the record survives a restart
        assertThat(new DeploymentRegistry(home.resolve("state/deployments")).get(d.id())).isEqualTo(d);
    }

    @Test
    void belowItsTargetAVersionIsDeployedOnlyWhenForced() throws Exception {
        TaskFolders.sentiment(home.resolve("workspace"), "missed", 0.9);

        Deployment refused = deploy("missed", "vllm", false);
        assertThat(refused.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(refused.problem()).isEqualTo("Version v1 of task 'missed' missed its target: macro_f1 = 0.8000, "
                + "target ≥ 0.9000.");
        assertThat(refused.fix()).isEqualTo("Improve it first (/coach missed), or request the deployment again with "
                + "force to deploy it anyway.");
        assertThat(refused.category()).isEqualTo(FailureCategory.NOT_READY);
        assertThat(announced).isEmpty();
        assertThat(announcedFailed).containsExactly(refused);
        assertThat(home.resolve("workspace/missed/docs/integration-guide.md")).doesNotExist();

        assertThat(deploy("missed", "vllm", true).state()).isEqualTo(DeploymentState.SUCCEEDED);
        assertThat(announced).hasSize(1);
    }

    @Test
    void anUnknownTargetAnUnevaluatedVersionAndAMissingTaskFailWithTheirFix() throws Exception {
        Path dir = TaskFolders.sentiment(home.resolve("workspace"), "unevaluated", 0.75);
        Files.delete(dir.resolve("benchmarks/results/v1_results.json"));

        Deployment unknown = deploy("unevaluated", "sagemaker", false);
        assertThat(unknown.problem()).isEqualTo("Deploy target 'sagemaker' is not one this service knows.");
        assertThat(unknown.fix()).isEqualTo("Use one of vllm.");

        Deployment unevaluated = deploy("unevaluated", "vllm", false);
        assertThat(unevaluated.problem()).isEqualTo("Version v1 of task 'unevaluated' has no evaluation "
                + "(benchmarks/results/v1_results.json).");
        assertThat(unevaluated.fix()).isEqualTo("Evaluate it first (/evaluate unevaluated v1), then deploy.");

        Deployment missing = deploy("no-such-task", "vllm", false);
        assertThat(missing.problem()).startsWith("Task 'no-such-task' has no task.yaml in ");
        assertThat(announced).isEmpty();
        assertThat(registry.all()).extracting(Deployment::state).containsOnly(DeploymentState.FAILED);
        // each failure announced once, as recorded, with its category
        assertThat(announcedFailed).containsExactly(unknown, unevaluated, missing);
        assertThat(announcedFailed).extracting(Deployment::category).containsExactly(FailureCategory.CONFIGURATION,
                FailureCategory.NOT_READY, FailureCategory.CONFIGURATION);
    }

    @Test
    void aDeploymentLeftRunningByAStoppedProcessIsFailedWithTheReason() {
        Deployment left = registry.save(Deployment.running("d-1", TaskFolders.request("left", "vllm", false,
                Map.of()), Instant.parse("2026-11-25T11:00:00Z")));
        deployer.recover();

        Deployment after = registry.get(left.id());
        assertThat(after.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(after.problem()).contains("stopped while this deployment ran");
        assertThat(after.fix()).startsWith("Request the deployment again");
        assertThat(after.category()).isEqualTo(FailureCategory.INTERRUPTED);
        assertThat(announcedFailed).containsExactly(after);
    }

    @Test
    void aLostFailureAnnouncementLeavesTheRecordStanding() throws Exception {
        TaskFolders.sentiment(home.resolve("workspace"), "quiet", 0.9);
        Deployer unannounced = new Deployer(registry, List.of(new VllmTarget(HttpClient.newHttpClient(),
                new VllmTarget.Settings("", null, Duration.ofSeconds(5)))), new Workspace(home.resolve("workspace")),
                new DeploymentEventSink() {
                    @Override
                    public void deployed(Deployment deployment, Deployed what) {
                    }

                    @Override
                    public void failed(Deployment deployment) {
                        throw new IllegalStateException("broker down");
                    }
                }, Clock.systemUTC(), Runnable::run);
        Deployment d = registry.get(unannounced.submit(TaskFolders.request("quiet", "vllm", false, Map.of())).id());
        assertThat(d.state()).isEqualTo(DeploymentState.FAILED);
        assertThat(new DeploymentRegistry(home.resolve("state/deployments")).get(d.id())).isEqualTo(d);
    }

    @Test
    void aCredentialThatAServerRepeatsIsMaskedInTheRecordAndTheAnnouncement() throws Exception {
        String key = "vllm-key-0123456789abcdef";
        // a badly behaved server that quotes the request's Authorization header back in its error
        try (StubServer vllm = new StubServer(r -> StubServer.Reply.json(500,
                "{\"error\":\"model not loaded for " + r.header("Authorization") + "\"}"))) {
            Deployer withKey = deployer(registry, new VllmTarget.Settings(vllm.url(), key, Duration.ofSeconds(5)));
            TaskFolders.sentiment(home.resolve("workspace"), "keyed", 0.75);
            Deployment d = registry.get(withKey.submit(TaskFolders.request("keyed", "vllm", false, Map.of())).id());

            assertThat(vllm.requests()).isNotEmpty();
            assertThat(d.state()).isEqualTo(DeploymentState.FAILED);
            assertThat(d.category()).isEqualTo(FailureCategory.REMOTE_ERROR);
            assertThat(d.problem()).contains("answered 500", "model not loaded for Bearer ****").doesNotContain(key);
            assertThat(announcedFailed).containsExactly(d);
            try (var files = Files.walk(home.resolve("state"))) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    assertThat(Files.readString(f)).as(f.toString()).doesNotContain(key);
                }
            }
        }
    }
}
