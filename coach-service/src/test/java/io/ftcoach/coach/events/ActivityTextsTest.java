package io.ftcoach.coach.events;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.ActivityItem;
import io.ftcoach.events.DeploymentFailed;
import io.ftcoach.events.DeploymentFailureCategory;
import io.ftcoach.schemas.envelope.Envelopes;
import io.ftcoach.support.workspace.TaskName;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** A failed deployment reaches the task's activity feed, and so the chat streams that follow the task. */
class ActivityTextsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T20:00:00Z"), ZoneOffset.UTC);

    private static DeploymentFailed failed(String reason, String fix) {
        return DeploymentFailed.newBuilder()
                .setEnvelope(Envelopes.start("training-dispatcher", "support-tickets", "v2", CLOCK))
                .setDeploymentId("d-7").setTarget("ollama").setCategory(DeploymentFailureCategory.UNREACHABLE)
                .setReason(reason).setFix(fix).build();
    }

    @Test
    void aFailedDeploymentShowsItsTargetReasonAndFix() {
        ActivityFeed feed = new ActivityFeed();
        DeploymentFailed event = failed("Cannot reach Ollama at http://127.0.0.1:11434 to create support-tickets:v2: "
                + "ConnectException.", "Start Ollama (ollama serve) or set FTCOACH_OLLAMA_URL to where it runs.");

        ActivityListener.record(feed, event);

        assertThat(feed.items(TaskName.of("support-tickets"))).singleElement().satisfies(item -> {
            assertThat(item.eventType()).isEqualTo("DeploymentFailed");
            assertThat(item.version()).isEqualTo("v2");
            assertThat(item.eventId()).isEqualTo(event.getEnvelope().getEventId());
            assertThat(item.time()).isEqualTo(Instant.parse("2026-12-04T20:00:00Z"));
            assertThat(item.text()).isEqualTo("Deployment of v2 to ollama failed (UNREACHABLE): Cannot reach Ollama at "
                    + "http://127.0.0.1:11434 to create support-tickets:v2: ConnectException. Fix: Start Ollama "
                    + "(ollama serve) or set FTCOACH_OLLAMA_URL to where it runs.");
        });
    }

    @Test
    void aFailureWithoutAFixOrWithALongReasonStaysOneShortLine() {
        String longReason = "the Hugging Face Hub answered 500: " + "x".repeat(400) + "\nsecond line";
        String text = ActivityTexts.describe(failed(longReason, ""));

        assertThat(text).startsWith("Deployment of v2 to ollama failed (UNREACHABLE): the Hugging Face Hub answered 500: ")
                .endsWith("…").doesNotContain("Fix:", "second line");
        assertThat(text.lines()).hasSize(1);
    }

    @Test
    void aRedeliveredFailureIsShownOnce() {
        ActivityFeed feed = new ActivityFeed();
        DeploymentFailed event = failed("Version v2 of task 'support-tickets' has no evaluation.", "Evaluate it first.");
        ActivityListener.record(feed, event);
        ActivityListener.record(feed, event);
        assertThat(feed.items(TaskName.of("support-tickets"))).extracting(ActivityItem::eventType)
                .containsExactly("DeploymentFailed");
    }
}
