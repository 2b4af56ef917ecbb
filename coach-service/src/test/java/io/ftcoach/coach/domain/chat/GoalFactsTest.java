package io.ftcoach.coach.domain.chat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What one message says about the goal, in the three languages and mixed. */
class GoalFactsTest {

    @ParameterizedTest(name = "{0} → {1}={2}")
    @CsvSource(delimiter = '|', textBlock = """
            sentiment on financial news, 3 labels, 800 rows in PostgreSQL | task_type | classification
            sentiment on financial news, 3 labels, 800 rows in PostgreSQL | domain | financial news
            sentiment on financial news, 3 labels, 800 rows in PostgreSQL | label_count | 3
            sentiment on financial news, 3 labels, 800 rows in PostgreSQL | data_size | 800
            sentiment on financial news, 3 labels, 800 rows in PostgreSQL | data_origin | database
            one 24 GB GPU, F1 0.8 | compute | local GPU, 24 GB
            one 24 GB GPU, F1 0.8 | gpu_memory_gb | 24
            one 24 GB GPU, F1 0.8 | primary_metric | macro_f1
            one 24 GB GPU, F1 0.8 | threshold | 0.80
            we rent an A100 in the cloud | compute | cloud GPU, 80 GB
            accuracy at least 85% | threshold | 0.85
            1.5k labelled examples | data_size | 1500
            我有 2 萬筆資料 | data_size | 20000
            我们有 3000 条标注数据 | data_size | 3000
            金融新聞的實體抽取 | task_type | extraction
            醫療病歷摘要生成 | task_type | generation
            医疗病历摘要生成 | domain | medical
            沒有 GPU，只能用 CPU | compute | none
            没有GPU | compute | none
            目標 F1 達到 0.85 | threshold | 0.85
            准确率 90% | primary_metric | accuracy
            标签：正面、负面、中立 | labels | 正面、负面、中立
            Labels: Spam, Ham | labels | Spam, Ham
            labels: spam, ham | labels | spam, ham
            positive, negative and neutral | labels | positive, negative, neutral
            兩個星期內要完成 | deadline | 兩個星期
            no baseline yet | baseline | none
            目前規則的準確率是 0.65 | baseline | 0.65
            keep 5 versions, deploy to ollama | keep_versions | 5
            keep 5 versions, deploy to ollama | deploy_target | ollama
            會有多次迭代 | iterations | yes
            deploy locally | deploy_target | local
            資料在 CSV 檔 | data_origin | file_import
            想用 GPT 生成更多資料 | data_origin | llm_generated
            """)
    void extracts(String text, String key, String value) {
        Map<String, String> facts = GoalFacts.extract(text);
        if (key.equals("labels") && value.contains("、")) {
            assertThat(facts.get(key).split(", ")).containsExactly(value.split("、"));
        } else {
            assertThat(facts).containsEntry(key, value);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            Analysts read every article to flag market risk
            人工閱讀
            hello
            """)
    void plainAnswersStateNoShortFacts(String text) {
        assertThat(GoalFacts.extract(text)).doesNotContainKeys("data_size", "threshold", "compute", "keep_versions");
    }
}
