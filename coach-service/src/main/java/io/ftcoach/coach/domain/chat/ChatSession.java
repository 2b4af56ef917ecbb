package io.ftcoach.coach.domain.chat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A conversation with the coach, as it is persisted.
 *
 * @param pendingIntent the intent whose question is open (null when none)
 * @param pendingSlots  the slots of that intent recognised so far
 * @param question      the open question, or null
 */
public record ChatSession(String id, String createdAt, String updatedAt, String language, String state,
                          String pendingIntent, Map<String, String> pendingSlots, Question question,
                          List<ChatMessage> messages) {

    public static final String IDLE = "idle";
    public static final String AWAITING_ANSWER = "awaiting_answer";

    public ChatSession {
        pendingSlots = pendingSlots == null ? Map.of() : Map.copyOf(pendingSlots);
        messages = messages == null ? List.of() : List.copyOf(messages);
    }

    public static ChatSession start(String id, String now) {
        return new ChatSession(id, now, now, null, IDLE, null, Map.of(), null, List.of());
    }

    ChatSession with(String now, String language, String pendingIntent, Map<String, String> pendingSlots,
                     Question question, List<ChatMessage> added) {
        List<ChatMessage> all = new ArrayList<>(messages);
        all.addAll(added);
        return new ChatSession(id, createdAt, now, language, question == null ? IDLE : AWAITING_ANSWER,
                question == null ? null : pendingIntent, question == null ? Map.of() : pendingSlots, question, all);
    }
}
