package io.ftcoach.lineage.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which versions of a task a retention run keeps and which it removes, and why (spec §6.1), rules in order:
 * <ol>
 *   <li>never the deployed: the version each target last received (an older deployment was replaced);</li>
 *   <li>never the best: the highest primary metric, ties to the newer;</li>
 *   <li>a failed experimental version ({@code -exp} whose evaluation missed its threshold, or that has no results)
 *       expires once it is older than {@code expireExperimentsAfter}; until then it is kept;</li>
 *   <li>of the rest, the {@code keep} most recent are kept (by creation; one not requested yet counts as newest);
 *       older ones are removed.</li>
 * </ol>
 * A successful experimental version is treated like any other. Pure: the same versions and time give the same plan.
 */
public final class Retention {

    public static final String EXPERIMENTAL_SUFFIX = "-exp";

    private Retention() {
    }

    /** One version's fate; {@code artifacts} are the model files its TrainingCompleted reported. */
    public record Decision(String version, String reason, List<String> artifacts) {
    }

    /** The plan, newest first in each list; {@code applied} false for a dry run. */
    public record Plan(String task, int keep, Duration expireExperimentsAfter, boolean applied,
                       List<Decision> kept, List<Decision> removed) {
    }

    public static Plan plan(String task, List<VersionLineage> versions, int keep, Duration expireExperimentsAfter,
                            Instant now, boolean apply) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep
                    + ": the most recent version is always kept");
        }
        List<VersionLineage> newestFirst = new ArrayList<>(versions);
        newestFirst.sort(Comparator.comparing(Retention::created, Comparator.nullsFirst(Comparator.reverseOrder()))
                .thenComparing(v -> v.version().value(), Comparator.reverseOrder()));
        Map<String, String> deployed = deployed(versions);
        VersionLineage best = best(versions);
        List<Decision> kept = new ArrayList<>();
        List<Decision> removed = new ArrayList<>();
        Set<String> recent = new LinkedHashSet<>();
        for (VersionLineage v : newestFirst) {
            String name = v.version().value();
            List<String> artifacts = v.model() == null ? List.of()
                    : v.model().artifacts().stream().map(ModelSection.Artifact::path).toList();
            if (deployed.containsKey(name)) {
                kept.add(new Decision(name, "deployed: " + deployed.get(name), artifacts));
            } else if (best != null && best.version().equals(v.version())) {
                ResultsSection r = best.results();
                kept.add(new Decision(name, "best " + r.primaryMetric() + " " + r.primaryValue()
                        + " of the task", artifacts));
            } else if (failedExperiment(v)) {
                Instant created = created(v);
                String why = "failed experimental version (" + failure(v) + ")";
                if (created == null || !created.plus(expireExperimentsAfter).isAfter(now)) {
                    removed.add(new Decision(name, why + ", older than " + expireExperimentsAfter.toDays()
                            + " days", artifacts));
                } else {
                    kept.add(new Decision(name, why + ", expires after "
                            + created.plus(expireExperimentsAfter), artifacts));
                }
            } else if (recent.size() < keep) {
                recent.add(name);
                kept.add(new Decision(name, "one of the " + keep + " most recent", artifacts));
            } else {
                removed.add(new Decision(name, "older than the " + keep + " most recent " + recent, artifacts));
            }
        }
        return new Plan(task, keep, expireExperimentsAfter, apply, List.copyOf(kept), List.copyOf(removed));
    }

    /** Version → "ollama (model:v2), huggingface (org/repo)": each target's latest deployment. */
    static Map<String, String> deployed(List<VersionLineage> versions) {
        Map<String, DeploymentSection> latest = new HashMap<>();
        Map<String, String> versionOf = new HashMap<>();
        for (VersionLineage v : versions) {
            for (DeploymentSection d : v.deployments().values()) {
                DeploymentSection current = latest.get(d.target());
                if (current == null || d.source().isNewerThan(current.source())) {
                    latest.put(d.target(), d);
                    versionOf.put(d.target(), v.version().value());
                }
            }
        }
        Map<String, String> out = new java.util.TreeMap<>();
        latest.keySet().stream().sorted().forEach(target -> out.merge(versionOf.get(target),
                target + " (" + latest.get(target).location() + ")", (a, b) -> a + ", " + b));
        return out;
    }

    /** The version with the highest primary metric; null when none has one. */
    static VersionLineage best(List<VersionLineage> versions) {
        return versions.stream().filter(v -> v.results() != null && v.results().primaryValue() != null)
                .max(Comparator.comparing((VersionLineage v) -> v.results().primaryValue())
                        .thenComparing(Retention::created, Comparator.nullsLast(Comparator.naturalOrder()))
                        .thenComparing(v -> v.version().value()))
                .orElse(null);
    }

    static boolean failedExperiment(VersionLineage v) {
        return v.version().value().endsWith(EXPERIMENTAL_SUFFIX) && (v.results() == null || !v.results().passed());
    }

    private static String failure(VersionLineage v) {
        ResultsSection r = v.results();
        if (r == null) {
            return "no evaluation recorded";
        }
        return r.primaryMetric() + " " + r.primaryValue() + " below its threshold " + r.threshold();
    }

    private static Instant created(VersionLineage v) {
        return v.request() == null ? null : v.request().source().occurredAt();
    }
}
