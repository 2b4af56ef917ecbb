package io.ftcoach.lineage.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The concrete differences of a version against its parent (spec §6.2 {@code changes}), in the spec's words:
 * "LoRA rank 32 → 64", "epochs 8 → 6", "learning rate 1e-05 → 2e-05", "data snapshot abc123… → def456…".
 *
 * <p>Always in the same order (the order of {@code config} in lineage.yaml, then the data), so the derived list is
 * a pure function of the two requests. Nothing is derived while either request is missing.
 */
public final class ChangeDerivation {

    /** How many characters of a snapshot id are shown before the ellipsis. */
    static final int SNAPSHOT_PREFIX = 12;

    private ChangeDerivation() {
    }

    /** The changes the person stated, then those derived from the parent that are not already stated verbatim. */
    public static List<String> changes(VersionLineage version, VersionLineage parent) {
        return changes(VersionView.of(version, parent));
    }

    /**
     * The changes the person stated, then the config and snapshot differences against the parent, then the data
     * differences of the two snapshots once both are recorded; none derived twice or already stated verbatim.
     */
    public static List<String> changes(VersionView view) {
        VersionLineage version = view.lineage();
        VersionLineage parent = view.parent();
        Set<String> all = new LinkedHashSet<>(version.changes());
        all.addAll(derive(version.request(), parent == null ? null : parent.request()));
        if (parent != null && parent.request() != null && version.request() != null) {
            all.addAll(deriveData(view.parentData(), view.data()));
        }
        return List.copyOf(all);
    }

    /**
     * What differs between two recorded snapshots: row counts per split, rows per label ("+200 rows labelled
     * \"中立\""), the data_source.yaml that produced them and how far each source was read (LSN, cursor, file hash).
     * Empty while either is unknown or both are the same snapshot.
     */
    public static List<String> deriveData(DataSection from, DataSection to) {
        if (from == null || to == null || from.snapshotId().equals(to.snapshotId())) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        rows(out, "train", from.trainCount(), to.trainCount());
        rows(out, "valid", from.validCount(), to.validCount());
        rows(out, "test", from.testCount(), to.testCount());
        Set<String> labels = new java.util.TreeSet<>(from.classDistribution().keySet());
        labels.addAll(to.classDistribution().keySet());
        for (String label : labels) {
            long delta = to.classDistribution().getOrDefault(label, 0L) - from.classDistribution().getOrDefault(label, 0L);
            if (delta != 0) {
                out.add(signed(delta) + " rows labelled \"" + label + "\"");
            }
        }
        if (!Objects.equals(from.dataSourceSha256(), to.dataSourceSha256())) {
            out.add("data_source.yaml " + snapshot(from.dataSourceSha256()) + " → " + snapshot(to.dataSourceSha256()));
        }
        for (DataSection.SourcePosition p : to.sourcePositions()) {
            DataSection.SourcePosition before = from.sourcePositions().stream()
                    .filter(b -> b.sourceName().equals(p.sourceName())).findFirst().orElse(null);
            String what = "source " + p.sourceName() + " (" + p.sourceType() + ")";
            if (before == null) {
                out.add(what + " added at " + p.position());
            } else if (!before.position().equals(p.position())) {
                out.add(what + " position " + before.position() + " → " + p.position());
            }
        }
        for (DataSection.SourcePosition b : from.sourcePositions()) {
            if (to.sourcePositions().stream().noneMatch(p -> p.sourceName().equals(b.sourceName()))) {
                out.add("source " + b.sourceName() + " (" + b.sourceType() + ") removed");
            }
        }
        return out;
    }

    private static void rows(List<String> out, String split, long from, long to) {
        if (from != to) {
            out.add(split + " rows " + from + " → " + to + " (" + signed(to - from) + ")");
        }
    }

    private static String signed(long n) {
        return n > 0 ? "+" + n : Long.toString(n);
    }

    /** Config then data differences of {@code version} against {@code parent}; empty while either is unknown. */
    public static List<String> derive(RequestSection version, RequestSection parent) {
        if (version == null || parent == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        TrainingSettings from = parent.config();
        TrainingSettings to = version.config();
        if (from != null && to != null) {
            diff(out, "base model", from.baseModel(), to.baseModel());
            diff(out, "method", from.method(), to.method());
            diff(out, "LoRA rank", from.loraRank(), to.loraRank());
            diff(out, "LoRA alpha", from.loraAlpha(), to.loraAlpha());
            diff(out, "LoRA dropout", number(from.loraDropout()), number(to.loraDropout()));
            diff(out, "epochs", from.epochs(), to.epochs());
            diff(out, "learning rate", number(from.learningRate()), number(to.learningRate()));
            diff(out, "batch size", from.batchSize(), to.batchSize());
        }
        if (!Objects.equals(parent.dataSnapshotId(), version.dataSnapshotId())) {
            out.add("data snapshot " + snapshot(parent.dataSnapshotId()) + " → " + snapshot(version.dataSnapshotId()));
        }
        return out;
    }

    private static void diff(List<String> out, String what, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            out.add(what + " " + text(from) + " → " + text(to));
        }
    }

    private static String text(Object value) {
        return value == null ? "unset" : value.toString();
    }

    static String snapshot(String id) {
        if (id == null) {
            return "unset";
        }
        return id.length() > SNAPSHOT_PREFIX ? id.substring(0, SNAPSHOT_PREFIX) + "…" : id;
    }

    /**
     * A number as Python prints it, which is how the spec and the training configs write them: {@code 1e-05},
     * {@code 0.0002}, {@code 0.05}, {@code 2.0}. Null stays null.
     */
    public static String number(Double value) {
        if (value == null) {
            return null;
        }
        double d = value;
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        if (d == 0) {
            return "0.0";
        }
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        int exponent = bd.precision() - bd.scale() - 1;
        if (exponent < -4 || exponent >= 16) {
            String digits = bd.unscaledValue().abs().toString();
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            return (d < 0 ? "-" : "") + mantissa + "e" + (exponent < 0 ? "-" : "+")
                    + String.format("%02d", Math.abs(exponent));
        }
        String plain = bd.toPlainString();
        return plain.contains(".") ? plain : plain + ".0";
    }
}
