package io.ftcoach.coach.domain;

import io.ftcoach.support.workspace.TaskName;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What has happened to each task lately, newest last, at most {@link #DEFAULT_CAPACITY} items per task. Kept in
 * memory: it is a view for the chat, rebuilt from the topics, never the record of anything.
 *
 * <p>An event already in the feed (same event id) is not added again. Progress ticks of a version replace the previous tick when it is the latest item, so a long training run
 * shows its current progress rather than pushing everything else out of the feed.
 */
public final class ActivityFeed {

    public static final int DEFAULT_CAPACITY = 200;
    public static final String PROGRESS_TYPE = "TrainingProgress";

    private final int capacity;
    private final Map<TaskName, Deque<ActivityItem>> feeds = new ConcurrentHashMap<>();
    private final java.util.List<java.util.function.BiConsumer<TaskName, ActivityItem>> watchers =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public ActivityFeed() {
        this(DEFAULT_CAPACITY);
    }

    public ActivityFeed(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("An activity feed holds at least 1 item, not " + capacity);
        }
        this.capacity = capacity;
    }

    public void add(TaskName task, ActivityItem item) {
        Objects.requireNonNull(item, "item");
        Deque<ActivityItem> feed = feeds.computeIfAbsent(task, t -> new ArrayDeque<>());
        synchronized (feed) {
            if (item.eventId() != null && feed.stream().anyMatch(i -> item.eventId().equals(i.eventId()))) {
                return;   // a redelivered or retried event is shown once
            }
            ActivityItem last = feed.peekLast();
            if (last != null && PROGRESS_TYPE.equals(item.eventType()) && PROGRESS_TYPE.equals(last.eventType())
                    && Objects.equals(last.version(), item.version())) {
                feed.pollLast();
            }
            feed.addLast(item);
            while (feed.size() > capacity) {
                feed.pollFirst();
            }
        }
        for (var watcher : watchers) {
            try {
                watcher.accept(task, item);
            } catch (RuntimeException e) {
                // one broken watcher (a closed stream) must not keep the item from the others
            }
        }
    }

    /** Hears every new item from now on (not the repeats the feed ignores); returns the handle to stop. */
    public Runnable watch(java.util.function.BiConsumer<TaskName, ActivityItem> watcher) {
        watchers.add(watcher);
        return () -> watchers.remove(watcher);
    }

    /** The task's items, oldest first; empty for a task nothing has been heard of. */
    public List<ActivityItem> items(TaskName task) {
        Deque<ActivityItem> feed = feeds.get(task);
        if (feed == null) {
            return List.of();
        }
        synchronized (feed) {
            return List.copyOf(feed);
        }
    }
}
