package io.ftcoach.lineage.domain;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of {@code versions/<v>/} (spec §6.2, content defined in docs/lineage-files.md), rendered from a
 * {@link VersionView}: {@value #LINEAGE} always, each of the others once the event it is made from has arrived.
 * Keys always in the same order and numbers written the same way, so equal views give byte-identical files.
 */
public final class VersionFiles {

    public static final String LINEAGE = "lineage.yaml";
    public static final String CONFIG = "config.yaml";
    public static final String DATA_SNAPSHOT = "data_snapshot.json";
    public static final String RESULTS = "results.json";
    public static final String MODEL_INFO = "model_info.json";
    /** Every file lineage renders, in the order it writes them. */
    public static final List<String> ALL = List.of(LINEAGE, CONFIG, DATA_SNAPSHOT, RESULTS, MODEL_INFO);

    static final String LINEAGE_HEADER = "# Written by lineage-service from this version's events "
            + "(spec §6.2); edits are overwritten.\n";
    static final String CONFIG_HEADER = "# Training config of this version as requested (TrainingRequested); "
            + "written by lineage-service.\n";

    private static final YAMLMapper YAML = YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .build();
    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private VersionFiles() {
    }

    /** File name → content for every file the view has the events for, in {@link #ALL}'s order. */
    public static Map<String, String> render(VersionView view) {
        VersionLineage l = view.lineage();
        Map<String, String> files = new LinkedHashMap<>();
        files.put(LINEAGE, lineageYaml(view));
        if (l.request() != null) {
            files.put(CONFIG, CONFIG_HEADER + YAML.writeValueAsString(config(l)));
        }
        if (l.request() != null && view.data() != null && view.data().snapshotId().equals(l.dataSnapshotId())) {
            files.put(DATA_SNAPSHOT, json(dataSnapshot(view.data())));
        }
        if (l.results() != null) {
            files.put(RESULTS, json(results(view.task(), l)));
        }
        if (l.model() != null || !l.deployments().isEmpty()) {
            files.put(MODEL_INFO, json(modelInfo(view.task(), l)));
        }
        return files;
    }

    public static String lineageYaml(VersionView view) {
        return LINEAGE_HEADER + YAML.writeValueAsString(LineageDocument.render(view));
    }

    private static String json(Object tree) {
        return JSON.writeValueAsString(tree) + "\n";
    }

    private static Map<String, Object> config(VersionLineage l) {
        RequestSection r = l.request();
        TrainingSettings c = r.config();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", l.version().value());
        m.put("parent", r.parent());
        m.put("data_snapshot_id", r.dataSnapshotId());
        m.put("base_model", c.baseModel());
        m.put("method", c.method());
        m.put("lora", LineageDocument.orderedMap("r", c.loraRank(), "alpha", c.loraAlpha(),
                "dropout", c.loraDropout()));
        m.put("epochs", c.epochs());
        m.put("learning_rate", c.learningRate());
        m.put("batch_size", c.batchSize());
        m.put("requested_at", r.source().occurredAt().toString());
        return m;
    }

    /** Like data/data_version.yaml: hash, counts, distribution, files, source positions. */
    static Map<String, Object> dataSnapshot(DataSection d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("snapshot_id", d.snapshotId());
        m.put("parent_snapshot_id", d.parentSnapshotId());
        m.put("data_source_sha256", d.dataSourceSha256());
        m.put("recorded_at", d.source().occurredAt().toString());
        m.put("counts", LineageDocument.orderedMap("train", d.trainCount(), "valid", d.validCount(),
                "test", d.testCount(), "total", d.totalCount()));
        m.put("class_distribution", new LinkedHashMap<>(d.classDistribution()));
        m.put("files", d.files().stream().map(f -> LineageDocument.orderedMap("split", f.split(), "path", f.path(),
                "sha256", f.sha256())).toList());
        m.put("source_positions", d.sourcePositions().stream().map(p -> LineageDocument.orderedMap(
                "source", p.sourceName(), "type", p.sourceType(), "position", p.position())).toList());
        DataSection.RowChanges c = d.changesSinceTrained();
        m.put("changes_since_trained", c == null ? null : LineageDocument.orderedMap(
                "since_snapshot_id", c.sinceSnapshotId(), "since_version", c.sinceVersion(),
                "added", c.added(), "changed", c.changed(), "removed", c.removed()));
        return m;
    }

    /** Spec §5.6's results shape, as far as EvaluationReady carries it. */
    private static Map<String, Object> results(String task, VersionLineage l) {
        ResultsSection r = l.results();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("task_name", task);
        m.put("version", l.version().value());
        m.put("evaluation_date", r.source().occurredAt().toString());
        Map<String, Object> perClass = new LinkedHashMap<>();
        for (ClassScore c : r.perClass()) {
            perClass.put(c.label(), LineageDocument.orderedMap("precision", c.precision(), "recall", c.recall(),
                    "f1", c.f1()));
        }
        m.put("metrics", LineageDocument.orderedMap("macro_f1", r.macroF1(), "accuracy", r.accuracy(),
                "per_class", perClass));
        m.put("primary_metric", r.primaryMetric());
        m.put("pass_criteria", LineageDocument.orderedMap(r.primaryMetric(), LineageDocument.orderedMap(
                "threshold", r.threshold(), "actual", r.primaryValue(), "passed", r.passed())));
        m.put("overall_status", r.passed() ? "PASSED" : "FAILED");
        return m;
    }

    /** Artefact paths and where the version is served: {@code {task}-{v}} is its model name (spec §6.1). */
    private static Map<String, Object> modelInfo(String task, VersionLineage l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_name", task == null ? null : task + "-" + l.version().value());
        m.put("version", l.version().value());
        ModelSection s = l.model();
        m.put("job_id", s == null ? null : s.jobId());
        m.put("backend", s == null ? null : s.backend());
        m.put("trained_at", s == null ? null : s.source().occurredAt().toString());
        m.put("artifacts", s == null ? List.of() : s.artifacts().stream()
                .map(a -> LineageDocument.orderedMap("kind", a.kind(), "path", a.path())).toList());
        List<Map<String, Object>> deployments = new ArrayList<>();
        for (DeploymentSection d : l.deployments().values()) {
            deployments.add(LineageDocument.orderedMap("target", d.target(), "location", d.location(),
                    "deployed_at", d.source().occurredAt().toString(), "artifacts", d.artifacts().stream()
                            .map(a -> LineageDocument.orderedMap("kind", a.kind(), "path", a.path())).toList()));
        }
        m.put("deployments", deployments);
        return m;
    }
}
