package io.ftcoach.task.domain.versions;

import io.ftcoach.task.domain.Task;
import io.ftcoach.task.domain.TrainingConfig;
import io.ftcoach.task.domain.TrainingRequest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Plans a new version (spec §3.3 "New version", §6.1): copy the parent's training config, apply the requested
 * changes, validate the result, describe each change concretely ("LoRA rank 32 → 64 (+100%)") and name the version
 * by the task's strategy.
 */
public final class NewVersionPlanner {

    /** The dispatcher's backends; task.yaml's remote_ssh and cloud map onto ssh and skypilot. */
    public static final List<String> BACKENDS = List.of("baseline", "local", "ssh", "kubernetes", "skypilot");
    private static final Map<String, String> BACKEND_ALIASES = Map.of("remote_ssh", "ssh", "cloud", "skypilot");
    /** LoRA r/α when a version switches from full fine-tuning to a LoRA method (the project default). */
    private static final int DEFAULT_R = 32;
    private static final int DEFAULT_ALPHA = 64;

    private NewVersionPlanner() {
    }

    /**
     * @param parent   the parent's entry in the history, or null when the history does not know it (its config is
     *                 then task.yaml's training block)
     * @param existing every version name the task has
     */
    public static VersionPlan plan(Task task, TrainingRequest r, String parentVersion, VersionEntry parent,
                                   Collection<String> existing, LocalDate today) {
        TrainingConfig base = parent != null && parent.config() != null ? parent.config() : task.training();
        Integer baseBatch = parent == null ? null : parent.batchSize();
        String method = r.method() == null ? base.method() : r.method().toLowerCase(Locale.ROOT);
        if (!TrainingConfig.METHODS.contains(method)) {
            throw new IllegalArgumentException("method '" + r.method() + "' is not supported; use one of "
                    + String.join(", ", TrainingConfig.METHODS));
        }
        String model = r.baseModel() == null ? base.baseModel() : r.baseModel();
        TrainingConfig.requireKnownBaseModel(model);
        boolean lora = !method.equals("full") && !method.equals("sft");
        Integer rank = lora ? firstNonNull(r.loraRank(), base.loraR(), DEFAULT_R) : null;
        Integer alpha = lora ? firstNonNull(r.loraAlpha(), base.loraAlpha(), DEFAULT_ALPHA) : null;
        if (!lora && (r.loraRank() != null || r.loraAlpha() != null)) {
            throw new IllegalArgumentException("loraRank and loraAlpha do not apply to method " + method
                    + " (all weights are trained); leave them out or choose lora, qlora, dpo or orpo");
        }
        TrainingConfig config = new TrainingConfig(model, method, rank, alpha,
                r.epochs() == null ? base.epochs() : r.epochs(),
                r.learningRate() == null ? base.learningRate() : r.learningRate());
        Integer batch = r.batchSize() == null ? baseBatch : r.batchSize();
        String backend = backend(r.backend() == null ? task.executionBackend() : r.backend());

        List<String> changes = new ArrayList<>(r.statedChanges());
        String parentSnapshot = parent == null ? null : parent.dataSnapshotId();
        if (parentVersion != null) {
            change(changes, "base model", base.baseModel(), config.baseModel());
            change(changes, "method", base.method(), config.method());
            number(changes, "LoRA rank", base.loraR(), config.loraR());
            number(changes, "LoRA alpha", base.loraAlpha(), config.loraAlpha());
            number(changes, "epochs", base.epochs(), config.epochs());
            number(changes, "learning_rate", base.learningRate(), config.learningRate());
            number(changes, "batch size", baseBatch, batch);
            if (parentSnapshot != null && !parentSnapshot.equals(r.dataSnapshotId())) {
                changes.add("data snapshot " + shortId(parentSnapshot) + " → " + shortId(r.dataSnapshotId()));
            }
        }
        if (r.threshold() != null && r.threshold() != task.successCriteria().threshold()) {
            changes.add(task.successCriteria().primaryMetric() + " threshold " + task.successCriteria().threshold()
                    + " → " + r.threshold());
        }

        ChangeKind kind;
        if (parentVersion == null) {
            kind = r.isExperimental() ? ChangeKind.EXPERIMENT : ChangeKind.FIRST;
        } else if (r.isExperimental()) {
            kind = ChangeKind.EXPERIMENT;
        } else if (!base.baseModel().equals(config.baseModel()) || !base.method().equals(config.method())
                || parentSnapshot != null && !parentSnapshot.equals(r.dataSnapshotId())) {
            kind = ChangeKind.MAJOR;
        } else {
            kind = ChangeKind.MINOR;
        }
        String version;
        if (r.version() != null) {
            if (existing.contains(r.version())) {
                throw new IllegalStateException("Task '" + task.name() + "' has a version '" + r.version()
                        + "' already; leave version out to have the next name chosen (" + task.versioning().strategy()
                        + " versioning), or choose another");
            }
            version = r.version();
        } else {
            version = VersionNaming.next(task.versioning().strategy(), existing, parentVersion, kind, today);
        }
        return new VersionPlan(version, parentVersion, kind, config, batch, backend, r.dataSnapshotId(), changes);
    }

    static String backend(String raw) {
        String b = BACKEND_ALIASES.getOrDefault(raw, raw);
        if (!BACKENDS.contains(b)) {
            throw new IllegalArgumentException("backend '" + raw + "' is not one of " + String.join(", ", BACKENDS));
        }
        return b;
    }

    @SafeVarargs
    private static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }

    private static void change(List<String> out, String what, String before, String after) {
        if (!Objects.equals(before, after)) {
            out.add(what + " " + before + " → " + after);
        }
    }

    private static void number(List<String> out, String what, Number before, Number after) {
        if (Objects.equals(before, after) || after == null) {
            return;
        }
        if (before == null) {
            out.add(what + " " + after);
            return;
        }
        double b = before.doubleValue();
        double a = after.doubleValue();
        String pct = b == 0 ? "" : String.format(Locale.ROOT, " (%+.0f%%)", (a - b) / b * 100).replace("-", "−");
        out.add(what + " " + text(before) + " → " + text(after) + pct);
    }

    private static String text(Number n) {
        return n instanceof Double d ? (d == Math.rint(d) && Math.abs(d) >= 1 ? Long.toString(d.longValue()) : d.toString())
                : n.toString();
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
