package io.ftcoach.coach.domain.chat;

import java.time.Clock;
import java.util.List;

/**
 * Sessions and turns: one message of a session at a time, each turn persisted before it is answered. Different
 * sessions proceed in parallel: a turn may wait on another service, and one person's slow answer must not hold up
 * everybody else's.
 */
public final class ChatService {

    /** Lock stripes: bounded memory however many sessions there are, and few unrelated sessions share one. */
    private static final int STRIPES = 256;

    private final Object[] locks = new Object[STRIPES];
    private final ChatSessionStore store;
    private final Coach coach;
    private final Clock clock;

    public ChatService(ChatSessionStore store, Coach coach, Clock clock) {
        this.store = store;
        this.coach = coach;
        this.clock = clock;
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new Object();
        }
    }

    public ChatSession create() {
        return store.create(clock.instant().toString());
    }

    /**
     * @throws java.util.NoSuchElementException for an unknown session
     * @throws IllegalArgumentException         for an empty or too long text
     */
    public ChatReply post(String sessionId, String text) {
        synchronized (lockOf(sessionId)) {
            ChatSession session = store.get(sessionId);
            Coach.Turn turn = coach.answer(session, text);
            store.saveTurn(session, turn.session());
            return turn.reply();
        }
    }

    private Object lockOf(String sessionId) {
        return locks[Math.floorMod(sessionId == null ? 0 : sessionId.hashCode(), STRIPES)];
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
