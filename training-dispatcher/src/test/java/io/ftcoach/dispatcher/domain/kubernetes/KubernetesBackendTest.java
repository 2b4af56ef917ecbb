package io.ftcoach.dispatcher.domain.kubernetes;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.StandInProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static io.ftcoach.dispatcher.domain.project.StandInProject.EVALUATES_WELL;
import static io.ftcoach.dispatcher.domain.project.StandInProject.TRAINS_WELL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The kubernetes backend against fabric8's Kubernetes mock API server (CRUD mode: Jobs and pods are stored as
 * the API server stores them; the test plays the Job controller by creating the pod, answering its log and setting
 * the Job's status, and the pod by writing into the shared workspace).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesBackendTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    private static final String NS = "training";

    @TempDir
    Path root;

    private final List<ProgressUpdate> progress = new CopyOnWriteArrayList<>();
    private final AtomicReference<Object> ended = new AtomicReference<>();

    private KubernetesBackend backend() {
        return new KubernetesBackend(client, new KubernetesBackend.Options(NS, "ghcr.io/ftcoach/trainer:cu124", 2,
                "ftcoach-training-env", "ftcoach-workspace", "/workspace", "python", Duration.ofMillis(100),
                Duration.ofHours(1)), new JobLog(root.resolve("logs")), Clock.systemUTC());
    }

    private Thread start(io.ftcoach.dispatcher.domain.Job job, Path task) {
        Thread worker = new Thread(() -> {
            try {
                ended.set(backend().run(job, task, progress::add));
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        worker.start();
        return worker;
    }

    private Job awaitJob(String name) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Job created;
        while ((created = client.batch().v1().jobs().inNamespace(NS).withName(name).get()) == null
                && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(created).as("Job %s created", name).isNotNull();
        return created;
    }

    /** What the Job controller and the pod's log would show. */
    private void podWithLog(String jobName, String log) {
        String pod = jobName + "-x7k2p";
        client.pods().inNamespace(NS).resource(new PodBuilder().withNewMetadata().withName(pod)
                .addToLabels("job-name", jobName).endMetadata().build()).create();
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + pod + "/log?pretty=false")
                .andReturn(200, log).always();
    }

    private void setStatus(String name, JobStatus status) {
        Job job = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
        job.setStatus(status);
        client.batch().v1().jobs().inNamespace(NS).resource(job).updateStatus();
    }

    @Test
    void createsAGpuJobFollowsItsLogAndReportsWhatItWrote() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);
        io.ftcoach.dispatcher.domain.Job job = StandInProject.job(3600L, false);
        String name = KubernetesBackend.jobName(job);
        Thread worker = start(job, task);

        Job created = awaitJob(name);
        Container trainer = created.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(trainer.getImage()).isEqualTo("ghcr.io/ftcoach/trainer:cu124");
        assertThat(trainer.getResources().getLimits().get("nvidia.com/gpu").getAmount()).isEqualTo("2");
        assertThat(trainer.getEnvFrom().get(0).getSecretRef().getName()).isEqualTo("ftcoach-training-env");
        assertThat(trainer.getWorkingDir()).isEqualTo("/workspace/review-sentiment");
        assertThat(trainer.getCommand()).containsExactly("sh", "-c", "python -u scripts/04_train.py --version v2 && "
                + "python -u scripts/05_evaluate.py --version v2");
        assertThat(trainer.getVolumeMounts().get(0).getMountPath()).isEqualTo("/workspace");
        assertThat(created.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim()
                .getClaimName()).isEqualTo("ftcoach-workspace");
        assertThat(created.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(created.getSpec().getBackoffLimit()).isZero();
        assertThat(created.getSpec().getActiveDeadlineSeconds()).isEqualTo(3600L);

        podWithLog(name, "Loading base model\n{\"step\": 5, \"epoch\": 0.5, \"loss\": 0.9, \"percent\": 50}\n"
                + "{\"step\": 10, \"epoch\": 1, \"loss\": 0.4, \"eval_loss\": 0.45, \"percent\": 100}\n");
        // the pod wrote into the shared workspace volume
        Files.createDirectories(task.resolve("models/adapter/v2"));
        Files.createDirectories(task.resolve("benchmarks/predictions"));
        Files.writeString(task.resolve("benchmarks/predictions/v2_test.jsonl"),
                "{\"input\":\"好\",\"gold\":\"positive\",\"predicted\":\"positive\",\"raw_output\":\"positive\"}\n");
        setStatus(name, new JobStatusBuilder().withSucceeded(1).build());
        worker.join(30_000);

        assertThat(ended.get()).isInstanceOf(TrainingOutcome.Succeeded.class);
        TrainingOutcome.Succeeded done = (TrainingOutcome.Succeeded) ended.get();
        assertThat(done.artifacts()).extracting(JobArtifact::kind, JobArtifact::path).containsExactly(
                tuple("adapter", "models/adapter/v2"), tuple("predictions", "benchmarks/predictions/v2_test.jsonl"));
        assertThat(done.metrics()).containsEntry("train_loss", 0.4).containsEntry("eval_loss", 0.45);
        assertThat(progress).extracting(ProgressUpdate::step).containsExactly(5L, 10L);
        assertThat(new JobLog(root.resolve("logs")).read(job.id())).contains("Created Kubernetes Job training/" + name,
                "Loading base model");
    }

    @Test
    void aFailedJobIsDiagnosedFromItsLogAndADeadlineIsATimeout() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);
        io.ftcoach.dispatcher.domain.Job oom = StandInProject.job(600L, false);
        Thread worker = start(oom, task);
        awaitJob(KubernetesBackend.jobName(oom));
        podWithLog(KubernetesBackend.jobName(oom), "torch.OutOfMemoryError: CUDA out of memory.\n");
        setStatus(KubernetesBackend.jobName(oom), new JobStatusBuilder().withFailed(1).build());
        worker.join(30_000);

        JobFailure failure = ((TrainingOutcome.Failed) ended.get()).failure();
        assertThat(failure.category()).isEqualTo(FailureCategory.OUT_OF_MEMORY);
        assertThat(failure.logTail()).contains("CUDA out of memory");

        io.ftcoach.dispatcher.domain.Job slow = StandInProject.job(600L, false);
        worker = start(slow, task);
        awaitJob(KubernetesBackend.jobName(slow));
        setStatus(KubernetesBackend.jobName(slow), new JobStatusBuilder().withFailed(1).withConditions(
                new JobConditionBuilder().withType("Failed").withStatus("True").withReason("DeadlineExceeded")
                        .build()).build());
        worker.join(30_000);

        JobFailure timeout = ((TrainingOutcome.Failed) ended.get()).failure();
        assertThat(timeout.category()).isEqualTo(FailureCategory.TIMEOUT);
        assertThat(timeout.reason()).contains("activeDeadlineSeconds");
    }

    @Test
    void cancellingDeletesTheJob() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);
        io.ftcoach.dispatcher.domain.Job job = StandInProject.job(600L, false);
        String name = KubernetesBackend.jobName(job);
        Thread worker = start(job, task);
        awaitJob(name);

        worker.interrupt();
        worker.join(30_000);

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(name).get()).isNull();
    }

    @Test
    void aMissingScriptFailsBeforeAnythingIsCreated() throws Exception {
        Path task = StandInProject.create(root.resolve("workspace"), TRAINS_WELL, EVALUATES_WELL);
        Files.delete(task.resolve("scripts/05_evaluate.py"));
        io.ftcoach.dispatcher.domain.Job job = StandInProject.job(600L, false);

        JobFailure failure = ((TrainingOutcome.Failed) backend().run(job, task, progress::add)).failure();

        assertThat(failure.category()).isEqualTo(FailureCategory.CONFIGURATION);
        assertThat(client.batch().v1().jobs().inNamespace(NS).withName(KubernetesBackend.jobName(job)).get()).isNull();
    }
}
