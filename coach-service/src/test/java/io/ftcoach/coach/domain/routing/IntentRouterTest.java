package io.ftcoach.coach.domain.routing;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Phrasings of our own (none from intents-sample.yaml), in the three languages and mixed, and the commands. */
class IntentRouterTest {

    private final IntentRouter router = new IntentRouter();

    /** text ⟂ intent ⟂ slots (k=v,k=v) ⟂ language. */
    private static final String CASES = """
            /tasks ⟂ task.list ⟂  ⟂ en
            /nlp-skills:tasks ⟂ task.list ⟂  ⟂ en
            /coach ⟂ coach.start ⟂  ⟂ en
            /new-task news-ner ⟂ task.create ⟂ task=news-ner ⟂ en
            /new-task ⟂ task.create ⟂  ⟂ en
            /data-source spam-filter ⟂ data.configure ⟂ task=spam-filter ⟂ en
            /nlp-skills:data-source spam-filter ⟂ data.configure ⟂ task=spam-filter ⟂ en
            /generate spam-filter ⟂ project.generate ⟂ task=spam-filter ⟂ en
            /evaluate spam-filter ⟂ evaluation.run ⟂ task=spam-filter ⟂ en
            /evaluate spam-filter v3 ⟂ evaluation.run ⟂ task=spam-filter,version=v3 ⟂ en
            /nlp-skills:evaluate spam-filter v2 ⟂ evaluation.run ⟂ task=spam-filter,version=v2 ⟂ en
            /deploy spam-filter ollama ⟂ model.deploy ⟂ task=spam-filter,target=ollama ⟂ en
            /deploy spam-filter v2 ⟂ model.deploy ⟂ task=spam-filter,version=v2 ⟂ en
            /nlp-skills:deploy spam-filter huggingface ⟂ model.deploy ⟂ task=spam-filter,target=huggingface ⟂ en
            /help ⟂ help ⟂  ⟂ en
            /write-plan spam-filter ⟂ unknown ⟂ command=/write-plan ⟂ en
            我要微調一個分類模型 ⟂ coach.start ⟂  ⟂ zh-TW
            我想训练一个情感分析模型 ⟂ coach.start ⟂  ⟂ zh-CN
            不知道從哪裡開始，可以教我嗎 ⟂ coach.start ⟂  ⟂ zh-TW
            how do I build a classifier for customer emails ⟂ coach.start ⟂  ⟂ en
            I'd like to train a model that tags legal clauses ⟂ coach.start ⟂  ⟂ en
            我想 fine-tune 一個 LLM 來分類客訴 ⟂ coach.start ⟂  ⟂ zh-TW
            我有哪些任務？ ⟂ task.list ⟂  ⟂ zh-TW
            显示全部任务 ⟂ task.list ⟂  ⟂ zh-CN
            list my tasks please ⟂ task.list ⟂  ⟂ en
            what tasks do I have? ⟂ task.list ⟂  ⟂ en
            給我看任務清單 ⟂ task.list ⟂  ⟂ zh-TW
            新增一個任務，名稱 stance-detection ⟂ task.create ⟂ task=stance-detection ⟂ zh-TW
            创建新任务 ner-finance ⟂ task.create ⟂ task=ner-finance ⟂ zh-CN
            create a new task called invoice-fields ⟂ task.create ⟂ task=invoice-fields ⟂ en
            幫我開一個 task 叫 review-rating ⟂ task.create ⟂ task=review-rating ⟂ zh-TW
            spam-filter 的狀態是什麼 ⟂ task.status ⟂ task=spam-filter ⟂ zh-TW
            ner-finance 进度怎么样了 ⟂ task.status ⟂ task=ner-finance ⟂ zh-CN
            what's the status of news-ner? ⟂ task.status ⟂ task=news-ner ⟂ en
            how is review-rating coming along ⟂ task.status ⟂ task=review-rating ⟂ en
            把 spam-filter 的 v1 跟 v3 對比一下 ⟂ version.compare ⟂ task=spam-filter,from=v1,to=v3 ⟂ zh-TW
            对比一下 news-ner 的 v2 和 v4 ⟂ version.compare ⟂ task=news-ner,from=v2,to=v4 ⟂ zh-CN
            news-ner v1 vs v2 ⟂ version.compare ⟂ task=news-ner,from=v1,to=v2 ⟂ en
            which version is better, v2 or v3? ⟂ version.compare ⟂ from=v2,to=v3 ⟂ en
            數據存在 MySQL 資料表裡 ⟂ data.configure ⟂ source_type=database ⟂ zh-TW
            数据在 MySQL 数据库里 ⟂ data.configure ⟂ source_type=database ⟂ zh-CN
            we pull the tickets from our REST API ⟂ data.configure ⟂ source_type=api ⟂ en
            我想用 Claude 合成一些標註資料 ⟂ data.configure ⟂ source_type=llm_generated ⟂ zh-TW
            let GPT generate synthetic examples for each label ⟂ data.configure ⟂ source_type=llm_generated ⟂ en
            scrape product reviews from a few websites ⟂ data.configure ⟂ source_type=web_scrape ⟂ en
            用爬虫抓新闻网站的文章 ⟂ data.configure ⟂ source_type=web_scrape ⟂ zh-CN
            我有一個 Excel 檔案，裡面是標好的評論 ⟂ data.configure ⟂ source_type=file_import ⟂ zh-TW
            import my labelled data from a jsonl file ⟂ data.configure ⟂ source_type=file_import ⟂ en
            幫我生成訓練腳本 ⟂ project.generate ⟂  ⟂ zh-TW
            生成项目代码 ⟂ project.generate ⟂  ⟂ zh-CN
            scaffold the project for spam-filter ⟂ project.generate ⟂ task=spam-filter ⟂ en
            開始跑訓練吧 ⟂ training.start ⟂  ⟂ zh-TW
            启动训练 ⟂ training.start ⟂  ⟂ zh-CN
            kick off the training run for news-ner ⟂ training.start ⟂ task=news-ner ⟂ en
            retrain spam-filter ⟂ training.start ⟂ task=spam-filter ⟂ en
            評估一下 v2 ⟂ evaluation.run ⟂ version=v2 ⟂ zh-TW
            评估 news-ner 的模型 ⟂ evaluation.run ⟂ task=news-ner ⟂ zh-CN
            run the benchmark on spam-filter v3 ⟂ evaluation.run ⟂ task=spam-filter,version=v3 ⟂ en
            訓練好了，幫我看看表現如何 ⟂ result.analyze ⟂  ⟂ zh-TW
            训练结果怎么样 ⟂ result.analyze ⟂  ⟂ zh-CN
            how did v2 perform? ⟂ result.analyze ⟂ version=v2 ⟂ en
            training is done, is it good enough to deploy? ⟂ result.analyze ⟂  ⟂ en
            要不要繼續訓練 ⟂ result.analyze ⟂  ⟂ zh-TW
            驗證 loss 一直上升，是不是 overfit ⟂ problem.diagnose ⟂ symptom=overfitting ⟂ zh-TW
            模型过拟合严重 ⟂ problem.diagnose ⟂ symptom=overfitting ⟂ zh-CN
            validation loss keeps going up while train loss drops ⟂ problem.diagnose ⟂ symptom=overfitting ⟂ en
            F1 只有 72%，怎麼辦？ ⟂ problem.diagnose ⟂ symptom=low_accuracy ⟂ zh-TW
            准确率太低了 ⟂ problem.diagnose ⟂ symptom=low_accuracy ⟂ zh-CN
            accuracy is stuck at 0.6 ⟂ problem.diagnose ⟂ symptom=low_accuracy ⟂ en
            some labels have very few examples ⟂ problem.diagnose ⟂ symptom=class_imbalance ⟂ en
            資料類別很不平衡 ⟂ problem.diagnose ⟂ symptom=class_imbalance ⟂ zh-TW
            训练失败了 ⟂ problem.diagnose ⟂ symptom=training_failed ⟂ zh-CN
            the training job crashed with a traceback ⟂ problem.diagnose ⟂ symptom=training_failed ⟂ en
            每個 epoch 都跑好久 ⟂ problem.diagnose ⟂ symptom=slow_training ⟂ zh-TW
            training is way too slow ⟂ problem.diagnose ⟂ symptom=slow_training ⟂ en
            CUDA out of memory on the 24GB GPU ⟂ problem.diagnose ⟂ symptom=out_of_memory ⟂ en
            显存不足怎么办 ⟂ problem.diagnose ⟂ symptom=out_of_memory ⟂ zh-CN
            為什麼我的模型這麼差 ⟂ problem.diagnose ⟂  ⟂ zh-TW
            把模型推到 HF hub ⟂ model.deploy ⟂ target=huggingface ⟂ zh-TW
            部署到 vLLM ⟂ model.deploy ⟂ target=vllm ⟂ zh-TW
            发布 news-ner v2 到 Ollama ⟂ model.deploy ⟂ task=news-ner,version=v2,target=ollama ⟂ zh-CN
            deploy spam-filter to ollama ⟂ model.deploy ⟂ task=spam-filter,target=ollama ⟂ en
            serve it with vllm ⟂ model.deploy ⟂ target=vllm ⟂ en
            你能幫我做什麼 ⟂ help ⟂  ⟂ zh-TW
            你能做什么？ ⟂ help ⟂  ⟂ zh-CN
            what can you do? ⟂ help ⟂  ⟂ en
            幫助 ⟂ help ⟂  ⟂ zh-TW
            我想训练一个模型来识别垃圾邮件 ⟂ coach.start ⟂  ⟂ zh-CN
            I need to teach a model to classify invoices ⟂ coach.start ⟂  ⟂ en
            how do I start? ⟂ coach.start ⟂  ⟂ en
            tasks? ⟂ task.list ⟂  ⟂ en
            列出我的所有任务 ⟂ task.list ⟂  ⟂ zh-CN
            開新任務 fraud-detect ⟂ task.create ⟂ task=fraud-detect ⟂ zh-TW
            新建一个任务叫 intent-cls ⟂ task.create ⟂ task=intent-cls ⟂ zh-CN
            fraud-detect 訓練到哪了 ⟂ task.status ⟂ task=fraud-detect ⟂ zh-TW
            what's happening with fraud-detect ⟂ task.status ⟂ task=fraud-detect ⟂ en
            Is news-ner finished yet? ⟂ task.status ⟂ task=news-ner ⟂ en
            资料在 Google Sheets 上 ⟂ data.configure ⟂ source_type=file_import ⟂ zh-CN
            数据是从接口拉的 ⟂ data.configure ⟂ source_type=api ⟂ zh-CN
            用 ChatGPT 造一些数据 ⟂ data.configure ⟂ source_type=llm_generated ⟂ zh-CN
            請幫我爬 PTT 的文章當訓練資料 ⟂ data.configure ⟂ source_type=web_scrape ⟂ zh-TW
            data comes from a postgres table ⟂ data.configure ⟂ source_type=database ⟂ en
            我想用 PostgreSQL 的客服紀錄訓練意圖分類 ⟂ data.configure ⟂ source_type=database ⟂ zh-TW
            生成 fraud-detect 的腳本 ⟂ project.generate ⟂ task=fraud-detect ⟂ zh-TW
            生成项目结构 ⟂ project.generate ⟂  ⟂ zh-CN
            Kick off fine-tuning for news-ner v2 ⟂ training.start ⟂ task=news-ner,version=v2 ⟂ en
            重新訓練一次 ⟂ training.start ⟂  ⟂ zh-TW
            測試一下 v2 的效果 ⟂ evaluation.run ⟂ version=v2 ⟂ zh-TW
            did it pass the threshold? ⟂ result.analyze ⟂  ⟂ en
            训练完了，效果如何？ ⟂ result.analyze ⟂  ⟂ zh-CN
            recall for the spam label is awful ⟂ problem.diagnose ⟂ symptom=low_accuracy ⟂ en
            loss 變成 NaN 了 ⟂ problem.diagnose ⟂ symptom=training_failed ⟂ zh-TW
            my minority class gets ignored ⟂ problem.diagnose ⟂ symptom=class_imbalance ⟂ en
            类别分布不均衡 ⟂ problem.diagnose ⟂ symptom=class_imbalance ⟂ zh-CN
            GPU 記憶體爆了 ⟂ problem.diagnose ⟂ symptom=out_of_memory ⟂ zh-TW
            想把模型丟到 Hugging Face ⟂ model.deploy ⟂ target=huggingface ⟂ zh-TW
            我要上线 v2 ⟂ model.deploy ⟂ version=v2 ⟂ zh-CN
            比较 v1 跟 v2 的差别 ⟂ version.compare ⟂ from=v1,to=v2 ⟂ zh-CN
            你能干什么 ⟂ help ⟂  ⟂ zh-CN
            你好 ⟂ help ⟂  ⟂ zh-TW
            model 在 validation set 上很差但 training set 很好 ⟂ problem.diagnose ⟂ symptom=overfitting ⟂ zh-TW
            训练集准确率 99% 但测试集只有 60% ⟂ problem.diagnose ⟂ symptom=overfitting ⟂ zh-CN
            每个类别的样本数差很多 ⟂ problem.diagnose ⟂ symptom=class_imbalance ⟂ zh-CN
            please list everything I'm working on ⟂ task.list ⟂  ⟂ en
            publish review-cls to the hub ⟂ model.deploy ⟂ task=review-cls,target=huggingface ⟂ en
            我該用 LoRA 還是全參數微調？ ⟂ coach.start ⟂  ⟂ zh-TW
            幫我 setup 一個新 task 叫 review-cls ⟂ task.create ⟂ task=review-cls ⟂ zh-TW
            review-cls 的 status 如何 ⟂ task.status ⟂ task=review-cls ⟂ zh-TW
            把 review-cls deploy 到 ollama ⟂ model.deploy ⟂ task=review-cls,target=ollama ⟂ zh-TW
            train 完了 results 怎樣 ⟂ result.analyze ⟂  ⟂ zh-TW
            v1 v2 compare 一下 ⟂ version.compare ⟂ from=v1,to=v2 ⟂ zh-TW
            跑一下 evaluation ⟂ evaluation.run ⟂  ⟂ zh-TW
            generate 1000 examples with an LLM ⟂ data.configure ⟂ source_type=llm_generated ⟂ en
            /deploy review-cls hf v2 ⟂ model.deploy ⟂ task=review-cls,target=huggingface,version=v2 ⟂ en
            /compare review-cls v1 v2 ⟂ version.compare ⟂ task=review-cls,from=v1,to=v2 ⟂ en
            asdf qwerty ⟂ unknown ⟂  ⟂ en
            """;

