package io.ftcoach.lineage.domain;

import java.util.List;

/**
 * A {@link VersionComparison} as the Markdown of spec §6.3 / result-analyzer step 3: a config table, the data,
 * a metrics table (per-class F1 included), the regressions and the verdict.
 */
public final class ComparisonMarkdown {

    private ComparisonMarkdown() {
    }

    public static String render(VersionComparison c) {
        StringBuilder md = new StringBuilder();
        md.append("# ").append(c.from()).append(" vs ").append(c.to()).append("\n\n");

        md.append("## Config\n\n");
        md.append("| setting | ").append(c.from()).append(" | ").append(c.to()).append(" | change |\n");
        md.append("|---|---|---|---|\n");
        for (VersionComparison.ConfigDelta d : c.config()) {
            md.append("| ").append(d.setting()).append(" | ").append(value(d.from())).append(" | ")
                    .append(value(d.to())).append(" | ").append(change(d)).append(" |\n");
        }

        md.append("\n## Data\n\n");
        md.append("| | ").append(c.from()).append(" | ").append(c.to()).append(" | change |\n");
        md.append("|---|---|---|---|\n");
        md.append("| snapshot | ").append(value(c.data().fromSnapshotId())).append(" | ")
                .append(value(c.data().toSnapshotId())).append(" | ")
                .append(c.data().changed() ? "changed" : "same").append(" |\n");

        md.append("\n## Metrics\n\n");
        md.append("| metric | ").append(c.from()).append(" | ").append(c.to()).append(" | Δ points |\n");
        md.append("|---|---|---|---|\n");
        for (VersionComparison.MetricDelta m : c.metrics()) {
            md.append("| ").append(metricName(m.metric(), c.primaryMetric())).append(" | ")
                    .append(fraction(m.from())).append(" | ").append(fraction(m.to())).append(" | ")
                    .append(m.deltaPoints() == null ? "–" : VersionComparison.signed(m.deltaPoints()))
                    .append(" |\n");
        }

        md.append("\n## Regressions\n\n");
        List<VersionComparison.MetricDelta> regressions = c.regressions();
        if (regressions.isEmpty()) {
            md.append("None.\n");
        }
        for (VersionComparison.MetricDelta m : regressions) {
            md.append("- ").append(metricName(m.metric(), null)).append(": ")
                    .append(VersionComparison.signed(m.deltaPoints())).append(" points\n");
        }

        md.append("\n## Verdict: ").append(c.verdict().words()).append("\n\n");
        for (String reason : c.reasons()) {
            md.append("- ").append(reason).append('\n');
        }
        return md.toString();
    }

    private static String change(VersionComparison.ConfigDelta d) {
        if (!d.changed()) {
            return "=";
        }
        if (d.delta() == null) {
            return "changed";
        }
        String delta = d.from() instanceof Double || d.to() instanceof Double
                ? (d.delta() > 0 ? "+" : "") + ChangeDerivation.number(d.delta())
                : (d.delta() > 0 ? "+" : "") + Math.round(d.delta());
        return d.deltaPercent() == null ? delta : delta + " (" + VersionComparison.signed(d.deltaPercent()) + "%)";
    }

    private static String metricName(String metric, String primary) {
        String name = metric.startsWith(VersionComparison.CLASS_F1_PREFIX)
                ? metric.substring(VersionComparison.CLASS_F1_PREFIX.length()) + " F1" : metric;
        return metric.equals(primary) ? "**" + name + "** (primary)" : name;
    }

    private static String value(Object v) {
        if (v == null) {
            return "–";
        }
        return escape(v instanceof Double d ? ChangeDerivation.number(d) : v.toString());
    }

    private static String fraction(Double v) {
        return v == null ? "–" : VersionComparison.fraction(v);
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
