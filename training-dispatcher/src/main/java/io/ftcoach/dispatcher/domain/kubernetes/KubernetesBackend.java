package io.ftcoach.dispatcher.domain.kubernetes;

import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ftcoach.dispatcher.domain.FailureCategory;
import io.ftcoach.dispatcher.domain.JobFailure;
import io.ftcoach.dispatcher.domain.JobLog;
import io.ftcoach.dispatcher.domain.ProgressUpdate;
import io.ftcoach.dispatcher.domain.TrainingBackend;
import io.ftcoach.dispatcher.domain.TrainingOutcome;
import io.ftcoach.dispatcher.domain.project.GeneratedProject;
import io.ftcoach.dispatcher.domain.project.LogTail;
import io.ftcoach.dispatcher.domain.project.ProgressLines;
import io.ftcoach.dispatcher.domain.project.ProgressThrottle;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code kubernetes}: runs the generated project as a batch/v1 Job on a GPU node (fabric8 client,
 * ARCHITECTURE.md §5). The Job's one container runs the image with {@code nvidia.com/gpu} limits, its environment
 * from a Secret (tokens stay in the cluster), and the workspace's PersistentVolumeClaim mounted where this service
 * sees the workspace, so the adapter and predictions land in the task folder directly. It polls the Job's status,
 * follows the pod's log (progress lines parsed), and deletes the Job (and its pods) on cancel. The request's time
 * limit is the Job's {@code activeDeadlineSeconds}. A run for a job whose Job exists already follows that one.
 */
public final class KubernetesBackend implements TrainingBackend {

    public static final String NAME = "kubernetes";
    private static final int TAIL_LINES = 40;

    /**
     * @param image         a CUDA image with the project's requirements (torch, transformers, trl, peft)
     * @param gpus          nvidia.com/gpu per job
     * @param secret        the Secret whose keys become the container's environment (HF_TOKEN …); blank for none,
     *                      and a Secret that does not exist yet leaves the environment without its keys
     * @param workspaceClaim the PersistentVolumeClaim holding the workspace
     * @param workspaceMount where the claim is mounted in the container (and in this service)
     */
    public record Options(String namespace, String image, int gpus, String secret, String workspaceClaim,
                          String workspaceMount, String python, Duration pollInterval, Duration progressInterval) {
    }

    private final KubernetesClient client;
    private final Options options;
    private final JobLog jobLog;
    private final Clock clock;

