package io.ftcoach.coach.domain.chat;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Chat sessions, one journal per session ({@code <dir>/<sessionId>.jsonl}), so a session survives a restart.
 *
 * <p>Each line is one turn: the session's state after it (without the conversation) and the messages the turn
 * added. A turn appends one short line instead of rewriting the whole conversation, so the cost of a turn does
 * not grow with the length of the conversation. Reading replays the lines: the last state, every message in
 * order. A last line without its newline is a turn cut off by a crash before it was answered, and is left out;
 * a damaged line anywhere else is an error that names the file and the line.
 *
 * <p>Recently used sessions are also kept in memory (at most {@value #CACHED} of them), so a turn does not read
 * and parse its journal first. The journal stays the truth: a session that is not in memory is read from it.
 * Sessions written before journals ({@code <sessionId>.json}, the whole session in one file) are read as they are
 * and become a journal at their next turn.
 */
public final class ChatSessionStore {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final int CACHED = 10_000;
    private static final System.Logger log = System.getLogger(ChatSessionStore.class.getName());

    /** One line of a journal: the state after a turn (no messages) and the messages the turn added. */
    record Entry(ChatSession state, List<ChatMessage> added) {
    }

    private final Path dir;
    private final JsonMapper json = JsonMapper.builder().build();
    private final Map<String, ChatSession> recent = Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, ChatSession> eldest) {
                    return size() > CACHED;
                }
            });

    public ChatSessionStore(Path dir) {
        this.dir = dir;
    }

    public ChatSession create(String now) {
        ChatSession session = ChatSession.start(UUID.randomUUID().toString(), now);
        AtomicFiles.write(journal(session.id()), line(session, session.messages()));
        recent.put(session.id(), session);
        return session;
    }

    /** Empty for an id that is not a session id or names no session. */
    public Optional<ChatSession> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        ChatSession cached = recent.get(id);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<ChatSession> read = read(id);
        // a turn saved meanwhile is newer than what was just read: never replace it
        read.ifPresent(s -> recent.putIfAbsent(id, s));
        return read.map(s -> recent.getOrDefault(id, s));
    }

    /** @throws NoSuchElementException for an unknown session */
    public ChatSession get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("No chat session " + id));
    }

    /**
     * Records one turn: {@code after} is {@code before} with the turn's messages added. The caller holds the
     * session's lock, so the lines of one session are appended one at a time.
     */
    public void saveTurn(ChatSession before, ChatSession after) {
        if (!before.id().equals(after.id()) || after.messages().size() < before.messages().size()) {
            throw new IllegalArgumentException("A turn of session " + before.id() + " must keep its messages and "
                    + "add to them");
        }
        Path journal = journal(after.id());
        List<ChatMessage> added = after.messages().subList(before.messages().size(), after.messages().size());
        try {
            // APPEND without CREATE: only a session from before journals has none
            Files.write(journal, line(after, added), StandardOpenOption.APPEND);
        } catch (NoSuchFileException e) {
            // the whole conversation becomes the journal's first line
            AtomicFiles.write(journal, line(after, after.messages()));
            try {
                Files.deleteIfExists(legacy(after.id()));
            } catch (IOException removal) {
                throw new UncheckedIOException("Cannot remove " + legacy(after.id()) + " after moving it to "
                        + journal, removal);
            }
        } catch (IOException e) {
            recent.remove(after.id());
            throw new UncheckedIOException("Cannot append to chat session " + journal, e);
        }
        recent.put(after.id(), after);
    }

    private byte[] line(ChatSession state, List<ChatMessage> added) {
        ChatSession withoutMessages = new ChatSession(state.id(), state.createdAt(), state.updatedAt(),
                state.language(), state.state(), state.pendingIntent(), state.pendingSlots(), state.question(),
                List.of(), state.agent(), state.agentState(), state.tasks());
        return (json.writeValueAsString(new Entry(withoutMessages, added)) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    private Optional<ChatSession> read(String id) {
        Path journal = journal(id);
        try {
            if (Files.isRegularFile(journal)) {
                return Optional.of(replay(journal, Files.readString(journal)));
            }
            Path legacy = legacy(id);
            return Files.isRegularFile(legacy)
                    ? Optional.of(json.readValue(Files.readString(legacy), ChatSession.class)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read chat session " + journal, e);
        } catch (JacksonException e) {
            throw new IllegalStateException("Chat session " + legacy(id) + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private ChatSession replay(Path journal, String content) {
        String[] lines = content.split("\n", -1);
        // the element after the last newline is empty, or a turn cut off before it was answered
        int complete = lines.length - 1;
        if (!lines[complete].isEmpty()) {
            log.log(System.Logger.Level.WARNING, "Chat session {0}: line {1} was cut off (a crash while it was "
                    + "written, before its turn was answered) and is left out", journal, complete + 1);
        }
        ChatSession state = null;
        List<ChatMessage> messages = new ArrayList<>();
        for (int i = 0; i < complete; i++) {
            Entry entry;
            try {
                entry = json.readValue(lines[i], Entry.class);
            } catch (JacksonException e) {
                throw new IllegalStateException("Chat session " + journal + ", line " + (i + 1) + ": not a turn ("
                        + e.getOriginalMessage() + "); the lines after it cannot be trusted either: move the file "
                        + "away to start that conversation afresh", e);
            }
            if (entry.state() == null) {
                throw new IllegalStateException("Chat session " + journal + ", line " + (i + 1)
                        + ": the field 'state' is missing");
            }
            state = entry.state();
            if (entry.added() != null) {
                messages.addAll(entry.added());
            }
        }
        if (state == null) {
            throw new IllegalStateException("Chat session " + journal + " holds no complete line: move the file "
                    + "away to start that conversation afresh");
        }
        return new ChatSession(state.id(), state.createdAt(), state.updatedAt(), state.language(), state.state(),
                state.pendingIntent(), state.pendingSlots(), state.question(), messages, state.agent(),
                state.agentState(), state.tasks());
    }

    private Path journal(String id) {
        return dir.resolve(id + ".jsonl");
    }

    private Path legacy(String id) {
        return dir.resolve(id + ".json");
    }
}
