package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.platform.NewTask;
import io.ftcoach.coach.domain.routing.Language;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ftcoach.coach.domain.chat.GoalFacts.*;
import static org.assertj.core.api.Assertions.assertThat;

/** goal-clarifier dialogues, as tables of (message → the question asked next), in the three languages. */
class GoalClarifierTest {

    private final InMemoryPlatform fake = new InMemoryPlatform();
    private final GoalClarifier clarifier = new GoalClarifier(fake.platform().tasks());

    /** One line of a dialogue: what the person says, the slot asked next, and words the reply must contain. */
    private record Line(String says, String nextSlot, String... contains) {
    }

    /** Runs a dialogue; every reply must ask exactly the next slot, and never one that was already answered. */
    private List<GoalClarifier.Outcome> dialogue(Language l, Line... lines) {
        List<GoalClarifier.Outcome> outcomes = new ArrayList<>();
        GoalClarifier.Outcome o = null;
        List<String> asked = new ArrayList<>();
        for (Line line : lines) {
            o = o == null ? clarifier.start(line.says(), l) : clarifier.answer(o.state(), line.says(), l);
            outcomes.add(o);
            String slot = o.question() == null ? null : o.question().slot();
            assertThat(slot).as("after \"%s\": %s", line.says(), o.text()).isEqualTo(line.nextSlot());
            for (String word : line.contains()) {
                assertThat(o.text()).as("after \"%s\"", line.says()).contains(word);
            }
            if (slot != null && !slot.equals(GoalClarifier.CONFIRM) && !asked.isEmpty()
                    && !asked.get(asked.size() - 1).equals(slot)) {
                assertThat(asked).as("%s asked again after it was answered", slot).doesNotContain(slot);
            }
            if (slot != null) {
                asked.add(slot);
            }
        }
        return outcomes;
    }

    @Test
    void severalAnswersInOneEnglishMessageAreNotAskedAgain() {
        List<GoalClarifier.Outcome> o = dialogue(Language.EN,
                new Line("I want to fine-tune a model: sentiment on financial news, 3 labels, 800 rows in PostgreSQL, "
                        + "one 24 GB GPU, F1 0.8", BUSINESS_PROBLEM, "data_size: 800", "threshold: 0.80",
                        "compute: local GPU, 24 GB", "data_origin: database", "domain: financial news"),
                new Line("Analysts read every article to flag market risk", CURRENT_HANDLING),
                new Line("Two analysts tag them by hand", IMPACT),
                new Line("not sure", INPUT, "My recommendation: not specified", "Summary of business"),
                new Line("the headline and first paragraph of a news article", LABELS, "You said 3 labels"),
                new Line("positive, negative, neutral", DEADLINE, "Summary of task definition",
                        "one label of: positive, negative, neutral"),
                new Line("2 weeks", BASELINE, "Summary of resources", "Summary of success criteria".substring(0, 7)),
                new Line("no baseline", ITERATIONS, "Summary of success criteria"),
                new Line("yes", DEPLOY_TARGET),
                new Line("ollama", KEEP_VERSIONS),
                new Line("3", TASK_NAME, "Summary of versioning", "financial-news-sentiment"),
                new Line("fin-news-sentiment", GoalClarifier.CONFIRM, "task_summary:", "recommended_approach:",
                        "rationale:", "800 samples: SFT with LoRA r=32", "deploy_target: ollama", "retention: 3"),
                new Line("yes", null, "Created the task fin-news-sentiment", "/data-source fin-news-sentiment"));

        assertThat(o.get(o.size() - 1).finished()).isTrue();
        assertThat(fake.recommendations).singleElement().satisfies(q -> {
            assertThat(q.dataSize()).isEqualTo(800);
            assertThat(q.gpuMemoryGb()).isEqualTo(24.0);
            assertThat(q.taskType()).isEqualTo("classification");
        });
        NewTask created = fake.created.get(0);
        assertThat(created.name()).isEqualTo("fin-news-sentiment");
        // the rows every data source writes carry a text field; task-service's bare default {instruction} would not fit
        assertThat(created.inputTemplate()).isEqualTo("{text}");
        assertThat(created.labels()).containsExactly("positive", "negative", "neutral");
        assertThat(created.primaryMetric()).isEqualTo("macro_f1");
        assertThat(created.threshold()).isEqualTo(0.8);
        assertThat(created.dataSize()).isEqualTo(800);
        assertThat(created.domain()).isEqualTo("financial news");
        assertThat(created.deployTarget()).isEqualTo("ollama");
        assertThat(created.language()).isEqualTo("en");
    }

