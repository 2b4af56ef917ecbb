package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.routing.IntentRouter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChatServiceTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-01-02T03:04:05Z"), ZoneOffset.UTC);

    private ChatService service(Path dir) {
        return new ChatService(new ChatSessionStore(dir), new Coach(new IntentRouter(), clock), clock);
    }

    @Test
    void aReplySaysWhatWasUnderstoodInThePersonsLanguageAndClaimsNothingDone(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();

        ChatReply tw = chat.post(id, "比較 spam-filter v1 和 v2");
        assertThat(tw.intent()).isEqualTo("version.compare");
        assertThat(tw.slots()).isEqualTo(Map.of("task", "spam-filter", "from", "v1", "to", "v2"));
        assertThat(tw.language()).isEqualTo("zh-TW");
        assertThat(tw.text()).startsWith("我理解的是：比較兩個版本").contains("尚未接上").contains("還沒有執行任何動作");
        assertThat(tw.question()).isNull();
        assertThat(tw.state()).isEqualTo(ChatSession.IDLE);

        ChatReply cn = chat.post(id, "训练结果怎么样");
        assertThat(cn.language()).isEqualTo("zh-CN");
        assertThat(cn.text()).startsWith("我理解的是：分析结果").contains("尚未接入");

        ChatReply en = chat.post(id, "deploy spam-filter to ollama");
        assertThat(en.language()).isEqualTo("en");
        assertThat(en.text()).startsWith("Understood: deploy the model (task: spam-filter, target: ollama).")
                .contains("nothing has been done");
    }

    @Test
    void aMissingSlotIsAskedForAndTheAnswerCompletesTheIntent(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();

        ChatReply asked = chat.post(id, "部署模型到 Ollama");
        assertThat(asked.intent()).isEqualTo("model.deploy");
        assertThat(asked.question().slot()).isEqualTo("task");
        assertThat(asked.question().example()).isEqualTo("entity-sentiment");
        assertThat(asked.state()).isEqualTo(ChatSession.AWAITING_ANSWER);

        ChatReply answered = chat.post(id, "news-ner");
        assertThat(answered.intent()).isEqualTo("model.deploy");
        assertThat(answered.slots()).isEqualTo(Map.of("task", "news-ner", "target", "ollama"));
        assertThat(answered.language()).isEqualTo("zh-TW");
        assertThat(answered.question()).isNull();
        assertThat(answered.state()).isEqualTo(ChatSession.IDLE);

        ChatReply source = chat.post(id, "/data-source news-ner");
        assertThat(source.question().options()).containsExactlyElementsOf(IntentRouter.SOURCE_TYPES);
        ChatReply csv = chat.post(id, "a CSV export");
        assertThat(csv.intent()).isEqualTo("data.configure");
        assertThat(csv.slots()).isEqualTo(Map.of("task", "news-ner", "source_type", "file_import"));
    }

    @Test
    void aDifferentRequestInsteadOfAnAnswerIsHandledAsSuch(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();
        assertThat(chat.post(id, "/new-task").question().slot()).isEqualTo("task");
        ChatReply other = chat.post(id, "show me all my tasks");
        assertThat(other.intent()).isEqualTo("task.list");
        assertThat(other.state()).isEqualTo(ChatSession.IDLE);
    }

    @Test
    void anInvalidTaskNameIsNotTakenAndIsAskedForAgain(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();
        ChatReply reply = chat.post(id, "/new-task Bad_Name");
        assertThat(reply.slots()).isEmpty();
        assertThat(reply.text()).contains("\"bad_name\" is not a valid task name");
        assertThat(reply.question().slot()).isEqualTo("task");
    }

    @Test
    void sessionsSurviveARestartAndUnknownOnesAreNotFound(@TempDir Path dir) throws Exception {
        String id = service(dir).create().id();
        service(dir).post(id, "/deploy spam-filter");

        ChatService restarted = service(dir);
        ChatReply answer = restarted.post(id, "vllm");
        assertThat(answer.slots()).isEqualTo(Map.of("task", "spam-filter", "target", "vllm"));
        ChatSession session = new ChatSessionStore(dir).get(id);
        assertThat(session.messages()).hasSize(4);
        assertThat(session.messages().get(0).text()).isEqualTo("/deploy spam-filter");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly(id + ".json");

        assertThatThrownBy(() -> restarted.post("00000000-0000-0000-0000-000000000000", "hi"))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> restarted.post("../../etc/passwd", "hi")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void emptyOrOverlongTextIsRefused(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();
        assertThatThrownBy(() -> chat.post(id, "  ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chat.post(id, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> chat.post(id, "x".repeat(Coach.MAX_TEXT + 1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(chat.post(id, "blah blah").intent()).isEqualTo("unknown");
    }
}
