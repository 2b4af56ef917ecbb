package io.ftcoach.dispatcher.events;

import io.ftcoach.dispatcher.domain.deploy.Deployment;
import io.ftcoach.dispatcher.domain.deploy.DeploymentRequest;
import io.ftcoach.dispatcher.domain.deploy.DeploymentState;
import io.ftcoach.dispatcher.domain.deploy.FailureCategory;
import io.ftcoach.events.DeploymentFailed;
import io.ftcoach.events.DeploymentFailureCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed deployment record becomes DeploymentFailed: caused by its request, category carried over, id stable. */
class DeploymentFailedEventTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T12:00:00Z"), ZoneOffset.UTC);
    private static final DeploymentRequest REQUEST = new DeploymentRequest("req-1", "corr-1",
            Instant.parse("2026-11-25T11:00:00Z"), "task-service", "support-tickets", "v2", "ollama", false, Map.of());

    private static Deployment failed(FailureCategory category) {
        return new Deployment("d-1", DeploymentState.FAILED, REQUEST, Instant.parse("2026-11-25T11:00:01Z"),
                Instant.parse("2026-11-25T11:00:02Z"), List.of(), category, "Cannot reach Ollama.", "Start it.");
    }

    @ParameterizedTest
    @EnumSource(FailureCategory.class)
    void everyCategoryHasItsSymbolInTheSchema(FailureCategory category) {
        assertThat(DeploymentEvents.failed(failed(category), CLOCK).getCategory())
                .isEqualTo(DeploymentFailureCategory.valueOf(category.name()));
    }

    @Test
    void theEventIsCausedByTheRequestAndKeepsItsIdWhenRepeated() {
        DeploymentFailed e = DeploymentEvents.failed(failed(FailureCategory.UNREACHABLE), CLOCK);

        assertThat(e.getEnvelope().getCausationId()).isEqualTo("req-1");
        assertThat(e.getEnvelope().getCorrelationId()).isEqualTo("corr-1");
        assertThat(e.getEnvelope().getTaskId()).isEqualTo("support-tickets");
        assertThat(e.getEnvelope().getVersion()).isEqualTo("v2");
        assertThat(e.getEnvelope().getSource()).isEqualTo("training-dispatcher");
        assertThat(e.getDeploymentId()).isEqualTo("d-1");
        assertThat(e.getTarget()).isEqualTo("ollama");
        assertThat(e.getReason()).isEqualTo("Cannot reach Ollama.");
        assertThat(e.getFix()).isEqualTo("Start it.");
        assertThat(DeploymentEvents.failed(failed(FailureCategory.UNREACHABLE), Clock.systemUTC()).getEnvelope()
                .getEventId()).isEqualTo(e.getEnvelope().getEventId());
    }

    @Test
    void aRecordWrittenBeforeCategoriesWereKeptIsAnnouncedAsUnknown() {
        assertThat(DeploymentEvents.failed(failed(null), CLOCK).getCategory())
                .isEqualTo(DeploymentFailureCategory.UNKNOWN);
    }
}
