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
        Map<String, Object> doc = new LinkedHashMap<>();
        RequestSection request = l.request();
        doc.put("version", l.version().value());
        doc.put("created", request == null ? null : request.source().occurredAt().toString());
        doc.put("parent", l.parent());
        doc.put("data", request == null ? null : orderedMap("snapshot_id", request.dataSnapshotId()));
        doc.put("config", request == null ? null : config(request.config()));
        doc.put("results", l.results() == null ? null : results(l.results()));
        doc.put("model", l.model() == null ? null : model(l.model()));
        doc.put("changes", new ArrayList<>(ChangeDerivation.changes(l, parent)));
        return doc;
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

    private static <V> Map<String, V> orderedMap(Object... keysAndValues) {
        Map<String, V> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            @SuppressWarnings("unchecked")
            V value = (V) keysAndValues[i + 1];
            m.put((String) keysAndValues[i], value);
        }
        return m;
    }
}
