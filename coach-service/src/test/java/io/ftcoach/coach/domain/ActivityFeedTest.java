package io.ftcoach.coach.domain;

import io.ftcoach.support.workspace.TaskName;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityFeedTest {

    private static final TaskName TASK = TaskName.of("entity-sentiment");

    @Test
    void keepsTheLastItemsOfEachTaskOldestFirst() {
        ActivityFeed feed = new ActivityFeed();
        for (int i = 0; i < 250; i++) {
            feed.add(TASK, item(i, "TrainingStarted", "v" + i));
        }
        feed.add(TaskName.of("other-task"), item(0, "TaskCreated", null));

        assertThat(feed.items(TASK)).hasSize(ActivityFeed.DEFAULT_CAPACITY);
        assertThat(feed.items(TASK).get(0).version()).isEqualTo("v50");
        assertThat(feed.items(TASK).get(199).version()).isEqualTo("v249");
        assertThat(feed.items(TaskName.of("other-task"))).extracting(ActivityItem::eventType).containsExactly("TaskCreated");
        assertThat(feed.items(TaskName.of("never-heard-of"))).isEmpty();
    }

    @Test
    void aProgressTickReplacesThePreviousTickOfTheSameVersion() {
        ActivityFeed feed = new ActivityFeed();
        feed.add(TASK, item(0, "TrainingStarted", "v1"));
        feed.add(TASK, item(1, "TrainingProgress", "v1"));
        feed.add(TASK, item(2, "TrainingProgress", "v1"));
        feed.add(TASK, item(3, "TrainingProgress", "v2"));

        assertThat(feed.items(TASK)).extracting(ActivityItem::eventId).containsExactly("e0", "e2", "e3");
    }

    private static ActivityItem item(int i, String type, String version) {
        return new ActivityItem(Instant.ofEpochSecond(i), type, version, type + " " + i, "e" + i);
    }

    @Test
    void anEventAlreadyInTheFeedIsNotAddedAgain() {
        ActivityFeed feed = new ActivityFeed();
        feed.add(TASK, item(0, "EvaluationReady", "v1"));
        feed.add(TASK, item(1, "AnalysisCompleted", "v1"));
        feed.add(TASK, item(0, "EvaluationReady", "v1"));

        assertThat(feed.items(TASK)).extracting(ActivityItem::eventId).containsExactly("e0", "e1");
    }
}
