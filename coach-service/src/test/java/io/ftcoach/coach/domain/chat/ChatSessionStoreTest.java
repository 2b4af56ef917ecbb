package io.ftcoach.coach.domain.chat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatSessionStoreTest {

    private static ChatSession turn(ChatSession before, int n) {
        return before.with("2026-01-0" + n + "T00:00:00Z", "en", null, Map.of(), null, List.of(
                new ChatMessage(ChatMessage.PERSON, "message " + n, "t" + n, null, null),
                new ChatMessage(ChatMessage.COACH, "reply " + n, "t" + n, "help", Map.of())), null, Map.of(),
                "task-" + n);
    }

    @Test
    void aTurnAppendsOnlyWhatItAddedAndAReadReplaysEveryTurn(@TempDir Path dir) throws Exception {
        ChatSessionStore store = new ChatSessionStore(dir);
        ChatSession session = store.create("2026-01-01T00:00:00Z");
        for (int n = 1; n <= 3; n++) {
            ChatSession next = turn(session, n);
            store.saveTurn(session, next);
            session = next;
        }
        List<String> lines = Files.readAllLines(dir.resolve(session.id() + ".jsonl"));
        assertThat(lines).hasSize(4);
        // the third turn's line carries its own two messages, not the conversation so far
        assertThat(lines.get(3)).contains("message 3", "reply 3").doesNotContain("message 1", "message 2");

        ChatSession read = new ChatSessionStore(dir).get(session.id());
        assertThat(read).isEqualTo(session);
        assertThat(read.messages()).extracting(ChatMessage::text)
                .containsExactly("message 1", "reply 1", "message 2", "reply 2", "message 3", "reply 3");
        assertThat(read.tasks()).containsExactly("task-1", "task-2", "task-3");
        assertThat(read.updatedAt()).isEqualTo("2026-01-03T00:00:00Z");
    }

    @Test
    void aTurnCutOffByACrashIsLeftOutAndTheNextTurnContinuesFromTheLastWholeOne(@TempDir Path dir)
            throws Exception {
        ChatSessionStore store = new ChatSessionStore(dir);
        ChatSession created = store.create("2026-01-01T00:00:00Z");
        ChatSession first = turn(created, 1);
        store.saveTurn(created, first);
        Path journal = dir.resolve(created.id() + ".jsonl");
        Files.writeString(journal, "{\"state\":{\"id\":\"" + created.id() + "\",\"createdAt\":\"x", StandardOpenOption.APPEND);

        ChatSessionStore restarted = new ChatSessionStore(dir);
        assertThat(restarted.get(created.id())).isEqualTo(first);
    }

    @Test
    void aDamagedLineInTheMiddleNamesTheFileAndTheLine(@TempDir Path dir) throws Exception {
        ChatSessionStore store = new ChatSessionStore(dir);
        ChatSession created = store.create("2026-01-01T00:00:00Z");
        Path journal = dir.resolve(created.id() + ".jsonl");
        Files.writeString(journal, "not json\n" + "{\"added\":[]}\n", StandardOpenOption.APPEND);

        assertThatThrownBy(() -> new ChatSessionStore(dir).get(created.id()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(journal.toString()).hasMessageContaining("line 2");
        Files.writeString(journal, Files.readAllLines(journal).get(0) + "\n{\"added\":[]}\n");
        assertThatThrownBy(() -> new ChatSessionStore(dir).get(created.id()))
                .hasMessageContaining("line 2").hasMessageContaining("'state' is missing");
    }

    @Test
    void aSessionWrittenBeforeJournalsIsReadAndBecomesAJournalAtItsNextTurn(@TempDir Path dir) throws Exception {
        String id = "0b7f1f5e-1111-4222-8333-944445555666";
        ChatSession old = turn(ChatSession.start(id, "2025-12-01T00:00:00Z"), 1);
        Files.writeString(dir.resolve(id + ".json"),
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(old),
                StandardCharsets.UTF_8);

        ChatSessionStore store = new ChatSessionStore(dir);
        assertThat(store.get(id)).isEqualTo(old);
        ChatSession next = turn(old, 2);
        store.saveTurn(old, next);

        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(id + ".jsonl");
        }
        assertThat(new ChatSessionStore(dir).get(id)).isEqualTo(next);
    }

    @Test
    void aTurnMayNotDropMessages(@TempDir Path dir) {
        ChatSessionStore store = new ChatSessionStore(dir);
        ChatSession created = store.create("2026-01-01T00:00:00Z");
        ChatSession first = turn(created, 1);
        assertThatThrownBy(() -> store.saveTurn(first, created)).isInstanceOf(IllegalArgumentException.class);
    }
}
