package io.ftcoach.lineage.domain;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code lineage.yaml} as it is on disk against spec §6.2: it parses, every top-level key is there, the
 * version is named as §6.1 allows and matches its folder, the parent is present (unless this is the task's first
 * version) and recorded, the required sections have their fields with the right types, and every timestamp is ISO
 * 8601. Each finding names the file, the line and the field. Reads only: nothing is changed or repaired.
 */
public final class LineageValidation {

    /** §6.1: v2, v2.1, v3-exp; 2026-01-07, 20260107, task-2026-01-07; v2-20260107, v2_1767744000. */
    private static final List<Pattern> NAMING = List.of(
            Pattern.compile("v\\d+(\\.\\d+)?(-exp)?"),
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}"), Pattern.compile("\\d{8}"),
            Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*-\\d{4}-\\d{2}-\\d{2}"),
            Pattern.compile("v\\d+-\\d{8}"), Pattern.compile("v\\d+_\\d+"));
    private static final Set<String> DECISIONS = Set.of("MET", "CLOSE", "SIGNIFICANT_GAP", "CHOOSE_VERSION");

    public enum Severity { ERROR, WARNING }

    /** One finding; {@code line} is 1-based, null when the field is missing altogether. */
    public record Issue(Severity severity, Integer line, String field, String message) {
    }

    /** {@code valid} when there is no ERROR; warnings name what is still to come (results not yet evaluated …). */
    public record Report(String task, String version, String file, boolean valid, List<Issue> issues) {
    }

    /** What validation needs besides the file: the task's recorded versions and whether this one is its first. */
    public record Context(String task, String folderVersion, String file, Set<String> recordedVersions,
                          boolean first) {
    }

    private final Context ctx;
    private final List<Issue> issues = new ArrayList<>();

    private LineageValidation(Context ctx) {
        this.ctx = ctx;
    }

    public static Report validate(String text, Context ctx) {
        LineageValidation v = new LineageValidation(ctx);
        v.check(text);
        boolean valid = v.issues.stream().noneMatch(i -> i.severity() == Severity.ERROR);
        return new Report(ctx.task(), ctx.folderVersion(), ctx.file(), valid, List.copyOf(v.issues));
    }

    private void check(String text) {
        Node root;
        try {
            LoadSettings settings = LoadSettings.builder().setLabel(ctx.file())
                    .setSchema(new CoreSchema()).build();
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
            root = composer.getSingleNode().orElse(null);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().orElse(null);
            error(mark == null ? null : mark.getLine() + 1, null, "not valid YAML: " + e.getProblem()
                    + (mark == null ? "" : " at column " + (mark.getColumn() + 1)));
            return;
        } catch (RuntimeException e) {
            error(null, null, "not valid YAML: " + e.getMessage());
            return;
        }
        if (!(root instanceof MappingNode map)) {
            error(root == null ? 1 : line(root), null, "expected a mapping of the keys "
                    + LineageDocument.KEYS + ", found " + (root == null ? "an empty file" : kind(root)));
            return;
        }
        Map<String, NodeTuple> top = entries(map);
        for (String key : LineageDocument.KEYS) {
            if (!top.containsKey(key)) {
                error(null, key, "required key is missing (spec §6.2; write null for a section still to come)");
            }
        }
        for (Map.Entry<String, NodeTuple> e : top.entrySet()) {
            if (!LineageDocument.KEYS.contains(e.getKey())) {
                warn(line(e.getValue().getKeyNode()), e.getKey(), "unknown key; lineage-service does not write it");
            }
        }
        version(top.get("version"));
        timestamp(top.get("created"), "created", true);
        parent(top.get("parent"));
        data(top.get("data"));
        config(top.get("config"));
        results(top.get("results"));
        changes(top.get("changes"));
        deployment(top.get("deployment"));
        analysis(top.get("analysis"));
    }

    private void version(NodeTuple t) {
        String v = string(t, "version", true);
        if (v == null) {
            return;
        }
        int line = line(t.getValueNode());
        if (!v.equals(ctx.folderVersion())) {
            error(line, "version", "is '" + v + "' but the file is in the folder of version '"
                    + ctx.folderVersion() + "'");
        }
        if (!namedPerSpec(v)) {
            error(line, "version", "'" + v + "' is not a version name of spec §6.1: expected v{major}, "
                    + "v{major}.{minor}, v{major}-exp, YYYY-MM-DD, YYYYMMDD, {task}-YYYY-MM-DD, v{n}-YYYYMMDD or v{n}_{unix}");
        }
    }

    public static boolean namedPerSpec(String version) {
        return NAMING.stream().anyMatch(p -> p.matcher(version).matches());
    }

    private void parent(NodeTuple t) {
        if (t == null) {
            return;
        }
        if (isNull(t.getValueNode())) {
            if (!ctx.first()) {
                error(line(t.getValueNode()), "parent", "is null, but only the task's first version may have no "
                        + "parent; recorded versions: " + ctx.recordedVersions());
            }
            return;
        }
        String p = string(t, "parent", true);
        if (p == null) {
            return;
        }
        int line = line(t.getValueNode());
        if (p.equals(ctx.folderVersion())) {
            error(line, "parent", "a version cannot be its own parent");
        } else if (!ctx.recordedVersions().contains(p)) {
            error(line, "parent", "'" + p + "' is not recorded under versions/; recorded versions: "
                    + ctx.recordedVersions());
        }
    }

    private void data(NodeTuple t) {
        Map<String, NodeTuple> m = section(t, "data", true);
        if (m == null) {
            return;
        }
        string(m.get("snapshot_id"), "data.snapshot_id", true);
        for (String count : List.of("train_count", "valid_count", "test_count")) {
            NodeTuple c = m.get(count);
            if (c == null || isNull(c.getValueNode())) {
                warn(c == null ? line(t.getValueNode()) : line(c.getValueNode()), "data." + count,
                        "not known yet: the snapshot's DataUpdated has not been recorded");
            } else {
                integer(c, "data." + count, 0);
            }
        }
    }

    private void config(NodeTuple t) {
        Map<String, NodeTuple> m = section(t, "config", true);
        if (m == null) {
            return;
        }
        string(m.get("base_model"), "config.base_model", true);
        string(m.get("method"), "config.method", true);
        Map<String, NodeTuple> lora = section(m.get("lora"), "config.lora", false);
        if (lora != null) {
            for (String k : List.of("r", "alpha")) {
                NodeTuple v = lora.get(k);
                if (v != null && !isNull(v.getValueNode())) {
                    integer(v, "config.lora." + k, 1);
                }
            }
        }
        integer(require(m, "epochs", "config"), "config.epochs", 1);
        number(require(m, "learning_rate", "config"), "config.learning_rate", 0, Double.MAX_VALUE);
    }

    private void results(NodeTuple t) {
        if (t != null && isNull(t.getValueNode())) {
            warn(line(t.getValueNode()), "results", "not evaluated yet (no EvaluationReady recorded)");
            return;
        }
        Map<String, NodeTuple> m = section(t, "results", false);
        if (m == null) {
            return;
        }
        number(require(m, "macro_f1", "results"), "results.macro_f1", 0, 1);
        number(require(m, "accuracy", "results"), "results.accuracy", 0, 1);
        section(require(m, "per_class", "results"), "results.per_class", true);
        timestamp(require(m, "evaluated_at", "results"), "results.evaluated_at", true);
    }

    private void changes(NodeTuple t) {
        if (t == null) {
            return;
        }
        if (!(t.getValueNode() instanceof SequenceNode seq)) {
            error(line(t.getValueNode()), "changes", "expected a list of changes, found " + kind(t.getValueNode()));
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node n = seq.getValue().get(i);
            if (!(n instanceof ScalarNode) || isNull(n)) {
                error(line(n), "changes[" + i + "]", "expected text, found " + kind(n));
            }
        }
    }

    private void deployment(NodeTuple t) {
        Map<String, NodeTuple> m = section(t, "deployment", false);
        if (m != null) {
            timestamp(require(m, "deployed_at", "deployment"), "deployment.deployed_at", true);
        }
    }

    private void analysis(NodeTuple t) {
        Map<String, NodeTuple> m = section(t, "analysis", false);
        if (m == null) {
            return;
        }
        timestamp(require(m, "analyzed_at", "analysis"), "analysis.analyzed_at", true);
        String decision = string(require(m, "decision", "analysis"), "analysis.decision", true);
        if (decision != null && !DECISIONS.contains(decision)) {
            error(line(m.get("decision").getValueNode()), "analysis.decision", "'" + decision + "' is not one of "
                    + DECISIONS.stream().sorted().toList());
        }
    }

    // ---- field helpers ---------------------------------------------------------------------------------------

    private NodeTuple require(Map<String, NodeTuple> section, String key, String sectionName) {
        NodeTuple t = section.get(key);
        if (t == null) {
            error(null, sectionName + "." + key, "required field is missing");
        }
        return t;
    }

    /** The section's fields; null (after reporting it when {@code required}) when it is null or not a mapping. */
    private Map<String, NodeTuple> section(NodeTuple t, String field, boolean required) {
        if (t == null) {
            return null;
        }
        Node n = t.getValueNode();
        if (isNull(n)) {
            if (required) {
                error(line(n), field, "is null; it is required (spec §6.2)");
            }
            return null;
        }
        if (!(n instanceof MappingNode map)) {
            error(line(n), field, "expected a mapping, found " + kind(n));
            return null;
        }
        return entries(map);
    }

    private String string(NodeTuple t, String field, boolean required) {
        if (t == null) {
            return null;
        }
        Node n = t.getValueNode();
        if (isNull(n)) {
            if (required) {
                error(line(n), field, "is null; it is required");
            }
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            error(line(n), field, "expected text, found " + kind(n));
            return null;
        }
        return s.getValue();
    }

    private void integer(NodeTuple t, String field, long min) {
        if (t == null) {
            return;
        }
        Node n = t.getValueNode();
        if (n instanceof ScalarNode s && s.getTag().equals(Tag.INT)) {
            try {
                if (Long.parseLong(s.getValue()) >= min) {
                    return;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(line(n), field, "expected a whole number of at least " + min + ", found " + show(n));
    }

    private void number(NodeTuple t, String field, double min, double max) {
        if (t == null) {
            return;
        }
        Node n = t.getValueNode();
        if (n instanceof ScalarNode s && (s.getTag().equals(Tag.INT) || s.getTag().equals(Tag.FLOAT))) {
            try {
                double d = Double.parseDouble(s.getValue());
                if (d >= min && d <= max) {
                    return;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        error(line(n), field, "expected a number" + (max <= 1 ? " between " + min + " and " + max : "")
                + ", found " + show(n));
    }

    private void timestamp(NodeTuple t, String field, boolean required) {
        String value = string(t, field, required);
        if (value == null) {
            return;
        }
        try {
            OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            error(line(t.getValueNode()), field, "'" + value + "' is not an ISO-8601 timestamp with offset, "
                    + "e.g. 2026-11-25T10:00:00Z");
        }
    }

    private static Map<String, NodeTuple> entries(MappingNode map) {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k) {
                out.put(k.getValue(), t);
            }
        }
        return out;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    private static int line(Node n) {
        return n.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    private static String kind(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        if (n instanceof ScalarNode s) {
            return isNull(s) ? "null" : "'" + s.getValue() + "'";
        }
        return n.getNodeType().toString();
    }

    private static String show(Node n) {
        return kind(n);
    }

    private void error(Integer line, String field, String message) {
        issues.add(new Issue(Severity.ERROR, line, field, message));
    }

    private void warn(Integer line, String field, String message) {
        issues.add(new Issue(Severity.WARNING, line, field, message));
    }
}
