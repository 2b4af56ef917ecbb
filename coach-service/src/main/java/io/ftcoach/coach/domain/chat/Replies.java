package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.routing.Intent;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;
import io.ftcoach.coach.domain.routing.Route;

import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The texts of the coach's replies in English, Traditional and Simplified Chinese: what was understood, and then
 * either what was done or what the coach still needs to know.
 */
final class Replies {

    private static final Map<Intent, String[]> LABELS = new EnumMap<>(Intent.class);
    private static final Map<Intent, String[]> NEXT = new EnumMap<>(Intent.class);

    static {
        label(Intent.COACH_START, "start a fine-tuning project", "開始一個微調專案", "开始一个微调项目");
        label(Intent.TASK_LIST, "list all tasks", "列出所有任務", "列出所有任务");
        label(Intent.TASK_CREATE, "create a task", "建立任務", "创建任务");
        label(Intent.TASK_STATUS, "the status of a task", "查詢任務狀態", "查询任务状态");
        label(Intent.VERSION_COMPARE, "compare two versions", "比較兩個版本", "比较两个版本");
        label(Intent.DATA_CONFIGURE, "configure the data source", "設定資料來源", "配置数据源");
        label(Intent.PROJECT_GENERATE, "generate the project", "產生專案", "生成项目");
        label(Intent.TRAINING_START, "start training", "開始訓練", "开始训练");
        label(Intent.EVALUATION_RUN, "run an evaluation", "執行評估", "执行评估");
        label(Intent.RESULT_ANALYZE, "analyse the results", "分析結果", "分析结果");
        label(Intent.PROBLEM_DIAGNOSE, "diagnose a problem", "診斷問題", "诊断问题");
        label(Intent.MODEL_DEPLOY, "deploy the model", "部署模型", "部署模型");

        next(Intent.COACH_START,
                "the goal-clarifier asks about your business problem, task, resources, success criteria and versioning, one question at a time",
                "目標釐清助理會逐一詢問業務問題、任務、資源、成功標準與版本策略",
                "目标澄清助手会逐一询问业务问题、任务、资源、成功标准与版本策略");
        next(Intent.TASK_LIST, "list the tasks from task-service with status, version and Macro-F1",
                "從 task-service 列出所有任務的狀態、版本與 Macro-F1", "从 task-service 列出所有任务的状态、版本与 Macro-F1");
        next(Intent.TASK_CREATE, "create the task in task-service, with task.yaml and data_source.yaml at their defaults",
                "在 task-service 建立任務，task.yaml 與 data_source.yaml 採用預設值",
                "在 task-service 创建任务，task.yaml 与 data_source.yaml 采用默认值");
        next(Intent.TASK_STATUS, "ask task-service for the task's status and latest version",
                "向 task-service 查詢任務狀態與最新版本", "向 task-service 查询任务状态与最新版本");
        next(Intent.VERSION_COMPARE, "compare the two versions' metrics and lineage",
                "比較兩個版本的指標與 lineage", "比较两个版本的指标与 lineage");
        next(Intent.DATA_CONFIGURE,
                "the data-source advisor asks for the source's parameters and writes data_source.yaml through data-ingest-service",
                "資料來源顧問會詢問來源參數，並透過 data-ingest-service 寫入 data_source.yaml",
                "数据源顾问会询问来源参数，并通过 data-ingest-service 写入 data_source.yaml");
        next(Intent.PROJECT_GENERATE, "generate the scripts, configs and docs from task.yaml",
                "依 task.yaml 產生腳本、設定檔與文件", "依 task.yaml 生成脚本、配置文件与文档");
        next(Intent.TRAINING_START, "ask task-service to request the training and follow its progress",
                "請 task-service 發出訓練請求並追蹤進度", "请 task-service 发出训练请求并跟踪进度");
        next(Intent.EVALUATION_RUN, "run the evaluation and compare it with the success criteria",
                "執行評估並與成功標準比較", "执行评估并与成功标准比较");
        next(Intent.RESULT_ANALYZE,
                "the result-analyzer compares the latest evaluation with the target and the parent version and recommends a decision",
                "結果分析助理會將最新評估與目標及上一版比較，並建議下一步",
                "结果分析助手会将最新评估与目标及上一版比较，并建议下一步");
        next(Intent.PROBLEM_DIAGNOSE,
                "the problem-diagnoser gathers evidence (task, lineage, results, data statistics, logs) and proposes fixes in order of priority",
                "問題診斷助理會收集證據（任務、lineage、結果、資料統計、日誌），並依優先順序提出修正建議",
                "问题诊断助手会收集证据（任务、lineage、结果、数据统计、日志），并按优先级提出修正建议");
        next(Intent.MODEL_DEPLOY, "check the preconditions (model and evaluation report) and deploy",
                "檢查前置條件（模型與評估報告）後部署", "检查前置条件（模型与评估报告）后部署");
    }