    public KubernetesBackend(KubernetesClient client, Options options, JobLog jobLog, Clock clock) {
        this.client = client;
        this.options = options;
        this.jobLog = jobLog;
        this.clock = clock;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String location() {
        return "Kubernetes namespace " + options.namespace() + " (" + options.gpus() + " × nvidia.com/gpu)";
    }

    @Override
    public boolean reattaches() {
        return true;
    }

    /** The Job's name: one per training job, within Kubernetes' 63 characters. */
    public static String jobName(io.ftcoach.dispatcher.domain.Job job) {
        return "ftcoach-train-" + job.id().replaceAll("[^a-z0-9]", "").substring(0, 12);
    }

    @Override
    public TrainingOutcome run(io.ftcoach.dispatcher.domain.Job job, Path taskDir, Consumer<ProgressUpdate> progress)
            throws InterruptedException {
        GeneratedProject project;
        try {
            project = GeneratedProject.in(taskDir, job.request().version());
        } catch (IllegalArgumentException e) {
            return failed(FailureCategory.CONFIGURATION, e.getMessage(), "", false);
        }
        String name = jobName(job);
        var jobs = client.batch().v1().jobs().inNamespace(options.namespace());
        try {
            if (jobs.withName(name).get() == null) {
                String checkpoint = job.attempt() > 1 || job.request().resumeFromCheckpoint()
                        ? project.latestCheckpoint().orElse(null) : null;
                jobs.resource(spec(job, project, checkpoint)).create();
                note(job, "Created Kubernetes Job " + options.namespace() + "/" + name + " (" + options.image() + ", "
                        + options.gpus() + " × nvidia.com/gpu" + (checkpoint == null ? "" : ", resuming from "
                        + checkpoint) + ")");
            } else {
                note(job, "Following the existing Kubernetes Job " + options.namespace() + "/" + name);
            }
        } catch (KubernetesClientException e) {
            if (interruption(e)) {
                delete(job, name);
                throw new InterruptedException("cancelled");
            }
            boolean denied = e.getCode() == 401 || e.getCode() == 403;
            return failed(denied ? FailureCategory.CONFIGURATION : FailureCategory.INFRASTRUCTURE, "Cannot create the "
                    + "Kubernetes Job " + options.namespace() + "/" + name + ": " + e.getMessage() + (denied
                    ? ". Give this service's account the right to create batch/v1 Jobs in " + options.namespace()
                    : ". Check the cluster is reachable (kubeconfig or in-cluster service account)"), "", !denied);
        }
        ProgressThrottle throttle = new ProgressThrottle(progress, options.progressInterval(), System::nanoTime);
        Map<String, Double> metrics = new LinkedHashMap<>();
        LogTail tail = new LogTail(TAIL_LINES);
        int[] seen = {0};
        long started = System.nanoTime();
        try {
            while (true) {
                Job current = jobs.withName(name).get();
                readLog(job, name, seen, tail, throttle, metrics);
                if (current == null) {
                    return failed(FailureCategory.INFRASTRUCTURE, "The Kubernetes Job " + options.namespace() + "/"
                            + name + " was deleted outside the dispatcher", tail.text(), true);
                }
                JobStatus status = current.getStatus();
                if (status != null && status.getSucceeded() != null && status.getSucceeded() > 0) {
                    throttle.flush();
                    Map<String, Double> all = new LinkedHashMap<>(metrics);
                    all.putIfAbsent("train_runtime", (System.nanoTime() - started) / 1e9);
                    return project.outcome(NAME, all);
                }
                if (status != null && status.getFailed() != null && status.getFailed() > 0) {
                    throttle.flush();
                    return ended(name, status, tail);
                }
                Thread.sleep(options.pollInterval().toMillis());
            }
        } catch (InterruptedException e) {
            note(job, "Deleting the Kubernetes Job " + options.namespace() + "/" + name + " and its pods");
            delete(job, name);
            throw e;
        } catch (KubernetesClientException e) {
            if (interruption(e)) {
                // the cancel's interrupt landed inside an API call rather than between polls
                note(job, "Deleting the Kubernetes Job " + options.namespace() + "/" + name + " and its pods");
                delete(job, name);
                throw new InterruptedException("cancelled");
            }
            return failed(FailureCategory.INFRASTRUCTURE, "Lost the Kubernetes API while following Job "
                    + options.namespace() + "/" + name + ": " + e.getMessage() + ". A retry follows the Job again",
                    tail.text(), true);
        }
    }

    Job spec(io.ftcoach.dispatcher.domain.Job job, GeneratedProject project, String checkpoint) {
        String workDir = options.workspaceMount() + "/" + job.request().taskId();
        String run = options.python() + " " + String.join(" ", project.trainArguments(checkpoint)) + " && "
                + options.python() + " " + String.join(" ", project.evaluateArguments());
        JobBuilder builder = new JobBuilder()
                .withNewMetadata().withName(jobName(job)).withNamespace(options.namespace())
                .addToLabels("app.kubernetes.io/managed-by", "ftcoach-training-dispatcher")
                .addToLabels("ftcoach.io/task", job.request().taskId())
                .addToAnnotations("ftcoach.io/job-id", job.id())
                .addToAnnotations("ftcoach.io/version", job.request().version())
                .endMetadata()
                .withNewSpec().withBackoffLimit(0)
                .withActiveDeadlineSeconds(job.request().timeLimitSeconds())
                .withNewTemplate()
                .withNewMetadata().addToLabels("ftcoach.io/task", job.request().taskId()).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                .addNewContainer().withName("trainer").withImage(options.image()).withWorkingDir(workDir)
                .withCommand("sh", "-c", run)
                .addNewEnv().withName("PYTHONUNBUFFERED").withValue("1").endEnv()
                .withNewResources().addToLimits("nvidia.com/gpu", new Quantity(Integer.toString(options.gpus())))
                .endResources()
                .addNewVolumeMount().withName("workspace").withMountPath(options.workspaceMount()).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("workspace").withNewPersistentVolumeClaim()
                .withClaimName(options.workspaceClaim()).endPersistentVolumeClaim().endVolume()
                .endSpec().endTemplate().endSpec();
        Job spec = builder.build();
        if (options.secret() != null && !options.secret().isBlank()) {
            spec.getSpec().getTemplate().getSpec().getContainers().get(0).setEnvFrom(List.of(
                    new io.fabric8.kubernetes.api.model.EnvFromSourceBuilder().withNewSecretRef()
                            .withName(options.secret()).withOptional(true).endSecretRef().build()));
        }
        return spec;
    }

    private TrainingOutcome ended(String name, JobStatus status, LogTail tail) {
        String reason = status.getConditions() == null ? "" : status.getConditions().stream()
                .filter(c -> "Failed".equals(c.getType())).map(JobCondition::getReason).filter(r -> r != null)
                .findFirst().orElse("");
        if (reason.equals("DeadlineExceeded")) {
            return failed(FailureCategory.TIMEOUT, "The Kubernetes Job " + options.namespace() + "/" + name + " passed "
                    + "its time limit (activeDeadlineSeconds); raise the request's timeLimitSeconds or train fewer "
                    + "epochs", tail.text(), false);
        }
        return new TrainingOutcome.Failed(GeneratedProject.diagnose("The Kubernetes Job " + options.namespace() + "/"
                + name + " failed" + (reason.isEmpty() ? "" : " (" + reason + ")"), 1, tail.text()));
    }

    /** The pod's whole log each time; the lines after those seen go on. A pod not yet scheduled has none. */
    private void readLog(io.ftcoach.dispatcher.domain.Job job, String name, int[] seen, LogTail tail,
                         ProgressThrottle throttle, Map<String, Double> metrics) {
        PodList pods = client.pods().inNamespace(options.namespace()).withLabel("job-name", name).list();
        if (pods == null || pods.getItems().isEmpty()) {
            return;
        }
        String log;
        try {
            log = client.pods().inNamespace(options.namespace()).withName(pods.getItems().get(0).getMetadata()
                    .getName()).getLog();
        } catch (KubernetesClientException e) {
            return; // the container has not started yet
        }
        if (log == null || log.isEmpty()) {
            return;
        }
        String[] lines = log.split("\\R");
        for (int i = seen[0]; i < lines.length; i++) {
            tail.add(lines[i]);
            note(job, lines[i]);
            ProgressLines.progress(lines[i]).ifPresent(update -> {
                ProgressLines.record(update, metrics);
                throttle.accept(update);
            });
            metrics.putAll(ProgressLines.metrics(lines[i]));
        }
        seen[0] = Math.max(seen[0], lines.length);
    }

    private void delete(io.ftcoach.dispatcher.domain.Job job, String name) {
        try {
            client.batch().v1().jobs().inNamespace(options.namespace()).withName(name)
                    .withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            note(job, "Could not delete the Kubernetes Job " + options.namespace() + "/" + name + ": " + e.getMessage()
                    + "; delete it by hand: kubectl delete job -n " + options.namespace() + " " + name);
        }
    }

    /** True when an API call failed because the thread was interrupted (a cancel); clears the interrupt. */
    private static boolean interruption(Throwable e) {
        boolean interrupted = Thread.interrupted();
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.io.InterruptedIOException) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    private void note(io.ftcoach.dispatcher.domain.Job job, String line) {
        if (jobLog != null) {
            jobLog.append(job.id(), clock.instant(), line);
        }
    }

    private static TrainingOutcome failed(FailureCategory category, String reason, String tail, boolean retryable) {
        return new TrainingOutcome.Failed(new JobFailure(category, reason, tail, retryable));
    }
}
