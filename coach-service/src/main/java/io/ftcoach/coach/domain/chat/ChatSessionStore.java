package io.ftcoach.coach.domain.chat;

import io.ftcoach.support.workspace.AtomicFiles;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Chat sessions, one JSON file per session ({@code <dir>/<sessionId>.json}), written atomically, so a session
 * survives a restart and a crash never leaves half a file.
 */
public final class ChatSessionStore {

    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final Path dir;
    private final JsonMapper json = JsonMapper.builder().build();

    public ChatSessionStore(Path dir) {
        this.dir = dir;
    }

    public ChatSession create(String now) {
        ChatSession session = ChatSession.start(UUID.randomUUID().toString(), now);
        save(session);
        return session;
    }

    /** Empty for an id that is not a session id or names no session. */
    public Optional<ChatSession> find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            return Optional.empty();
        }
        Path file = dir.resolve(id + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(Files.readString(file), ChatSession.class));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read chat session " + file, e);
        }
    }

    /** @throws NoSuchElementException for an unknown session */
    public ChatSession get(String id) {
        return find(id).orElseThrow(() -> new NoSuchElementException("No chat session " + id));
    }

    public void save(ChatSession session) {
        AtomicFiles.writeString(dir.resolve(session.id() + ".json"), json.writeValueAsString(session));
    }
}
