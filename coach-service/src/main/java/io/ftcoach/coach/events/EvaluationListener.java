package io.ftcoach.coach.events;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.Analysis;
import io.ftcoach.coach.domain.Decision;
import io.ftcoach.coach.domain.ResultAnalyzer;
import io.ftcoach.coach.domain.platform.Lineage;
import io.ftcoach.coach.domain.platform.Platform;
import io.ftcoach.coach.domain.platform.TaskService;
import io.ftcoach.coach.domain.platform.VersionInfo;
import io.ftcoach.events.AnalysisCompleted;
import io.ftcoach.events.EvaluationReady;
import io.ftcoach.support.events.EventPublisher;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.util.List;

/**
 * result-analyzer reacts to every evaluation: met / close / significant gap, compared with the parent version
 * (choose a version when it regressed), published as AnalysisCompleted, which lineage-service records.
 */
@Component
public class EvaluationListener {

    private static final Logger log = LoggerFactory.getLogger(EvaluationListener.class);

    private final ResultAnalyzer analyzer;
    private final EventPublisher publisher;
    private final ActivityFeed feed;
    private final Clock clock;
    private final Lineage lineage;
    private final TaskService tasks;

    public EvaluationListener(ResultAnalyzer analyzer, EventPublisher publisher, ActivityFeed feed, Clock clock,
                              Platform platform) {
        this.analyzer = analyzer;
        this.publisher = publisher;
        this.feed = feed;
        this.clock = clock;
        this.lineage = platform.lineage();
        this.tasks = platform.tasks();
    }

    /** The task's own close band; the configured default when it sets none or task-service cannot say. */
    private Double taskCloseBand(EvaluationReady event) {
        try {
            return tasks.task(event.getEnvelope().getTaskId()).closeBand();
        } catch (RuntimeException e) {
            log.info("Close band of {} from the coach's default: {}", event.getEnvelope().getTaskId(), e.getMessage());
            return null;
        }
    }

    @KafkaListener(id = "coach-service-analysis", idIsGroup = false,
            topics = "#{T(io.ftcoach.schemas.topics.Topic).EVALUATION_READY.topicName()}")
    public void on(IndexedRecord record) {
        if (!(record instanceof EvaluationReady event)) {
            throw new IllegalArgumentException("Expected EvaluationReady on the evaluation topic, got "
                    + record.getSchema().getFullName());
        }
        // first, so the evaluation shows even if it cannot be analysed (the feed ignores a retry's repeat)
        ActivityListener.record(feed, event);
        Analysis analysis = withParent(analyzer.analyze(CoachEvents.evaluation(event), taskCloseBand(event)), event);
        boolean met = analysis.decision() == Decision.MET;
        if (met != event.getPassed()) {
            // the analyzer judges by the task's own primary metric (spec §5.1); say so when the evaluator disagreed
            log.warn("Evaluation {} of {} {} says passed={}, but {} {} against {} gives {}",
                    event.getEnvelope().getEventId(), event.getEnvelope().getTaskId(),
                    event.getEnvelope().getVersion(), event.getPassed(), analysis.metric(), analysis.value(),
                    analysis.threshold(), analysis.decision());
        }
        AnalysisCompleted completed = CoachEvents.analysisCompleted(analysis, event, clock);
        publisher.publishAndWait(completed);
        ActivityListener.record(feed, completed);
    }

    /**
     * The comparison with the parent, from lineage-service's record of the versions. Without it (no parent, the
     * parent not evaluated, lineage-service not reachable) the single-version analysis stands on its own.
     */
    private Analysis withParent(Analysis analysis, EvaluationReady event) {
        String task = event.getEnvelope().getTaskId();
        String version = event.getEnvelope().getVersion();
        try {
            List<VersionInfo> versions = lineage.versions(task);
            String parent = versions.stream().filter(v -> v.version().equals(version)).map(VersionInfo::parent)
                    .filter(java.util.Objects::nonNull).findFirst().orElse(null);
            VersionInfo p = versions.stream().filter(v -> v.version().equals(parent)).findFirst().orElse(null);
            if (p == null || p.primaryValue() == null || !analysis.metric().equals(p.primaryMetric())) {
                return analysis;
            }
            return analyzer.compareWithParent(analysis, task, version, parent, p.primaryValue());
        } catch (RuntimeException e) {
            log.info("No parent comparison for {} {}: {}", task, version, e.getMessage());
            return analysis;
        }
    }
}
