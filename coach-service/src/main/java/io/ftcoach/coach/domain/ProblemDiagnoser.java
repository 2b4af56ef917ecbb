package io.ftcoach.coach.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * problem-diagnoser (spec §2.3): symptoms from the evidence, their causes, and a fix list ordered quick wins first
 * (low difficulty), then more data, then long-term work, each with the expected gain of the spec's table.
 *
 * <p>When the task's next version trains on the {@code baseline} backend (the in-process classifier,
 * training-dispatcher's BaselineOptions), only a change of epochs changes what is trained: the baseline has no LoRA
 * adapter, and an LLM's learning rate and batch size are not its own. The §2.3 rules still fire and their fixes stay
 * in the report, as advice for an LLM backend, but a training change the baseline would ignore is taken off the fix
 * and the fix says so; the coach then offers the first fix whose change the baseline does apply, and never a v2 that
 * could only repeat v1.
 */
public final class ProblemDiagnoser {

    /** Spec §2.3 automatic rules: below target and a class under this F1 → class imbalance. */
    public static final double WEAK_CLASS_F1 = 0.60;
    /** Fewer training rows than this → insufficient data. */
    public static final long MIN_TRAIN_ROWS = 500;
    /** LoRA rank under this → model capacity; raise the rank. */
    public static final int MIN_LORA_RANK = 32;
    /** Largest class this many times the smallest → imbalance, even before any evaluation. */
    public static final double IMBALANCE_RATIO = 3.0;

    /** The execution backend that trains the in-process baseline classifier. */
    public static final String BASELINE_BACKEND = "baseline";
    /** The training-change keys the baseline backend applies; the others (LoRA, LLM learning rate, batch) it ignores. */
    public static final Set<String> BASELINE_HONOURS = Set.of("epochs");

