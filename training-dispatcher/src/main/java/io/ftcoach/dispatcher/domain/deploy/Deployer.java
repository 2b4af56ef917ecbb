package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.support.secrets.SecretMasking;
import io.ftcoach.support.workspace.TaskName;
import io.ftcoach.support.workspace.Workspace;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Runs deployment requests one after another on its own worker (uploads take minutes; the Kafka consumer must not
 * wait for them): checks the preconditions (workflow-spec §1.9 step 1), hands the version to its target, records
 * the outcome and announces each thing deployed. A failure is recorded with its category, what went wrong and the
 * fix, shown by the deployments endpoint and announced as DeploymentFailed.
 */
public final class Deployer {

    private static final Logger log = LoggerFactory.getLogger(Deployer.class);

    private final DeploymentRegistry registry;
    private final Map<String, DeployTarget> targets = new LinkedHashMap<>();
    private final Workspace workspace;
    private final DeploymentEventSink events;
    private final Clock clock;
    private final Executor worker;

    public Deployer(DeploymentRegistry registry, List<DeployTarget> targets, Workspace workspace,
                    DeploymentEventSink events, Clock clock, Executor worker) {
        this.registry = registry;
        targets.forEach(t -> this.targets.put(t.name(), t));
        this.workspace = workspace;
        this.events = events;
        this.clock = clock;
        this.worker = worker;
    }

    public List<String> targets() {
        return List.copyOf(targets.keySet());
    }

    /** Records the request and queues it; a request seen before answers its existing deployment. */
    public synchronized Deployment submit(DeploymentRequest request) {
        var existing = registry.findByRequest(request.requestEventId());
        if (existing.isPresent()) {
            return existing.get();
        }
        Deployment d = registry.save(Deployment.running(UUID.randomUUID().toString(), request, clock.instant()));
        worker.execute(() -> run(d));
        return d;
    }

    /** Runs one deployment to its end on the calling thread; answers its final record. */
    Deployment run(Deployment d) {
        DeploymentRequest r = d.request();
        Deployment done;
        try {
            DeployTarget target = targets.get(r.target());
            if (target == null) {
                throw new DeploymentException(FailureCategory.CONFIGURATION,
                        "Deploy target '" + r.target() + "' is not one this service knows.",
                        "Use one of " + String.join(", ", targets.keySet()) + ".");
            }
            if (r.version() == null || r.version().isBlank()) {
                throw new DeploymentException(FailureCategory.CONFIGURATION,
                        "The deployment request for task '" + r.taskId()
                        + "' names no version.", "Send it again with the version to deploy in its envelope.");
            }
            TaskFacts facts = TaskFacts.read(workspace.taskDir(TaskName.of(r.taskId())), r.taskId(), r.version());
            if (needsEvaluation(r)) {
                checkEvaluation(facts, r.force());
            }
            List<Deployed> deployed = target.deploy(r, facts);
            done = registry.save(d.succeed(deployed, clock.instant()));
            log.info("Deployed task '{}' version {} to {}: {}", r.taskId(), r.version(), r.target(),
                    deployed.stream().map(Deployed::location).toList());
        } catch (DeploymentException e) {
            log.warn("Deployment {} of task '{}' version {} to {} failed: {}", d.id(), r.taskId(), r.version(),
                    r.target(), mask(e.getMessage()));
            return failed(d, e.category(), e.problem(), e.fix());
        } catch (RuntimeException e) {
            log.error("Deployment {} of task '{}' version {} to {} failed", d.id(), r.taskId(), r.version(),
                    r.target(), e);
            return failed(d, FailureCategory.UNKNOWN, "Unexpected error: " + e.getMessage() + ".",
                    "Read the training-dispatcher's log for deployment " + d.id() + ", then request it again.");
        }
        for (Deployed what : done.deployed()) {
            try {
                events.deployed(done, what);
            } catch (RuntimeException e) {
                // the deployment stands; its record and the endpoint still show it
                log.error("ModelDeployed for {} of deployment {} was not published: {}", what.location(), d.id(),
                        e.getMessage());
            }
        }
        return done;
    }

    /**
     * Records the failure with every credential of every target masked (a server's answer quoted in the problem, or
     * an exception's message, could repeat one), then announces it. The record stands even when the announcement
     * is lost; the endpoint still shows it.
     */
    private Deployment failed(Deployment d, FailureCategory category, String problem, String fix) {
        Deployment done = registry.save(d.fail(category, mask(problem), mask(fix), clock.instant()));
        try {
            events.failed(done);
        } catch (RuntimeException e) {
            log.error("DeploymentFailed for deployment {} was not published: {}", d.id(), e.getMessage());
        }
        return done;
    }

    private String mask(String text) {
        return SecretMasking.mask(text, targets.values().stream().flatMap(t -> t.secrets().stream()).toList());
    }

    /** A dataset upload carries no model, so it needs no evaluation. */
    private static boolean needsEvaluation(DeploymentRequest r) {
        return !(r.target().equals(HuggingFaceTarget.NAME)
                && HuggingFaceTarget.variants(r.option("variant", "adapter")).equals(List.of("dataset")));
    }

    /** The version must have been evaluated; below its target it is deployed only when forced. */
    static void checkEvaluation(TaskFacts t, boolean force) {
        if (!t.evaluated()) {
            throw new DeploymentException(FailureCategory.NOT_READY,
                    "Version " + t.version() + " of task '" + t.taskId() + "' has no evaluation ("
                    + "benchmarks/results/" + t.version() + "_results.json).",
                    "Evaluate it first (/evaluate " + t.taskId() + " " + t.version() + "), then deploy.");
        }
        JsonNode r = t.results();
        String primary = r.path("primary_metric").asString("macro_f1");
        JsonNode criterion = r.path("pass_criteria").path(primary);
        boolean passed = criterion.path("passed").asBoolean(!"FAILED".equals(r.path("overall_status").asString()));
        if (!passed && !force) {
            throw new DeploymentException(FailureCategory.NOT_READY, String.format(Locale.ROOT,
                    "Version %s of task '%s' missed its target: %s = %.4f, target ≥ %.4f.", t.version(), t.taskId(),
                    primary, criterion.path("actual").asDouble(), criterion.path("threshold").asDouble()),
                    "Improve it first (/coach " + t.taskId() + "), or request the deployment again with force to "
                            + "deploy it anyway.");
        }
    }

    /** Deployments left running by the last process cannot be resumed halfway; they are failed with the reason. */
    public void recover() {
        for (Deployment d : registry.all()) {
            if (d.state() == DeploymentState.RUNNING) {
                failed(d, FailureCategory.INTERRUPTED, "The training-dispatcher stopped while this deployment ran, "
                        + "so it may be incomplete.", "Request the deployment again; uploads and creates are repeatable.");
            }
        }
    }
}
