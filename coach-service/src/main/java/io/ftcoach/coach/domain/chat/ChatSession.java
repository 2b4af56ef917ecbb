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
 * @param agent         the agent the conversation is with (goal-clarifier, data-source-advisor, or the offer of
 *                      the next version after a diagnosis), or null
 * @param agentState    that agent's state: its answers so far
 * @param tasks         the tasks this conversation has been about, whose events the session's stream carries
 */
public record ChatSession(String id, String createdAt, String updatedAt, String language, String state,
                          String pendingIntent, Map<String, String> pendingSlots, Question question,
                          List<ChatMessage> messages, String agent, Map<String, String> agentState,
                          List<String> tasks) {

    public static final String IDLE = "idle";
    public static final String AWAITING_ANSWER = "awaiting_answer";

    public ChatSession {
        pendingSlots = pendingSlots == null ? Map.of() : Map.copyOf(pendingSlots);
        messages = messages == null ? List.of() : List.copyOf(messages);
        agentState = agentState == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(agentState));
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    public static ChatSession start(String id, String now) {
        return new ChatSession(id, now, now, null, IDLE, null, Map.of(), null, List.of(), null, Map.of(), List.of());
    }

    ChatSession with(String now, String language, String pendingIntent, Map<String, String> pendingSlots,
                     Question question, List<ChatMessage> added, String agent, Map<String, String> agentState,
                     String task) {
        List<ChatMessage> all = new ArrayList<>(messages);
        all.addAll(added);
        List<String> about = new ArrayList<>(tasks);
        if (task != null && !about.contains(task)) {
            about.add(task);
        }
        return new ChatSession(id, createdAt, now, language, question == null ? IDLE : AWAITING_ANSWER,
                question == null || agent != null ? null : pendingIntent,
                question == null || agent != null ? Map.of() : pendingSlots, question, all, agent,
                agent == null ? Map.of() : agentState, about);
    }
}
