package io.ftcoach.coach.api;

import io.ftcoach.coach.domain.ActivityFeed;
import io.ftcoach.coach.domain.ActivityItem;
import io.ftcoach.coach.domain.chat.ChatService;
import io.ftcoach.support.workspace.TaskName;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import java.io.IOException;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What happens later to a chat session's tasks, as server-sent events: data validated, training progress,
 * evaluation ready, analysis, diagnosis. Each event is named by its type and carries the activity item as JSON.
 * The tasks are looked up at each event, so a task the conversation turns to later is followed from then on.
 */
@RestController
public class ChatEventsController implements org.springframework.beans.factory.DisposableBean {

    /** A browser reconnects by itself when the stream ends; half an hour keeps idle connections from piling up. */
    static final Duration STREAM_TIMEOUT = Duration.ofMinutes(30);

    private final ChatService chat;
    private final ActivityFeed feed;
    private final java.util.Set<SseEmitter> open = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public ChatEventsController(ChatService chat, ActivityFeed feed) {
        this.chat = chat;
        this.feed = feed;
    }

    /** Server-sent events of the session's tasks from now on; 404 for an unknown session. */
    @GetMapping(value = "/api/chat/sessions/{sessionId}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    public SseEmitter events(@PathVariable String sessionId) throws IOException {
        chat.tasksOf(sessionId);   // 404 before the stream opens
        SseEmitter emitter = new SseEmitter(STREAM_TIMEOUT.toMillis());
        AtomicReference<Runnable> stop = new AtomicReference<>(() -> { });
        stop.set(feed.watch((task, item) -> {
            boolean followed;
            try {
                followed = chat.tasksOf(sessionId).contains(task.toString());
            } catch (NoSuchElementException e) {
                followed = false;
            }
            if (followed) {
                send(emitter, task, item, stop);
            }
        }));
        open.add(emitter);
        emitter.onCompletion(() -> closed(emitter, stop));
        emitter.onTimeout(() -> closed(emitter, stop));
        emitter.onError(e -> closed(emitter, stop));
        // a first comment, so clients (and proxies) see the stream open at once
        emitter.send(SseEmitter.event().comment("following " + sessionId));
        return emitter;
    }

    private void closed(SseEmitter emitter, AtomicReference<Runnable> stop) {
        open.remove(emitter);
        stop.get().run();
    }

    /** Ends the open streams, so that a graceful shutdown does not wait for them. */
    @Override
    public void destroy() {
        for (SseEmitter emitter : open) {
            try {
                emitter.complete();
            } catch (RuntimeException e) {
                // the client had already gone
            }
        }
        open.clear();
    }

    private static void send(SseEmitter emitter, TaskName task, ActivityItem item, AtomicReference<Runnable> stop) {
        try {
            synchronized (emitter) {
                emitter.send(SseEmitter.event().name(item.eventType()).id(item.eventId())
                        .data(new StreamItem(task.toString(), item.eventType(), item.version(), item.text(),
                                item.time().toString(), item.eventId()), MediaType.APPLICATION_JSON));
            }
        } catch (IOException | IllegalStateException e) {
            stop.get().run();   // the client went away
        }
    }

    /** One event of the stream. */
    public record StreamItem(String task, String eventType, String version, String text, String time,
                             String eventId) {
    }
}
