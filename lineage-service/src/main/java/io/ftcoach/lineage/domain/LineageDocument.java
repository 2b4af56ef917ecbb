package io.ftcoach.lineage.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a lineage as the {@code lineage.yaml} tree of spec §6.2: always the same keys in the same order, a key
 * whose event has not arrived yet set to null, so two lineages built from the same events are byte-identical.
 */
public final class LineageDocument {

    /** The artefact kinds spec §6.2 names in {@code model}, with the key each is written under. */
    private static final Map<String, String> MODEL_KEYS = orderedMap(
            "adapter", "adapter_path", "merged", "merged_path", "gguf", "gguf_path", "hf_repo", "hf_repo");

    private LineageDocument() {
    }

    /** The document of a version whose parent is unknown (not recorded yet, or none): only stated changes. */
    public static Map<String, Object> render(VersionLineage l) {
        return render(l, null);
    }

    /**
     * The document of a version, its {@code changes} being those stated followed by those derived from
     * {@code parent} (null when the parent is not recorded yet).
     */
    public static Map<String, Object> render(VersionLineage l, VersionLineage parent) {
        return render(VersionView.of(l, parent));
    }

    /** The top-level keys of lineage.yaml, in order; every one is always present. */
    public static final List<String> KEYS = List.of("version", "created", "parent", "data", "config", "results",
            "model", "changes", "deployment", "analysis");

    /**
     * The document of a version: {@code data} filled from its snapshot once that DataUpdated arrived,
     * {@code changes} stated then derived from the parent (and the parent's snapshot) as far as they are recorded.
     */
    public static Map<String, Object> render(VersionView view) {
        VersionLineage l = view.lineage();
        Map<String, Object> doc = new LinkedHashMap<>();
        RequestSection request = l.request();
        doc.put("version", l.version().value());
        doc.put("created", request == null ? null : request.source().occurredAt().toString());
        doc.put("parent", l.parent());
        doc.put("data", request == null ? null : data(request.dataSnapshotId(), view.data()));
        doc.put("config", request == null ? null : config(request.config()));
        doc.put("results", l.results() == null ? null : results(l.results()));
        doc.put("model", l.model() == null ? null : model(l.model()));
        doc.put("changes", new ArrayList<>(ChangeDerivation.changes(view)));
        doc.put("deployment", l.deployments().isEmpty() ? null : deployment(l.deployments().values()));
        doc.put("analysis", l.analysis() == null ? null : analysis(l.analysis()));
        return doc;
    }

    /** Spec §6.2's data block; counts null until the snapshot's DataUpdated has been recorded. */
    private static Map<String, Object> data(String snapshotId, DataSection d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_id", snapshotId);
        m.put("parent_snapshot_id", d == null ? null : d.parentSnapshotId());
        m.put("source_hash", d == null ? null : d.dataSourceSha256());
        m.put("train_count", d == null ? null : d.trainCount());
        m.put("valid_count", d == null ? null : d.validCount());
        m.put("test_count", d == null ? null : d.testCount());
        m.put("class_distribution", d == null ? null : new LinkedHashMap<>(d.classDistribution()));
        m.put("source_positions", d == null ? null : d.sourcePositions().stream()
                .map(p -> orderedMap("source", p.sourceName(), "type", p.sourceType(), "position", p.position()))
                .toList());
        return m;
    }

    /** The key each target's location is written under, as spec §6.2 words it (ollama {model_name}). */
    static String locationKey(String target) {
        return switch (target) {
            case "huggingface" -> "repo";
            case "ollama" -> "model_name";
            case "vllm" -> "endpoint";
            default -> "location";
        };
    }

    private static Map<String, Object> deployment(java.util.Collection<DeploymentSection> targets) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("deployed_at", targets.stream().map(t -> t.source().occurredAt()).max(java.util.Comparator.naturalOrder())
                .orElseThrow().toString());
        for (DeploymentSection t : targets) {   // by target name
            Map<String, Object> target = new LinkedHashMap<>();
            target.put(locationKey(t.target()), t.location());
            target.put("deployed_at", t.source().occurredAt().toString());
            target.put("artifacts", t.artifacts().stream()
                    .map(a -> orderedMap("kind", a.kind(), "path", a.path())).toList());
            m.put(t.target(), target);
        }
        return m;
    }

    private static Map<String, Object> analysis(AnalysisSection a) {
        return orderedMap("analyzed_at", a.source().occurredAt().toString(), "decision", a.decision(),
                "summary", a.summary(), "compared_with", a.comparedWith(),
                "recommendations", new ArrayList<>(a.recommendations()));
    }

    private static Map<String, Object> config(TrainingSettings c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("base_model", c.baseModel());
        m.put("method", c.method());
        m.put("lora", orderedMap("r", c.loraRank(), "alpha", c.loraAlpha(), "dropout", c.loraDropout()));
        m.put("epochs", c.epochs());
        m.put("learning_rate", c.learningRate());
        m.put("batch_size", c.batchSize());
        return m;
    }

    private static Map<String, Object> results(ResultsSection r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("macro_f1", r.macroF1());
        m.put("accuracy", r.accuracy());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (ClassScore c : r.perClass()) {   // the evaluation's own label order (the task's label enum)
            perClass.put(c.label(), orderedMap("precision", c.precision(), "recall", c.recall(), "f1", c.f1()));
        }
        m.put("per_class", perClass);
        m.put("evaluated_at", r.source().occurredAt().toString());
        return m;
    }

    private static Map<String, Object> model(ModelSection s) {
        Map<String, Object> m = new LinkedHashMap<>();
        MODEL_KEYS.values().forEach(key -> m.put(key, null));
        List<Map<String, Object>> others = new ArrayList<>();
        for (ModelSection.Artifact a : s.artifacts()) {
            String key = MODEL_KEYS.get(a.kind());
            if (key != null && m.get(key) == null) {
                m.put(key, a.path());
            } else if (key == null || !a.path().equals(m.get(key))) {
                // logs, checkpoints, predictions …: kept, in the job's order, so nothing it reported is lost
                others.add(orderedMap("kind", a.kind(), "path", a.path()));
            }
        }
        m.put("other_artifacts", others);
        return m;
    }

    static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            V value = (V) keysAndValues[i + 1];
            m.put((String) keysAndValues[i], value);
        }
        return m;
    }
}