    static Stream<Arguments> cases() {
        return CASES.lines().filter(l -> !l.isBlank()).map(line -> {
            String[] parts = line.split("⟂", -1);
            Map<String, String> slots = new LinkedHashMap<>();
            for (String kv : parts[2].strip().split(",")) {
                if (!kv.isBlank()) {
                    String[] p = kv.split("=", 2);
                    slots.put(p[0].strip(), p[1].strip());
                }
            }
            return Arguments.of(parts[0].strip(), parts[1].strip(), slots, parts[3].strip());
        });
    }

    @ParameterizedTest(name = "{0} → {1} {2}")
    @MethodSource("cases")
    void routes(String text, String intent, Map<String, String> slots, String language) {
        Route route = router.route(text);
        assertThat(route.intent().id()).as("intent of %s", text).isEqualTo(intent);
        assertThat(route.slots()).as("slots of %s", text).isEqualTo(slots);
        assertThat(route.language().tag()).as("language of %s", text).isEqualTo(language);
    }

    @Test
    void theTableHasAtLeastSixtyFreeTextPhrasings() {
        long freeText = cases().filter(a -> !((String) a.get()[0]).startsWith("/")).count();
        assertThat(freeText).isGreaterThanOrEqualTo(60);
    }

    @Test
    void emptyAndOddInputIsUnknownAndNeverThrows() {
        assertThat(router.route("").intent()).isEqualTo(Intent.UNKNOWN);
        assertThat(router.route(null).intent()).isEqualTo(Intent.UNKNOWN);
        assertThat(router.route("/").intent()).isEqualTo(Intent.UNKNOWN);
        assertThat(router.route("x".repeat(20_000)).intent()).isEqualTo(Intent.UNKNOWN);
        assertThat(router.route("／ｔａｓｋｓ").intent()).isEqualTo(Intent.TASK_LIST);
    }

    @Test
    void languageIsToldByScript() {
        assertThat(Scripts.detect("這個資料庫")).isEqualTo(Language.ZH_TW);
        assertThat(Scripts.detect("这个数据库")).isEqualTo(Language.ZH_CN);
        assertThat(Scripts.detect("部署到 Ollama")).isEqualTo(Language.ZH_TW);
        assertThat(Scripts.detect("deploy it")).isEqualTo(Language.EN);
        assertThat(Scripts.normalize("过拟合")).isEqualTo("過擬合");
    }
}
