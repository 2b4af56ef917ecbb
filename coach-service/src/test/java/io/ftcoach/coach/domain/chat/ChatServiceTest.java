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

    private final InMemoryPlatform fake = new InMemoryPlatform();

    private ChatService service(Path dir) {
        return new ChatService(new ChatSessionStore(dir), coach(fake, clock), clock);
    }

    static Coach coach(InMemoryPlatform fake, Clock clock) {
        return new Coach(new IntentRouter(), clock,
                new Commands(fake.platform(), new io.ftcoach.coach.domain.ProblemDiagnoser(), 0.05, d -> { }),
                new GoalClarifier(fake.platform().tasks()), new DataSourceAdvisor(fake.platform().data()));
    }

    @Test
    void twoVersionsWithTheSameScoreAreATieNotARecommendation(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();
        fake.addTask("spam-filter", "macro_f1", 0.8, 32, 3);
        fake.versions.put("spam-filter", java.util.List.of(
                new io.ftcoach.coach.domain.platform.VersionInfo("v1", null, "s1", "macro_f1", 0.9583, 0.8, true),
                new io.ftcoach.coach.domain.platform.VersionInfo("v2", "v1", "s1", "macro_f1", 0.9583, 0.8, true)));

        ChatReply en = chat.post(id, "compare spam-filter v1 with v2");
        assertThat(en.text()).contains("Decision (choose a version): no difference — macro_f1 0.9583 for both; keep v1")
                .doesNotContain("recommend v2");
    }

    @Test
    void aSlowAnswerInOneSessionDoesNotHoldUpAnother(@TempDir Path dir) throws Exception {
        ChatService chat = service(dir);
        String waiting = chat.create().id();
        String other = chat.create().id();
        fake.slowTaskList = new java.util.concurrent.CountDownLatch(1);
        var slow = java.util.concurrent.CompletableFuture.supplyAsync(() -> chat.post(waiting, "/tasks"));
        try {
            // the other session is answered while the first still waits on task-service
            var quick = java.util.concurrent.CompletableFuture.supplyAsync(() -> chat.post(other, "help"));
            assertThat(quick.get(10, java.util.concurrent.TimeUnit.SECONDS).intent()).isEqualTo("help");
            assertThat(slow).isNotDone();
        } finally {
            fake.slowTaskList.countDown();
        }
        assertThat(slow.get(10, java.util.concurrent.TimeUnit.SECONDS).intent()).isEqualTo("task.list");
    }

    @Test
    void aReplySaysWhatWasUnderstoodInThePersonsLanguageAndWhatTheOwningServiceAnswered(@TempDir Path dir) {
        ChatService chat = service(dir);
        String id = chat.create().id();
        fake.addTask("spam-filter", "macro_f1", 0.8, 32, 3);
        fake.versions.put("spam-filter", java.util.List.of(
                new io.ftcoach.coach.domain.platform.VersionInfo("v1", null, "s1", "macro_f1", 0.70, 0.8, false),
                new io.ftcoach.coach.domain.platform.VersionInfo("v2", "v1", "s1", "macro_f1", 0.78, 0.8, false)));

        ChatReply tw = chat.post(id, "比較 spam-filter v1 和 v2");
        assertThat(tw.intent()).isEqualTo("version.compare");
        assertThat(tw.slots()).isEqualTo(Map.of("task", "spam-filter", "from", "v1", "to", "v2"));
        assertThat(tw.language()).isEqualTo("zh-TW");
        assertThat(tw.text()).startsWith("我理解的是：比較兩個版本").contains("| metric | v1 | v2 |")
                .contains("決定（選擇版本）：建議採用 v2——macro_f1 0.7800，v1 為 0.7000（+0.0800）");
        assertThat(tw.question()).isNull();
        assertThat(tw.state()).isEqualTo(ChatSession.IDLE);

        ChatReply cn = chat.post(id, "spam-filter 训练结果怎么样");
        assertThat(cn.language()).isEqualTo("zh-CN");
        assertThat(cn.text()).startsWith("我理解的是：分析结果").contains("v2: macro_f1 0.7800 / 0.80")
                .contains("接近目标 ⚠️").contains("与上一版 v1 相比：0.7000 → 0.7800（+0.0800）");

        ChatReply en = chat.post(id, "deploy spam-filter to ollama");
        assertThat(en.language()).isEqualTo("en");
        assertThat(en.text()).startsWith("Understood: deploy the model (task: spam-filter, target: ollama).")
                .contains("Deployment of spam-filter to ollama requested");

        fake.down.add("lineage-service");
        ChatReply down = chat.post(id, "compare spam-filter v1 and v2");
        assertThat(down.text()).contains("lineage-service is not reachable at http://127.0.0.1:1")
                .contains("docker compose up -d lineage-service");

        ChatReply unknown = chat.post(id, "/status no-such-task");
        assertThat(unknown.text()).contains("Not found").contains("No task named 'no-such-task'").contains("/tasks");
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
        assertThat(csv.slots()).isEqualTo(Map.of("task", "news-ner"));
        assertThat(csv.text()).startsWith("Existing labelled data → file_import.");
        assertThat(csv.question().slot()).isEqualTo("labelled_rows");
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
        assertThat(answer.text()).contains("No task named 'spam-filter'");
        ChatSession session = new ChatSessionStore(dir).get(id);
        assertThat(session.messages()).hasSize(4);
        assertThat(session.messages().get(0).text()).isEqualTo("/deploy spam-filter");
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).containsExactly(id + ".jsonl");

        assertThatThrownBy(() -> restarted.post("00000000-0000-0000-0000-000000000000", "hi"))
                .isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> restarted.post("../../etc/passwd", "hi")).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aLanguageModelIsAskedOnlyAboutWhatTheRulesDidNotUnderstand(@TempDir Path dir) {
        java.util.List<String> asked = new java.util.ArrayList<>();
        io.ftcoach.coach.domain.routing.LanguageModel model = (text, ids) -> {
            asked.add(text);
            return text.contains("roster") ? java.util.Optional.of("task.list") : java.util.Optional.empty();
        };
        Coach withModel = new Coach(new IntentRouter(), clock,
                new Commands(fake.platform(), new io.ftcoach.coach.domain.ProblemDiagnoser(), 0.05, d -> { }),
                new GoalClarifier(fake.platform().tasks()), new DataSourceAdvisor(fake.platform().data()), model);
        ChatService chat = new ChatService(new ChatSessionStore(dir), withModel, clock);
        String id = chat.create().id();
        assertThat(chat.post(id, "give me the roster").intent()).isEqualTo("task.list");
        assertThat(chat.post(id, "blah blah").intent()).isEqualTo("unknown");
        assertThat(chat.post(id, "/tasks").intent()).isEqualTo("task.list");
        assertThat(chat.post(id, "show me all my tasks").text()).contains("No tasks yet");
        assertThat(asked).containsExactly("give me the roster", "blah blah");
    }

    @Test
    void aDiagnosisOffersTheNextVersionWithItsFirstFixAndStartsItOnYes(@TempDir Path dir) {
        java.util.List<io.ftcoach.coach.domain.Diagnosis> published = new java.util.ArrayList<>();
        Coach coach = new Coach(new IntentRouter(), clock,
                new Commands(fake.platform(), new io.ftcoach.coach.domain.ProblemDiagnoser(), 0.05, published::add),
                new GoalClarifier(fake.platform().tasks()), new DataSourceAdvisor(fake.platform().data()));
        ChatService chat = new ChatService(new ChatSessionStore(dir), coach, clock);
        String id = chat.create().id();
        fake.addTask("news-sentiment", "macro_f1", 0.8, 16, 8);
        fake.versions.put("news-sentiment", java.util.List.of(
                new io.ftcoach.coach.domain.platform.VersionInfo("v1", null, "snap-1", "macro_f1", 0.72, 0.8, false)));
        fake.lineages.put("news-sentiment/v1", Map.of("results", Map.of("per_class", Map.of(
                "neutral", Map.of("f1", 0.5), "positive", Map.of("f1", 0.85))),
                "config", Map.of("lora", Map.of("r", 16), "epochs", 8), "data", Map.of("train_count", 900)));
        fake.snapshots.put("news-sentiment", java.util.List.of(new io.ftcoach.coach.domain.platform.DataSnapshot("snap-1",
                "2026-01-01T00:00:00Z", 900, 100, 100, Map.of("neutral", 90L, "positive", 810L))));

        ChatReply diagnosed = chat.post(id, "news-sentiment 的 F1 只有 72%，目標是 80%");
        assertThat(diagnosed.intent()).isEqualTo("problem.diagnose");
        assertThat(diagnosed.text()).contains("Class 'neutral' is low: F1 0.50 < 0.60")
                .contains("Model capacity: LoRA r=16 < 32")
                .contains("1. Add about 200 labelled 'neutral' examples")
                .contains("要套用修正 3（Raise the LoRA rank to 64）開始訓練下一版嗎？");
        assertThat(diagnosed.question().slot()).isEqualTo("confirm");
        assertThat(published).singleElement().satisfies(d -> assertThat(d.task()).isEqualTo("news-sentiment"));

        ChatReply started = chat.post(id, "好");
        assertThat(started.intent()).isEqualTo("training.start");
        assertThat(started.text()).startsWith("已送出 news-sentiment v2 的訓練請求（上一版 v1），資料快照 snap-1");
        assertThat(fake.trainings).singleElement().satisfies(t -> {
            assertThat(t.version()).isEqualTo("v2");
            assertThat(t.parentVersion()).isEqualTo("v1");
            assertThat(t.loraRank()).isEqualTo(64);
            assertThat(t.loraAlpha()).isEqualTo(128);
            assertThat(t.dataSnapshotId()).isEqualTo("snap-1");
            assertThat(t.statedChanges()).containsExactly("Raise the LoRA rank to 64");
        });
        assertThat(started.state()).isEqualTo(ChatSession.IDLE);
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
