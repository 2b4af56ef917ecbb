package io.ftcoach.coach.events;

import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.DataUpdated;
import io.ftcoach.events.DataValidated;
import io.ftcoach.events.DeploymentFailed;
import io.ftcoach.events.DiagnosisCompleted;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.events.ModelDeployed;
import io.ftcoach.events.ProjectGenerated;
import io.ftcoach.events.TaskCreated;
import io.ftcoach.events.TaskUpdated;
import io.ftcoach.events.TrainingCompleted;
import io.ftcoach.events.TrainingFailed;
import io.ftcoach.events.TrainingProgress;
import io.ftcoach.events.TrainingRequested;
import io.ftcoach.events.TrainingStarted;
import io.ftcoach.events.VersionRecorded;
import io.ftcoach.schemas.envelope.Envelopes;
import org.apache.avro.generic.IndexedRecord;

import java.time.Duration;
import java.util.Locale;

/** One short sentence per event, for the activity feed. */
final class ActivityTexts {

    private ActivityTexts() {
    }

    static String describe(IndexedRecord event) {
        if (event instanceof TaskCreated e) {
            return fmt("Task created: %s, success when %s ≥ %.2f, trained on %s", e.getTaskType(),
                    e.getPrimaryMetric(), e.getThreshold(), e.getExecutionBackend());
        }
        if (event instanceof TaskUpdated e) {
            return fmt("Task updated: status %s, active version %s%s", e.getStatus().name().toLowerCase(Locale.ROOT),
                    e.getActiveVersion() == null ? "none" : e.getActiveVersion(),
                    e.getReason() == null || e.getReason().isBlank() ? "" : " (" + e.getReason().strip() + ")");
        }
        if (event instanceof ProjectGenerated e) {
            return fmt("Training project generated: %d files", e.getFiles().size());
        }
        if (event instanceof DataUpdated e) {
            return fmt("New data snapshot %s: %d train / %d valid / %d test rows", shortId(e.getSnapshotId()),
                    e.getTrainCount(), e.getValidCount(), e.getTestCount());
        }
        if (event instanceof DataValidated e) {
            return fmt("Data snapshot %s validated: %s, %d issue%s", shortId(e.getSnapshotId()), e.getVerdict(),
                    e.getIssues().size(), e.getIssues().size() == 1 ? "" : "s");
        }
        if (event instanceof TrainingRequested e) {
            return fmt("Training of %s requested on %s (%s %s)%s", version(e), e.getBackend(),
                    e.getConfig().getMethod(), e.getConfig().getBaseModel(),
                    e.getParentVersion() == null ? "" : ", parent " + e.getParentVersion());
        }
        if (event instanceof TrainingStarted e) {
            return fmt("Training of %s started on %s (attempt %d)", version(e), e.getBackend(), e.getAttempt());
        }
        if (event instanceof TrainingProgress e) {
            return fmt("Training of %s: %.0f%%, epoch %.2f%s", version(e), e.getPercent(), e.getEpoch(),
                    e.getLoss() == null ? "" : fmt(", loss %.4f", e.getLoss()));
        }
        if (event instanceof TrainingCompleted e) {
            return fmt("Training of %s completed in %s: %d artefact%s", version(e),
                    duration(Duration.ofMillis(e.getDurationMillis())), e.getArtifacts().size(),
                    e.getArtifacts().size() == 1 ? "" : "s");
        }
        if (event instanceof TrainingFailed e) {
            return fmt("Training of %s failed (%s): %s", version(e), e.getCategory(), firstLine(e.getReason()));
        }
        if (event instanceof EvaluationReady e) {
            return fmt("%s evaluated: %s — accuracy %.4f, macro-F1 %.4f, target %s ≥ %.2f", version(e),
                    e.getPassed() ? "passed" : "not passed", e.getAccuracy(), e.getMacroF1(), e.getPrimaryMetric(),
                    e.getThreshold());
        }
        if (event instanceof AnalysisCompleted e) {
            return fmt("Analysis of %s: %s", version(e), e.getDecision());
        }
        if (event instanceof DiagnosisCompleted e) {
            return fmt("Diagnosis of %s: %d symptom%s, first fix: %s", version(e), e.getSymptoms().size(),
                    e.getSymptoms().size() == 1 ? "" : "s",
                    e.getFixes().isEmpty() ? "none" : e.getFixes().get(0).getTitle());
        }
        if (event instanceof VersionRecorded e) {
            return fmt("Version %s recorded%s%s", version(e),
                    e.getParentVersion() == null ? "" : " (parent " + e.getParentVersion() + ")",
                    e.getPrimaryValue() == null ? "" : fmt(": %s %.4f", e.getPrimaryMetric(), e.getPrimaryValue()));
        }
        if (event instanceof ModelDeployed e) {
            return fmt("%s deployed to %s: %s", version(e), e.getTarget(), e.getLocation());
        }
        if (event instanceof DeploymentFailed e) {
            // the fix is what the person acts on, so it is shown beside the reason
            return fmt("Deployment of %s to %s failed (%s): %s%s", version(e), e.getTarget(), e.getCategory(),
                    firstLine(e.getReason()), e.getFix().isBlank() ? "" : " Fix: " + firstLine(e.getFix()));
        }
        return event.getSchema().getName();
    }

    private static String version(IndexedRecord e) {
        var env = Envelopes.of(e).orElseThrow();
        return env.getVersion() == null ? "the task" : env.getVersion();
    }

    /** Content hashes are long; twelve characters identify a snapshot to a person. */
    private static String shortId(String id) {
        return id.length() <= 12 ? id : id.substring(0, 12);
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }

    private static String duration(Duration d) {
        if (d.toHours() > 0) {
            return fmt("%dh %02dm", d.toHours(), d.toMinutesPart());
        }
        if (d.toMinutes() > 0) {
            return fmt("%dm %02ds", d.toMinutes(), d.toSecondsPart());
        }
        return fmt("%.1f s", d.toMillis() / 1000.0);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