    @Test
    void traditionalChineseWithAnAnswerToAnotherQuestionAndUnsureAnswers() {
        List<GoalClarifier.Outcome> o = dialogue(Language.ZH_TW,
                new Line("我想訓練一個金融新聞情感分析模型，有 800 筆標註資料在 PostgreSQL，一張 24GB 顯卡", BUSINESS_PROBLEM,
                        "已記下", "data_size: 800"),
                // the answer to another question is kept, and the open question asked again
                new Line("準確率要 0.85", BUSINESS_PROBLEM, "這回答的是另一個問題", "threshold: 0.85"),
                new Line("自動判斷新聞對股價是利多還是利空", CURRENT_HANDLING),
                new Line("人工閱讀", IMPACT),
                new Line("每週省下 20 小時", INPUT, "業務背景小結"),
                new Line("新聞標題加內文", LABELS),
                new Line("標籤：正面、負面、中立", DEADLINE, "任務定義小結"),
                new Line("不確定", BASELINE, "我的建議：none", "資源小結"),
                new Line("沒有基準", ITERATIONS, "成功標準小結", "primary_metric: accuracy"),
                new Line("不知道", DEPLOY_TARGET, "我的建議：yes"),
                new Line("huggingface", KEEP_VERSIONS),
                new Line("你建議吧", TASK_NAME, "我的建議：3", "版本策略小結"),
                new Line("Bad Name!", TASK_NAME, "不是有效的任務名稱"),
                new Line("news-impact", GoalClarifier.CONFIRM, "計畫如下", "recommended_approach:"),
                new Line("threshold 0.9", GoalClarifier.CONFIRM, "threshold: 0.90"),
                new Line("是", null, "已建立任務 news-impact"));
        assertThat(o.get(o.size() - 1).finished()).isTrue();
        NewTask created = fake.created.get(0);
        assertThat(created.labels()).containsExactly("正面", "負面", "中立");
        assertThat(created.primaryMetric()).isEqualTo("accuracy");
        assertThat(created.threshold()).isEqualTo(0.9);
        assertThat(created.language()).isEqualTo("zh-TW");
    }

    @Test
    void simplifiedChineseWithoutGpuAndAServiceThatIsDown() {
        List<GoalClarifier.Outcome> o = dialogue(Language.ZH_CN,
                new Line("帮我做情感分析，数据有 1200 条，在 CSV 文件里，没有 GPU，标签：正面、负面", BUSINESS_PROBLEM,
                        "data_size: 1200", "data_origin: file_import", "compute: none"),
                new Line("电商评论的满意度", CURRENT_HANDLING),
                new Line("客服人工看", IMPACT),
                new Line("减少差评漏看", INPUT, "业务背景小结"),
                new Line("一条商品评论", DEADLINE, "任务定义小结"),
                new Line("一个月", PRIMARY_METRIC, "资源小结"),
                new Line("不确定", THRESHOLD, "我的建议：macro_f1"),
                new Line("85%", BASELINE),
                new Line("没有基准", ITERATIONS, "成功标准小结"),
                new Line("是", DEPLOY_TARGET),
                new Line("vllm", KEEP_VERSIONS),
                new Line("保留 5 个版本", TASK_NAME));
        fake.down.add("task-service");
        GoalClarifier.Outcome summary = clarifier.answer(o.get(o.size() - 1).state(), "review-sentiment", Language.ZH_CN);
        assertThat(summary.question().slot()).isEqualTo(GoalClarifier.CONFIRM);
        assertThat(summary.text()).contains("task-service 当前无法连接").contains("sft + lora (r=32-64)")
                .contains("threshold: 0.85").contains("retention: 5");
        GoalClarifier.Outcome refused = clarifier.answer(summary.state(), "好", Language.ZH_CN);
        assertThat(refused.finished()).isFalse();
        assertThat(refused.text()).contains("docker compose up -d task-service").contains("你的回答都已保留");
        fake.down.clear();
        GoalClarifier.Outcome created = clarifier.answer(refused.state(), "好", Language.ZH_CN);
        assertThat(created.finished()).isTrue();
        assertThat(created.text()).startsWith("已创建任务 review-sentiment");
        assertThat(fake.created.get(0).deployTarget()).isEqualTo("huggingface");
        assertThat(fake.created.get(0).language()).isEqualTo("zh-CN");
    }

    @Test
    void aSecretInAnAnswerIsNeverKept() {
        GoalClarifier.Outcome o = clarifier.start("I want to train a model", Language.EN);
        GoalClarifier.Outcome answered = clarifier.answer(o.state(), "tag tickets; our db password=hunter22 btw",
                Language.EN);
        assertThat(answered.state().get(BUSINESS_PROBLEM)).isEqualTo("tag tickets; our db password=**** btw");
        assertThat(answered.state().values()).noneMatch(v -> v.contains("hunter22"));
    }

    @Test
    void anOptionQuestionSaysWhenTheAnswerIsNoneOfItsOptions() {
        GoalClarifier.Outcome o = clarifier.start("I want to train a model", Language.EN);
        Map<String, String> state = new java.util.LinkedHashMap<>(o.state());
        state.put(BUSINESS_PROBLEM, "x");
        state.put(CURRENT_HANDLING, "x");
        state.put(IMPACT, "x");
        GoalClarifier.Outcome asked = clarifier.answer(state, "hmm", Language.EN);
        assertThat(asked.question().slot()).isEqualTo(BUSINESS_PROBLEM.equals(asked.question().slot()) ? BUSINESS_PROBLEM : TASK_TYPE);
        GoalClarifier.Outcome wrong = clarifier.answer(asked.state(), "banana", Language.EN);
        assertThat(wrong.question().slot()).isEqualTo(TASK_TYPE);
        assertThat(wrong.text()).startsWith("That is not one of the options");
        assertThat(wrong.question().options()).containsExactly("classification", "extraction", "generation");
        GoalClarifier.Outcome explained = clarifier.answer(wrong.state(), "no idea", Language.EN);
        assertThat(explained.question().slot()).isEqualTo(TASK_TYPE);
        assertThat(explained.text()).contains("Classification picks one of fixed labels");
        assertThat(clarifier.answer(explained.state(), "extraction", Language.EN).question().slot()).isEqualTo(INPUT);
    }
}
