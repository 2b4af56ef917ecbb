package io.ftcoach.coach.domain.chat;

import java.time.Clock;
import java.util.List;

/** Sessions and turns: one message of a session at a time, each turn persisted before it is answered. */
public final class ChatService {

    private final ChatSessionStore store;
    private final Coach coach;
    private final Clock clock;

    public ChatService(ChatSessionStore store, Coach coach, Clock clock) {
        this.store = store;
        this.coach = coach;
        this.clock = clock;
    }

    public synchronized ChatSession create() {
        return store.create(clock.instant().toString());
    }

    /**
     * @throws java.util.NoSuchElementException for an unknown session
     * @throws IllegalArgumentException         for an empty or too long text
     */
    public synchronized ChatReply post(String sessionId, String text) {
        ChatSession session = store.get(sessionId);
        Coach.Turn turn = coach.answer(session, text);
        store.save(turn.session());
        return turn.reply();
    }

    /**
     * The tasks a session has been about, as its events stream shows them.
     *
     * @throws java.util.NoSuchElementException for an unknown session
     */
    public List<String> tasksOf(String sessionId) {
        return store.get(sessionId).tasks();
    }
}