    private Replies() {
    }

    static String pick(Language language, String en, String zhTw, String zhCn) {
        return switch (language) {
            case EN -> en;
            case ZH_TW -> zhTw;
            case ZH_CN -> zhCn;
        };
    }

    /** @param result what was done, from the owning service or an agent; null while a question is open */
    static String reply(Intent intent, Map<String, String> slots, Route route, String invalidTask,
                        Question question, Language l, String result) {
        StringBuilder out = new StringBuilder();
        if (intent == Intent.UNKNOWN) {
            String command = route.slot(IntentRouter.COMMAND);
            out.append(command != null
                    ? pick(l, "I do not know the command " + command + ". ", "我不認識指令 " + command + "。",
                    "我不认识指令 " + command + "。")
                    : pick(l, "I did not understand that. ", "我沒有理解這句話。", "我没有理解这句话。"));
            out.append(pick(l, "Describe what you want in your own words, or use a command: ",
                    "請用自己的話描述你想做的事，或使用指令：", "请用自己的话描述你想做的事，或使用指令："));
            out.append(COMMANDS);
            return out.toString();
        }
        if (intent == Intent.HELP) {
            out.append(pick(l,
                    "I coach you from \"I want to train a model\" to a deployed fine-tuned model: clarifying the goal, "
                            + "the data source, training, evaluation, diagnosis and deployment. Write in English or "
                            + "Chinese, or use a command: ",
                    "我會陪你從「我想訓練一個模型」走到部署好的微調模型：釐清目標、資料來源、訓練、評估、問題診斷與部署。"
                            + "可以用中文或英文描述，或使用指令：",
                    "我会陪你从「我想训练一个模型」走到部署好的微调模型：澄清目标、数据源、训练、评估、问题诊断与部署。"
                            + "可以用中文或英文描述，或使用指令："));
            out.append(COMMANDS);
            return out.toString();
        }
        String[] label = LABELS.get(intent);
        out.append(pick(l, "Understood: ", "我理解的是：", "我理解的是："))
                .append(pick(l, label[0], label[1], label[2]));
        if (!slots.isEmpty()) {
            StringJoiner joined = new StringJoiner(", ", " (", ")");
            slots.forEach((k, v) -> joined.add(k + ": " + v));
            out.append(joined);
        }
        out.append(pick(l, ". ", "。", "。"));
        if (invalidTask != null) {
            out.append(pick(l, "\"" + invalidTask + "\" is not a valid task name (kebab-case, e.g. entity-sentiment). ",
                    "「" + invalidTask + "」不是有效的任務名稱（需為 kebab-case，例如 entity-sentiment）。",
                    "「" + invalidTask + "」不是有效的任务名称（需为 kebab-case，例如 entity-sentiment）。"));
        }
        if (result != null) {
            return out.append(result).toString();
        }
        String[] next = NEXT.get(intent);
        out.append(pick(l, "Next step: ", "下一步：", "下一步：")).append(pick(l, next[0], next[1], next[2]))
                .append(pick(l, ". ", "。", "。"));
        if (question != null) {
            out.append(question.text());
        }
        return out.toString();
    }

    private static final String COMMANDS = "/coach, /tasks, /new-task <task>, /data-source <task>, /generate <task>, "
            + "/evaluate <task> [version], /deploy <task> [huggingface|ollama|vllm], /help";

    private static void label(Intent intent, String en, String zhTw, String zhCn) {
        LABELS.put(intent, new String[]{en, zhTw, zhCn});
    }

    private static void next(Intent intent, String en, String zhTw, String zhCn) {
        NEXT.put(intent, new String[]{en, zhTw, zhCn});
    }
}
