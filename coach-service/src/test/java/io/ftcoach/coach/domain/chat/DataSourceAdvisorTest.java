package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.routing.Language;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** data-source-advisor's four steps, its refusal of literal secrets, and what it writes through data-ingest. */
class DataSourceAdvisorTest {

    private final InMemoryPlatform fake = new InMemoryPlatform();
    private final DataSourceAdvisor advisor = new DataSourceAdvisor(fake.platform().data());

    @Test
    void aPostgresSourceIsWrittenWithSecretsAsVariablesAndTheVariablesAreListed() {
        GoalClarifier.Outcome o = advisor.start("news-sentiment", "我想從 PostgreSQL 資料庫拿標註資料，大約 800 筆", Language.ZH_TW);
        assertThat(o.text()).contains("已有標註資料 → database");
        assertThat(o.question().slot()).isEqualTo(DataSourceAdvisor.CONNECTION);   // driver and count were said

        GoalClarifier.Outcome secret = advisor.answer(o.state(), "db.internal:5432/labels password=hunter22", Language.ZH_TW);
        assertThat(secret.text()).contains("DB_PASSWORD").contains("${DB_PASSWORD}").doesNotContain("hunter22");
        assertThat(secret.state()).doesNotContainValue("hunter22");
        assertThat(secret.question().slot()).isEqualTo(DataSourceAdvisor.CONNECTION);

        o = advisor.answer(secret.state(), "db.internal/labels", Language.ZH_TW);
        assertThat(o.question().slot()).isEqualTo(DataSourceAdvisor.QUERY);
        o = advisor.answer(o.state(), "hello", Language.ZH_TW);
        assertThat(o.text()).startsWith("這沒有回答這個問題");
        o = advisor.answer(o.state(), "SELECT content AS text, sentiment AS label FROM news WHERE reviewed", Language.ZH_TW);
        assertThat(o.question().slot()).isEqualTo(DataSourceAdvisor.PIPELINE);
        o = advisor.answer(o.state(), "80/10/5", Language.ZH_TW);
        assertThat(o.text()).contains("必須是 100");
        o = advisor.answer(o.state(), "好", Language.ZH_TW);

        assertThat(o.finished()).isTrue();
        String yaml = fake.dataSources.get("news-sentiment");
        assertThat(yaml).contains("type: database", "driver: postgresql", "host: \"db.internal\"", "port: 5432",
                "database: \"labels\"", "username: \"${DB_USER}\"", "password: \"${DB_PASSWORD}\"",
                "query: \"SELECT content AS text, sentiment AS label FROM news WHERE reviewed\"", "train: 0.7",
                "stratify_by: label");
        assertThat(o.text()).contains("DB_PASSWORD（尚未設定）").contains("DB_USER（尚未設定）").contains(".gitignore");
    }

    @Test
    void notEnoughDataLeadsToLlmGenerationWithReview() {
        GoalClarifier.Outcome o = advisor.start("review-sentiment", "/data-source review-sentiment", Language.EN);
        assertThat(o.question().slot()).isEqualTo(DataSourceAdvisor.SOURCE_TYPE);
        assertThat(o.question().options()).contains("llm_generated");
        o = advisor.answer(o.state(), "we don't have enough data", Language.EN);
        assertThat(o.text()).startsWith("Need more data → LLM generation, always with human review");
        o = advisor.answer(o.state(), "120", Language.EN);
        o = advisor.answer(o.state(), "my key is sk-abcdefghijklmnopqrstuv", Language.EN);
        assertThat(o.text()).contains("OPENAI_API_KEY").doesNotContain("sk-abc");
        o = advisor.answer(o.state(), "gpt-4o", Language.EN);
        o = advisor.answer(o.state(), "positive 200, negative 150", Language.EN);
        o = advisor.answer(o.state(), "yes", Language.EN);
        assertThat(o.finished()).isTrue();
        assertThat(fake.dataSources.get("review-sentiment")).contains("type: llm_generated", "api_key: \"${OPENAI_API_KEY}\"",
                "label: \"positive\"", "count: 200", "label: \"negative\"", "count: 150", "require_review: true");
        assertThat(o.text()).contains("OPENAI_API_KEY (not set yet)");
    }

    @Test
    void aFileImportAndAServiceThatIsDown() {
        GoalClarifier.Outcome o = advisor.start("spam", "数据在 CSV 文件 data/raw/mail.csv 里，有 2000 条", Language.ZH_CN);
        assertThat(o.question().slot()).isEqualTo(DataSourceAdvisor.MAPPING);
        o = advisor.answer(o.state(), "body, spam", Language.ZH_CN);
        fake.down.add("data-ingest-service");
        o = advisor.answer(o.state(), "可以", Language.ZH_CN);
        assertThat(o.finished()).isFalse();
        assertThat(o.text()).contains("data-ingest-service 当前无法连接");
        fake.down.clear();
        o = advisor.answer(o.state(), "可以", Language.ZH_CN);
        assertThat(o.finished()).isTrue();
        assertThat(fake.dataSources.get("spam")).contains("source_path: \"data/raw/mail.csv\"", "format: csv",
                "text: \"body\"", "label: \"spam\"");
        assertThat(o.text()).contains("不需要设置环境变量");
        // nothing left to set: the advisor takes the first snapshot itself
        assertThat(o.text()).contains("已执行：快照 snap-1");
        assertThat(fake.runs).containsExactly("spam");
    }

    @Test
    void secretsAreFoundAndMaskedButVariableNamesAreNot() {
        assertThat(Secrets.find("password: s3cretpw")).contains("password");
        assertThat(Secrets.find("postgresql://app:pw123456@db:5432/x")).contains("password");
        assertThat(Secrets.find("token ghp_abcdefghijklmnopqrstuvwxyz012345")).isPresent();
        assertThat(Secrets.find("password: ${DB_PASSWORD}")).isEmpty();
        assertThat(Secrets.find("the password is in DB_PASSWORD")).isEmpty();
        assertThat(Secrets.find("I want to train a sentiment model")).isEmpty();
        assertThat(Secrets.mask("connect with password=hunter22 to postgresql://app:pw123456@db/x"))
                .isEqualTo("connect with password=**** to postgresql://app:****@db/x");
    }
}