    /**
     * Underfitting in the person's words (§2.3 step 2's training symptoms; the router's six symptoms do not name it):
     * the word itself, or a training loss still falling when the training ended.
     */
    private static final Pattern UNDERFITTING = Pattern.compile("欠擬合|欠拟合|擬合不足|拟合不足|\\bunder-?fit"
            + "|\\bloss\\b.{0,30}\\bstill (falling|dropping|decreasing|going down)|(loss|損失|损失).{0,12}(還在|还在|仍在)(下降|降低)",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

    private static final Map<String, Integer> DIFFICULTY = Map.of("low", 0, "medium", 1, "high", 2);

    public Diagnosis diagnose(Evidence e) {
        List<String> symptoms = new ArrayList<>();
        List<Diagnosis.Fix> fixes = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        boolean below = e.value() != null && e.value() < e.threshold();
        String status = e.value() == null
                ? fmt("%s %s: no evaluation yet (target %s ≥ %.2f)", e.task(), e.version() == null ? "" : e.version(),
                e.primaryMetric(), e.threshold())
                : fmt("%s %s: %s %.4f against a target of %.2f (%s)", e.task(), e.version(), e.primaryMetric(),
                e.value(), e.threshold(), below ? fmt("%.4f short", e.threshold() - e.value()) : "met");
        if (e.value() == null) {
            missing.add("evaluation results");
        } else if (below) {
            symptoms.add(fmt("Below target: %s %.4f < %.2f", e.primaryMetric(), e.value(), e.threshold()));
        }

        // one class low → imbalance, ambiguous examples or too few examples of it
        Map.Entry<String, Double> weakest = e.perClassF1().entrySet().stream()
                .min(Map.Entry.comparingByValue()).orElse(null);
        if (weakest != null && weakest.getValue() < WEAK_CLASS_F1) {
            symptoms.add(fmt("Class '%s' is low: F1 %.2f < %.2f", weakest.getKey(), weakest.getValue(), WEAK_CLASS_F1));
            Long rows = e.classDistribution().get(weakest.getKey());
            fixes.add(new Diagnosis.Fix(0, fmt("Add about 200 labelled '%s' examples", weakest.getKey()),
                    fmt("too few or ambiguous '%s' examples%s", weakest.getKey(),
                            rows == null ? "" : fmt(" (%d rows in the snapshot)", rows)),
                    "+5–10% F1", "low", "label more examples of that class, or generate them with an LLM and review them", Map.of()));
            fixes.add(new Diagnosis.Fix(0, "Rebalance the classes (oversample the minority or weight the classes)",
                    "class imbalance", "+3–8%", "low", "oversample the minority class in the training split, or use class weights", Map.of()));
        } else if (e.imbalanceRatio() != null && e.imbalanceRatio() >= IMBALANCE_RATIO) {
            symptoms.add(fmt("Class imbalance in the data: largest / smallest class = %.1f", e.imbalanceRatio()));
            fixes.add(new Diagnosis.Fix(0, "Rebalance the classes (oversample the minority or weight the classes)",
                    "class imbalance", "+3–8%", "low", "oversample the minority class in the training split, or use class weights", Map.of()));
        }
        if (e.perClassF1().isEmpty() && e.value() != null) {
            missing.add("per-class F1");
        }

        if (e.trainCount() == null) {
            missing.add("data statistics");
        } else if (e.trainCount() < MIN_TRAIN_ROWS) {
            symptoms.add(fmt("Too little data: %d training rows < %d", e.trainCount(), MIN_TRAIN_ROWS));
            fixes.add(new Diagnosis.Fix(0, "Generate more training data with an LLM, then review it", "insufficient data",
                    "+5–15%", "medium", "add an llm_generated source (/data-source) with human review of a sample", Map.of()));
        }

        if (e.loraRank() != null && e.loraRank() < MIN_LORA_RANK && (below || e.value() == null)) {
            symptoms.add(fmt("Model capacity: LoRA r=%d < %d", e.loraRank(), MIN_LORA_RANK));
            fixes.add(new Diagnosis.Fix(0, "Raise the LoRA rank to 64", "model capacity (rank too low)", "+2–5%", "low",
                    "train the next version with r=64, alpha=128", Map.of("loraRank", 64, "loraAlpha", 128)));
        } else if (below && e.loraRank() != null && e.loraRank() < 64 && "low_accuracy".equals(e.symptom())) {
            fixes.add(new Diagnosis.Fix(0, "Raise the LoRA rank to 64", "overall score low", "+2–5%", "low",
                    "train the next version with r=64, alpha=128", Map.of("loraRank", 64, "loraAlpha", 128)));
        }

        if ("overfitting".equals(e.symptom())) {
            symptoms.add("Overfitting: training looks good, evaluation does not" + complaint(e));
            int epochs = e.epochs() == null ? 3 : Math.max(1, e.epochs() / 2);
            fixes.add(new Diagnosis.Fix(0, fmt("Fewer epochs (%d) and more dropout, or early stopping", epochs),
                    "too many epochs or too little regularisation", "stability", "low",
                    "train the next version with fewer epochs", Map.of("epochs", epochs)));
        }
        if ("underfitting".equals(e.symptom()) || e.complaint() != null && UNDERFITTING.matcher(e.complaint()).find()) {
            symptoms.add("Underfitting: the training had not settled when it ended" + complaint(e));
            // §3.2's epoch ranges (2–3, 3–5, 5–8, 8–10) end about half as many again as they start
            int epochs = e.epochs() == null ? 3 : e.epochs() + (e.epochs() + 1) / 2;
            fixes.add(new Diagnosis.Fix(0, fmt("More epochs (%d)", epochs),
                    "too few epochs (or a LoRA rank or learning rate too low)", "a closer fit", "low",
                    "train the next version with about half as many epochs again (one more at least), and keep "
                            + "adding while the evaluation score still rises", Map.of("epochs", epochs)));
        }
        if (e.trainingFailure() != null) {
            String reason = e.trainingFailure().toLowerCase(Locale.ROOT);
            symptoms.add("Training failed: " + firstLine(e.trainingFailure()));
            if (reason.contains("memory") || reason.contains("oom")) {
                fixes.add(new Diagnosis.Fix(0, "Halve the batch size (or use a smaller base model)", "out of GPU memory",
                        "the run completes", "low", "train again with batch size 4 and gradient accumulation",
                        Map.of("batchSize", 4)));
            }
        }
        if ("unstable_training".equals(e.symptom())) {
            symptoms.add("Unstable training" + complaint(e));
            fixes.add(new Diagnosis.Fix(0, "Lower the learning rate by half", "learning rate too high", "stability",
                    "low", "train the next version with half the learning rate", Map.of("learningRateFactor", 0.5)));
        }
        if (fixes.isEmpty() && below) {
            fixes.add(new Diagnosis.Fix(0, "Raise the LoRA rank to 64", "overall score low", "+2–5%", "low",
                    "train the next version with r=64, alpha=128", Map.of("loraRank", 64, "loraAlpha", 128)));
            fixes.add(new Diagnosis.Fix(0, "Review the error samples and label guidelines", "noisy or ambiguous labels",
                    "+3–8%", "medium", "re-check the most confused examples", Map.of()));
        }

        List<Diagnosis.Fix> ordered = new ArrayList<>();
        Map<String, Diagnosis.Fix> unique = new LinkedHashMap<>();
        boolean baseline = BASELINE_BACKEND.equalsIgnoreCase(e.backend());
        fixes.forEach(f -> unique.putIfAbsent(f.title(), baseline ? onTheBaseline(f) : f));
        List<Diagnosis.Fix> sorted = new ArrayList<>(unique.values());
        // quick wins first (spec §2.3 priority order); among equals, the order the rules found them
        sorted.sort(Comparator.comparingInt(f -> DIFFICULTY.getOrDefault(f.difficulty(), 3)));
        for (int i = 0; i < sorted.size(); i++) {
            Diagnosis.Fix f = sorted.get(i);
            ordered.add(new Diagnosis.Fix(i + 1, f.title(), f.cause(), f.expectedGain(), f.difficulty(), f.how(),
                    f.trainingChange()));
        }
        return new Diagnosis(e.task(), e.version(), status, symptoms, ordered, missing);
    }

    /** The fix with only the training change the baseline applies; what it would ignore is named in how. */
    static Diagnosis.Fix onTheBaseline(Diagnosis.Fix f) {
        Map<String, Number> kept = new LinkedHashMap<>();
        Set<String> ignored = new TreeSet<>();
        f.trainingChange().forEach((key, value) -> {
            if (BASELINE_HONOURS.contains(key)) {
                kept.put(key, value);
            } else {
                ignored.add(key);
            }
        });
        if (ignored.isEmpty()) {
            return f;
        }
        String how = f.how() + (kept.isEmpty()
                ? " — not applied on the baseline backend, which ignores " + String.join(", ", ignored)
                + " (it has no LoRA adapter and its own learning rate and batch): train on an LLM backend for this fix"
                : " — on the baseline backend only " + String.join(", ", kept.keySet()) + " is applied; it ignores "
                + String.join(", ", ignored));
        return new Diagnosis.Fix(f.priority(), f.title(), f.cause(), f.expectedGain(), f.difficulty(), how, kept);
    }

    /** The report of spec §2.3: status, symptoms, causes, priorities, next actions. */
    public static String report(Diagnosis d) {
        StringBuilder out = new StringBuilder("Diagnosis — ").append(d.status()).append('\n');
        out.append("Symptoms:\n");
        if (d.symptoms().isEmpty()) {
            out.append("  - none found in the evidence\n");
        }
        d.symptoms().forEach(s -> out.append("  - ").append(s).append('\n'));
        out.append("Fixes, in order:\n");
        for (Diagnosis.Fix f : d.fixes()) {
            out.append(fmt("  %d. %s — cause: %s; expected %s; difficulty %s; how: %s%n", f.priority(), f.title(),
                    f.cause(), f.expectedGain(), f.difficulty(), f.how()));
        }
        if (!d.missingEvidence().isEmpty()) {
            out.append("Not available: ").append(String.join(", ", d.missingEvidence())).append('\n');
        }
        return out.toString();
    }

    private static String complaint(Evidence e) {
        return e.complaint() == null ? "" : " (\"" + firstLine(e.complaint()) + "\")";
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 160 ? line : line.substring(0, 160) + "…";
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
