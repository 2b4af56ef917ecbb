package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.platform.NewTask;
import io.ftcoach.coach.domain.platform.Recommendation;
import io.ftcoach.coach.domain.platform.RecommendationQuery;
import io.ftcoach.coach.domain.platform.ServiceUnavailableException;
import io.ftcoach.coach.domain.platform.TaskInfo;
import io.ftcoach.coach.domain.platform.TaskService;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;
import io.ftcoach.coach.domain.routing.Scripts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ftcoach.coach.domain.chat.GoalFacts.*;
import static io.ftcoach.coach.domain.chat.Replies.pick;

/**
 * goal-clarifier (spec §2.1, §3.1): one question at a time through business, task, resources, success criteria and
 * versioning; examples and a recommendation when the person is unsure; a summary after each phase; then the
 * task_summary with task-service's recommended approach, and on confirmation the task itself.
 *
 * <p>Its whole state is a map of strings kept in the chat session, so a conversation survives a restart.
 */
public final class GoalClarifier {

    public static final String NAME = "goal-clarifier";
    static final String CONFIRM = "confirm";

    private static final String STAGE = "_stage";
    private static final String SUMMARISED = "_summarised";
    private static final String LANGUAGE = "_language";
    private static final String CONFIRMING = "confirming";

    enum Phase {
        BUSINESS("business", "業務背景", "业务背景"),
        TASK("task definition", "任務定義", "任务定义"),
        RESOURCES("resources", "資源", "资源"),
        SUCCESS("success criteria", "成功標準", "成功标准"),
        VERSIONING("versioning", "版本策略", "版本策略"),
        NAMING("name", "命名", "命名");

        final String en;
        final String zhTw;
        final String zhCn;

        Phase(String en, String zhTw, String zhCn) {
            this.en = en;
            this.zhTw = zhTw;
            this.zhCn = zhCn;
        }
    }

    /** One question: the fact it fills, its phase, its texts, options, an example, and what "unsure" defaults to. */
    record Step(String key, Phase phase, String en, String zhTw, String zhCn, List<String> options, String example,
                String unsureDefault) {
    }

    static final List<Step> STEPS = List.of(
            new Step(BUSINESS_PROBLEM, Phase.BUSINESS, "What business problem should the model solve?",
                    "這個模型要解決什麼業務問題？", "这个模型要解决什么业务问题？", List.of(),
                    "Route customer complaints to the right team automatically", null),
            new Step(CURRENT_HANDLING, Phase.BUSINESS, "How is it handled today?", "目前是怎麼處理的？",
                    "目前是怎么处理的？", List.of(), "Two people read and tag every message by hand", "not specified"),
            new Step(IMPACT, Phase.BUSINESS, "What is the impact if it works (time, cost, quality)?",
                    "如果成功，影響有多大（時間、成本、品質）？", "如果成功，影响有多大（时间、成本、质量）？", List.of(),
                    "Saves about 20 hours a week and answers customers the same day", "not specified"),
            new Step(TASK_TYPE, Phase.TASK, "What kind of task is it: classification, extraction or generation?",
                    "這是哪一類任務：分類、抽取還是生成？", "这是哪一类任务：分类、抽取还是生成？", TASK_TYPES,
                    "classification (e.g. sentiment: positive / negative / neutral)", null),
            new Step(INPUT, Phase.TASK, "What is the input: what text does the model read?",
                    "輸入是什麼：模型要讀哪一種文字？", "输入是什么：模型要读哪一种文字？", List.of(),
                    "One news headline plus its first paragraph", null),
            new Step(LABELS, Phase.TASK, "What are the labels or categories (or the output fields)?",
                    "有哪些標籤或類別（或輸出欄位）？", "有哪些标签或类别（或输出字段）？", List.of(),
                    "positive, negative, neutral", null),
            new Step(OUTPUT, Phase.TASK, "What exactly should the model output?", "模型確切要輸出什麼？",
                    "模型确切要输出什么？", List.of(), "One label as JSON: {\"sentiment\": \"positive\"}", null),
            new Step(DATA_SIZE, Phase.RESOURCES, "How many labelled examples do you have?",
                    "目前有多少筆標註資料？", "目前有多少条标注数据？", List.of(), "800", null),
            new Step(DATA_ORIGIN, Phase.RESOURCES, "Where does the data come from?", "資料從哪裡來？", "数据从哪里来？",
                    IntentRouter.SOURCE_TYPES, "database (PostgreSQL table of reviewed articles)", null),
            new Step(COMPUTE, Phase.RESOURCES, "What compute can you train on: a local, remote or cloud GPU, and how much memory?",
                    "可以用什麼算力訓練：本地、遠端還是雲端 GPU？顯存多大？", "可以用什么算力训练：本地、远程还是云端 GPU？显存多大？",
                    List.of("local GPU", "remote GPU", "cloud GPU", "no GPU"), "one local GPU, 24 GB", "unknown"),
            new Step(DEADLINE, Phase.RESOURCES, "Is there a deadline?", "有截止時間嗎？", "有截止时间吗？", List.of(),
                    "2 weeks", "none"),
            new Step(PRIMARY_METRIC, Phase.SUCCESS, "Which metric decides success?", "用哪個指標判斷成功？",
                    "用哪个指标判断成功？", METRICS, "macro_f1", null),
            new Step(THRESHOLD, Phase.SUCCESS, "What score is good enough?", "分數要達到多少才算夠好？",
                    "分数要达到多少才算够好？", List.of(), "0.80", "0.80"),
            new Step(BASELINE, Phase.SUCCESS, "Is there an existing baseline score (rules, another model, people)?",
                    "目前有基準分數嗎（規則、其他模型或人工）？", "目前有基准分数吗（规则、其他模型或人工）？", List.of(),
                    "none, or 0.65 from keyword rules", "none"),
            new Step(ITERATIONS, Phase.VERSIONING, "Do you expect several iterations (v1, v2, …)?",
                    "預計會有多次迭代（v1、v2…）嗎？", "预计会有多次迭代（v1、v2…）吗？", YES_NO, "yes", "yes"),
            new Step(DEPLOY_TARGET, Phase.VERSIONING, "Where will the model be deployed?", "模型要部署到哪裡？",
                    "模型要部署到哪里？", DEPLOY_TARGETS, "huggingface", "huggingface"),
            new Step(KEEP_VERSIONS, Phase.VERSIONING, "How many versions should be kept (deployed ones are always kept)?",
                    "要保留幾個版本（已部署的版本會永久保留）？", "要保留几个版本（已部署的版本会永久保留）？", List.of(),
                    "3", "3"),
            new Step(TASK_NAME, Phase.NAMING, "What should the task be called (kebab-case)?",
                    "任務要叫什麼名字（kebab-case）？", "任务要叫什么名字（kebab-case）？", List.of(),
                    "entity-sentiment", null));

    /** Why each unsure default is the recommendation. */
    private static final Map<String, String[]> WHY = Map.of(
            THRESHOLD, new String[]{"0.80 is the usual target for classification (spec default); every class should also reach F1 0.70",
                    "0.80 是分類任務常用的目標（預設值）；每個類別的 F1 也應達到 0.70",
                    "0.80 是分类任务常用的目标（默认值）；每个类别的 F1 也应达到 0.70"},
            ITERATIONS, new String[]{"most projects need two or three rounds; semantic versions (v1, v2, v2.1) keep the parentage",
                    "多數專案需要兩三輪；語意版本（v1、v2、v2.1）可保留來源關係", "多数项目需要两三轮；语义版本（v1、v2、v2.1）可保留来源关系"},
            DEPLOY_TARGET, new String[]{"the Hugging Face Hub keeps every version addressable with --revision v2",
                    "Hugging Face Hub 可用 --revision v2 取用每個版本", "Hugging Face Hub 可用 --revision v2 取用每个版本"},
            KEEP_VERSIONS, new String[]{"keeping 3 allows a rollback without filling the disk", "保留 3 個可回滾又不佔滿磁碟",
                    "保留 3 个可回滚又不占满磁盘"},
            COMPUTE, new String[]{"the recommendation will say how much GPU memory the approach needs",
                    "建議中會說明所需的顯存", "建议中会说明所需的显存"},
            BASELINE, new String[]{"without a baseline, the target alone decides", "沒有基準時，只以目標分數判斷",
                    "没有基准时，只以目标分数判断"},
            DEADLINE, new String[]{"no deadline noted", "未設定截止時間", "未设定截止时间"},
            CURRENT_HANDLING, new String[]{"it can be added later", "之後可以再補充", "之后可以再补充"},
            IMPACT, new String[]{"it can be added later", "之後可以再補充", "之后可以再补充"});

    private static final Pattern UNSURE = Pattern.compile("不確定|不知道|不清楚|沒想過|没想过|不曉得|不晓得|看你|你決定|你决定"
            + "|你建議|你建议|建議一下|建议一下|推薦|推荐|隨便|随便|都可以|not sure|unsure|no idea|don'?t know|dunno|you decide"
            + "|recommend|suggest|whatever you think|help me (choose|decide)|^\\s*\\?+\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern YES = Pattern.compile("^\\s*(y|yes|yep|yeah|ok|okay|sure|confirm|correct|go|do it|create it"
            + "|是|是的|對|对|好|好的|可以|確認|确认|沒問題|没问题|建立|创建|要|會|会)\\s*[.!。！]*\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern NO = Pattern.compile("^\\s*(n|no|nope|not yet|wait|否|不|不要|不是|不對|不对|不會|不会|先不要|等等|取消)"
            + "\\s*[.!。！]*\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern NUMBER = Pattern.compile("^\\s*(?:about|around|~|約|约|大約|大约)?\\s*(\\d[\\d,]*(?:\\.\\d+)?)\\s*(%|k|千|萬|万)?"
            + "\\s*(?:rows?|samples?|examples?|筆|笔|條|条|個|个|versions?|個版本|个版本)?\\s*[.。]?\\s*$", Pattern.CASE_INSENSITIVE);

    /** Facts that, alone in a short message, answer other questions rather than a free-text one. */
    private static final Set<String> SHORT_FACTS = Set.of(DATA_SIZE, THRESHOLD, PRIMARY_METRIC, COMPUTE,
            KEEP_VERSIONS, DEPLOY_TARGET, DEADLINE, GPU_MEMORY_GB);

    private final TaskService tasks;

    public GoalClarifier(TaskService tasks) {
        this.tasks = tasks;
    }

    /** What the agent says and keeps after one message; {@code finished} when the conversation is over. */
    public record Outcome(String text, Question question, Map<String, String> state, boolean finished,
                          Map<String, String> slots) {
    }

    /** Starts with whatever the first message already says. */
    public Outcome start(String text, Language l) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put(LANGUAGE, l.tag());
        Map<String, String> facts = GoalFacts.extract(text);
        state.putAll(facts);
        derive(state);
        StringBuilder out = new StringBuilder(pick(l,
                "Let's clarify the goal first, one question at a time (say \"not sure\" at any point for a recommendation). ",
                "我們先逐一釐清目標（任何時候回答「不確定」，我會給建議）。",
                "我们先逐一澄清目标（任何时候回答「不确定」，我会给建议）。"));
        if (!facts.isEmpty()) {
            out.append(noted(facts, l));
        }
        return next(state, out, l);
    }

    public Outcome answer(Map<String, String> previous, String text, Language l) {
        Map<String, String> state = new LinkedHashMap<>(previous);
        StringBuilder out = new StringBuilder();
        if (CONFIRMING.equals(state.get(STAGE))) {
            return confirm(state, text, out, l);
        }
        Step step = pending(state);
        Map<String, String> facts = GoalFacts.extract(text);
        String own = direct(step, text, facts);
        if (own == null && unsure(text)) {
            return unsure(state, step, facts, out, l);
        }
        boolean otherQuestion = own == null && !facts.isEmpty();
        if (own == null && !step.options().isEmpty() && !otherQuestion) {
            out.append(pick(l, "That is not one of the options for this question. ",
                    "這不是這個問題的選項之一。", "这不是这个问题的选项之一。"));
        }
        merge(state, facts);
        if (own != null) {
            state.put(step.key(), own);
        } else if (step.key().equals(TASK_NAME)) {
            out.append(pick(l, "\"" + text.strip() + "\" is not a task name: use kebab-case, lower-case letters, digits and hyphens. ",
                    "「" + text.strip() + "」不是有效的任務名稱：請用 kebab-case（小寫字母、數字與連字號）。",
                    "「" + text.strip() + "」不是有效的任务名称：请用 kebab-case（小写字母、数字与连字符）。"));
        }
        derive(state);
        if (!facts.isEmpty()) {
            out.append(noted(facts, l));
        }
        if (otherQuestion && !state.containsKey(step.key())) {
            out.append(pick(l, "That answers another question; I still need this one. ",
                    "這回答的是另一個問題，這一題還需要你的回答。", "这回答的是另一个问题，这一题还需要你的回答。"));
        }
        return next(state, out, l);
    }

    private static void merge(Map<String, String> state, Map<String, String> facts) {
        facts.forEach((k, v) -> {
            if (CORRECTABLE.contains(k)) {
                state.put(k, v);
            } else {
                state.putIfAbsent(k, v);
            }
        });
    }

    private static boolean unsure(String text) {
        return UNSURE.matcher(text).find() || UNSURE.matcher(Scripts.normalize(text)).find();
    }

    /** The answer to the open question itself, or null when the message does not answer it. */
    private static String direct(Step step, String text, Map<String, String> facts) {
        String raw = text.strip();
        if (facts.containsKey(step.key())) {
            return facts.get(step.key());
        }
        String lower = Scripts.normalize(raw).strip();
        Matcher number = NUMBER.matcher(raw);
        switch (step.key()) {
            case DATA_SIZE -> {
                if (number.matches() && !"%".equals(number.group(2))) {
                    double n = Double.parseDouble(number.group(1).replace(",", ""));
                    String unit = number.group(2);
                    return String.valueOf((long) (unit == null ? n : unit.equals("萬") || unit.equals("万") ? n * 10_000 : n * 1_000));
                }
                return null;
            }
            case THRESHOLD -> {
                return number.matches() ? GoalFacts.fraction(number.group(1) + (number.group(2) == null ? "" : number.group(2))) : null;
            }
            case KEEP_VERSIONS -> {
                return number.matches() && number.group(1).matches("\\d{1,3}") ? number.group(1) : null;
            }
            case ITERATIONS -> {
                return YES.matcher(raw).matches() ? "yes" : NO.matcher(raw).matches() ? "no" : null;
            }
            case TASK_TYPE, PRIMARY_METRIC, DEPLOY_TARGET, DATA_ORIGIN -> {
                String key = lower.replace(' ', '_').replace('-', '_');
                if (step.options().contains(key)) {
                    return key;
                }
                if (step.key().equals(TASK_TYPE)) {
                    return switch (lower) {
                        case "分類", "classify" -> "classification";
                        case "抽取", "extract" -> "extraction";
                        case "生成", "generate" -> "generation";
                        default -> null;
                    };
                }
                return step.key().equals(DATA_ORIGIN) && raw.length() > 2 && !unsure(raw)
                        && !hasShortFacts(facts, raw) ? raw : null;
            }
            case TASK_NAME -> {
                return IntentRouter.isTaskName(lower) ? lower : null;
            }
            case COMPUTE -> {
                return null;
            }
            default -> {
                if (raw.length() < 2 || unsure(raw) || hasShortFacts(facts, raw)) {
                    return null;
                }
                String kept = Secrets.mask(raw);   // an answer is kept in the session: never a literal secret
                return kept.length() > 300 ? kept.substring(0, 300) + "…" : kept;
            }
        }
    }

    private static boolean hasShortFacts(Map<String, String> facts, String raw) {
        return raw.length() < 40 && facts.keySet().stream().anyMatch(SHORT_FACTS::contains);
    }

    private Outcome unsure(Map<String, String> state, Step step, Map<String, String> facts, StringBuilder out,
                           Language l) {
        merge(state, facts);
        if (step.unsureDefault() != null) {
            String value = step.key().equals(TASK_NAME) ? suggestedName(state) : step.unsureDefault();
            state.put(step.key(), value);
            String[] why = WHY.getOrDefault(step.key(), new String[]{"", "", ""});
            out.append(pick(l, "My recommendation: " + value + (why[0].isEmpty() ? "" : " — " + why[0]) + ". ",
                    "我的建議：" + value + (why[1].isEmpty() ? "" : "——" + why[1]) + "。",
                    "我的建议：" + value + (why[2].isEmpty() ? "" : "——" + why[2]) + "。"));
            return next(state, out, l);
        }
        out.append(switch (step.key()) {
            case TASK_TYPE -> pick(l, "Classification picks one of fixed labels (sentiment, topic, intent); extraction "
                            + "pulls spans or fields out of the text (names, amounts); generation writes new text "
                            + "(summaries, replies). If the answer is one of a few fixed values, it is classification. ",
                    "分類是從固定標籤中選一個（情感、主題、意圖）；抽取是從文字中取出片段或欄位（人名、金額）；生成是寫出新文字（摘要、回覆）。"
                            + "如果答案是少數固定值之一，就是分類。",
                    "分类是从固定标签中选一个（情感、主题、意图）；抽取是从文字中取出片段或字段（人名、金额）；生成是写出新文字（摘要、回复）。"
                            + "如果答案是少数固定值之一，就是分类。");
            case DATA_SIZE -> pick(l, "The amount decides the approach: under 100 → few-shot prompting or collect more; "
                            + "100–499 → LoRA r=16–32 with augmentation; 500–1999 → SFT with LoRA r=32–64; 2000 or more "
                            + "→ full fine-tuning or ORPO/DPO. A rough count is enough. ",
                    "資料量決定做法：少於 100 → few-shot 提示或先收集更多；100–499 → LoRA r=16–32 加資料增強；"
                            + "500–1999 → SFT + LoRA r=32–64；2000 以上 → 全參數微調或 ORPO/DPO。大概的數字就可以。",
                    "数据量决定做法：少于 100 → few-shot 提示或先收集更多；100–499 → LoRA r=16–32 加数据增强；"
                            + "500–1999 → SFT + LoRA r=32–64；2000 以上 → 全参数微调或 ORPO/DPO。大概的数字就可以。");
            case PRIMARY_METRIC -> {
                String metric = "generation".equals(state.get(TASK_TYPE)) ? "rouge" : "macro_f1";
                state.put(PRIMARY_METRIC, metric);
                yield pick(l, "My recommendation: " + metric + " — it weighs every class equally, so a weak minority "
                                + "class cannot hide behind a large one. ",
                        "我的建議：" + metric + "——它平均看待每個類別，少數類別表現差時不會被大類別掩蓋。",
                        "我的建议：" + metric + "——它平均看待每个类别，少数类别表现差时不会被大类别掩盖。");
            }
            case TASK_NAME -> {
                String name = suggestedName(state);
                state.put(TASK_NAME, name);
                yield pick(l, "My suggestion: " + name + ". ", "我的建議：" + name + "。", "我的建议：" + name + "。");
            }
            default -> pick(l, "For example: " + step.example() + ". ", "例如：" + step.example() + "。",
                    "例如：" + step.example() + "。");
        });
        return next(state, out, l);
    }

    private Outcome confirm(Map<String, String> state, String text, StringBuilder out, Language l) {
        if (YES.matcher(text).matches()) {
            TaskInfo created;
            try {
                created = tasks.create(newTask(state));
            } catch (ServiceUnavailableException e) {
                out.append(Commands.unavailable(e, l)).append(' ').append(pick(l,
                        "Your answers are kept: say \"yes\" again once it runs.",
                        "你的回答都已保留：服務啟動後再回答「是」即可。", "你的回答都已保留：服务启动后再回答「是」即可。"));
                return new Outcome(out.toString(), confirmQuestion(l), state, false, slots(state));
            } catch (IllegalArgumentException | IllegalStateException e) {
                out.append(pick(l, "task-service refused the task: ", "task-service 拒絕建立任務：",
                        "task-service 拒绝创建任务：")).append(e.getMessage()).append(' ').append(pick(l,
                        "Tell me what to change (e.g. \"name news-sentiment-2\").",
                        "請告訴我要改什麼（例如「名稱 news-sentiment-2」）。", "请告诉我要改什么（例如「名称 news-sentiment-2」）。"));
                if (e instanceof IllegalStateException) {
                    state.remove(TASK_NAME);
                    state.remove(STAGE);
                    return next(state, out, l);
                }
                return new Outcome(out.toString(), confirmQuestion(l), state, false, slots(state));
            }
            out.append(pick(l, "Created the task " + created.name() + " (status " + created.status() + ", " + created.baseModel()
                                    + " " + created.method() + "). Next: configure its data with /data-source " + created.name() + ".",
                    "已建立任務 " + created.name() + "（狀態 " + created.status() + "，" + created.baseModel() + " "
                            + created.method() + "）。下一步：用 /data-source " + created.name() + " 設定資料來源。",
                    "已创建任务 " + created.name() + "（状态 " + created.status() + "，" + created.baseModel() + " "
                            + created.method() + "）。下一步：用 /data-source " + created.name() + " 配置数据源。"));
            Map<String, String> slots = slots(state);
            return new Outcome(out.toString(), null, Map.of(), true, slots);
        }
        Map<String, String> facts = GoalFacts.extract(text);
        String name = Scripts.normalize(text).replaceAll("^\\s*(name|名稱|名称|叫)\\s*[:：]?\\s*", "").strip();
        if (!NO.matcher(text).matches() && IntentRouter.isTaskName(name)) {
            facts.put(TASK_NAME, name);
        }
        if (facts.isEmpty()) {
            out.append(pick(l, "Tell me what to change, e.g. \"threshold 0.85\" or \"2000 rows\", or say \"yes\" to create the task.",
                    "請告訴我要改什麼，例如「F1 0.85」或「2000 筆」，或回答「是」建立任務。",
                    "请告诉我要改什么，例如「F1 0.85」或「2000 条」，或回答「是」创建任务。"));
            return new Outcome(out.toString(), confirmQuestion(l), state, false, slots(state));
        }
        merge(state, facts);
        derive(state);
        out.append(noted(facts, l));
        state.remove(STAGE);
        return next(state, out, l);
    }

    /** The next open question, with the summaries of phases this turn completed, or the task_summary. */
    private Outcome next(Map<String, String> state, StringBuilder out, Language l) {
        List<String> done = new ArrayList<>(List.of(state.getOrDefault(SUMMARISED, "").split(",")));
        done.removeIf(String::isEmpty);
        for (Phase phase : Phase.values()) {
            if (phase != Phase.NAMING && !done.contains(phase.name()) && complete(state, phase)) {
                done.add(phase.name());
                out.append(summary(state, phase, l));
            }
        }
        state.put(SUMMARISED, String.join(",", done));
        Step step = pending(state);
        if (step != null) {
            Question q = question(step, l, state);
            out.append(q.text());
            return new Outcome(out.toString().strip(), q, state, false, slots(state));
        }
        state.put(STAGE, CONFIRMING);
        out.append(taskSummary(state, l));
        Question q = confirmQuestion(l);
        out.append("\n").append(q.text());
        return new Outcome(out.toString().strip(), q, state, false, slots(state));
    }

    private static Question confirmQuestion(Language l) {
        return new Question(CONFIRM, pick(l, "Shall I create the task with this plan?", "要用這個計畫建立任務嗎？",
                "要用这个计划创建任务吗？"), YES_NO, "yes");
    }

    private static Question question(Step s, Language l, Map<String, String> state) {
        String example = s.key().equals(TASK_NAME) ? suggestedName(state) : s.example();
        if (s.key().equals(LABELS) && state.containsKey(LABEL_COUNT)) {
            String n = state.get(LABEL_COUNT);
            return new Question(s.key(), pick(l, "You said " + n + " labels: which are they?", "你提到有 " + n
                    + " 個標籤：分別是哪些？", "你提到有 " + n + " 个标签：分别是哪些？") + pick(l, " (e.g. " + example + ")",
                    "（例如：" + example + "）", "（例如：" + example + "）"), List.of(), example);
        }
        return new Question(s.key(), pick(l, s.en(), s.zhTw(), s.zhCn()) + pick(l, " (e.g. " + example + ")",
                "（例如：" + example + "）", "（例如：" + example + "）"), s.options(), example);
    }

    private static Step pending(Map<String, String> state) {
        return STEPS.stream().filter(s -> !state.containsKey(s.key())).findFirst().orElse(null);
    }

    private static boolean complete(Map<String, String> state, Phase phase) {
        return STEPS.stream().filter(s -> s.phase() == phase).allMatch(s -> state.containsKey(s.key()));
    }

    /** Facts that follow from others: a classifier outputs one of its labels. */
    private static void derive(Map<String, String> state) {
        if ("classification".equals(state.get(TASK_TYPE)) && state.containsKey(LABELS) && !state.containsKey(OUTPUT)) {
            state.put(OUTPUT, "one label of: " + state.get(LABELS));
        }
    }

    private static String suggestedName(Map<String, String> state) {
        String domain = state.getOrDefault(DOMAIN, "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        String kind = switch (state.getOrDefault(TASK_TYPE, "")) {
            case "classification" -> state.getOrDefault(LABELS, "").contains("positive") ? "sentiment" : "classifier";
            case "extraction" -> "extraction";
            case "generation" -> "generation";
            default -> "task";
        };
        String name = (domain.isEmpty() ? "" : domain + "-") + kind;
        return name.replaceAll("^-+|-+$", "").replaceAll("-+", "-");
    }

    private static String noted(Map<String, String> facts, Language l) {
        List<String> parts = new ArrayList<>();
        facts.forEach((k, v) -> {
            if (!k.equals(GPU_MEMORY_GB) && !k.startsWith("_")) {
                parts.add(k + ": " + v);
            }
        });
        return parts.isEmpty() ? "" : pick(l, "Noted — ", "已記下：", "已记下：") + String.join("; ", parts)
                + pick(l, ". ", "。", "。");
    }

    private static String summary(Map<String, String> state, Phase phase, Language l) {
        List<String> parts = new ArrayList<>();
        for (Step s : STEPS) {
            if (s.phase() == phase) {
                parts.add(s.key() + ": " + state.get(s.key()));
            }
        }
        if (phase == Phase.TASK && state.containsKey(DOMAIN)) {
            parts.add(DOMAIN + ": " + state.get(DOMAIN));
        }
        return "\n" + pick(l, "Summary of " + phase.en + " — ", phase.zhTw + "小結：", phase.zhCn + "小结：")
                + String.join("; ", parts) + pick(l, ".", "。", "。") + "\n";
    }

    /** The task_summary of spec §5.1a, with the recommended approach and its rationale. */
    private String taskSummary(Map<String, String> state, Language l) {
        StringBuilder y = new StringBuilder();
        y.append(pick(l, "Here is the plan:\n", "計畫如下：\n", "计划如下：\n"));
        y.append("```yaml\ntask_summary:\n");
        y.append("  name: ").append(state.get(TASK_NAME)).append('\n');
        y.append("  type: ").append(state.get(TASK_TYPE)).append('\n');
        y.append("  domain: ").append(quote(state.getOrDefault(DOMAIN, "general"))).append('\n');
        y.append("  goal: ").append(quote(state.get(BUSINESS_PROBLEM))).append('\n');
        y.append("  input: ").append(quote(state.get(INPUT))).append('\n');
        y.append("  output: ").append(quote(state.get(OUTPUT))).append('\n');
        y.append("  labels: ").append(quote(state.get(LABELS))).append('\n');
        y.append("  constraints:\n");
        y.append("    - ").append(quote("data: " + state.get(DATA_SIZE) + " labelled examples from " + state.get(DATA_ORIGIN))).append('\n');
        y.append("    - ").append(quote("compute: " + state.get(COMPUTE))).append('\n');
        y.append("    - ").append(quote("deadline: " + state.get(DEADLINE))).append('\n');
        y.append("  success_criteria:\n");
        y.append("    primary_metric: ").append(state.get(PRIMARY_METRIC)).append('\n');
        y.append("    threshold: ").append(state.get(THRESHOLD)).append('\n');
        y.append("    baseline: ").append(quote(state.get(BASELINE))).append('\n');
        String note = "";
        Recommendation r = null;
        try {
            r = tasks.recommend(new RecommendationQuery(dataSize(state), taskLanguage(state), List.of(),
                    gpu(state), state.get(TASK_TYPE)));
        } catch (ServiceUnavailableException e) {
            note = Commands.unavailable(e, l) + pick(l, " The approach below comes from the built-in data-size rules.",
                    "以下做法依內建的資料量規則。", "以下做法依内置的数据量规则。");
        } catch (IllegalArgumentException e) {
            note = e.getMessage();
        }
        y.append("  recommended_approach:\n");
        if (r != null) {
            y.append("    base_model: ").append(r.baseModel()).append('\n');
            y.append("    method: ").append(r.method()).append(r.loraR() == null ? "" : " (LoRA r=" + r.loraR()
                    + ", alpha=" + r.loraAlpha() + ")").append('\n');
            y.append("    epochs: ").append(r.epochs()).append('\n');
            y.append("    rationale:\n");
            for (String reason : r.rationale()) {
                y.append("      - ").append(quote(reason)).append('\n');
            }
            for (String warning : r.warnings()) {
                y.append("      - ").append(quote("warning: " + warning)).append('\n');
            }
        } else {
            String[] fallback = builtInApproach(dataSize(state));
            y.append("    base_model: ").append(taskLanguage(state).startsWith("zh") ? "Qwen/Qwen3-4B" : "Qwen/Qwen3-4B").append('\n');
            y.append("    method: ").append(fallback[0]).append('\n');
            y.append("    rationale:\n      - ").append(quote(fallback[1])).append('\n');
        }
        y.append("  versioning:\n");
        y.append("    strategy: semantic\n");
        y.append("    iterations: ").append(state.get(ITERATIONS)).append('\n');
        y.append("    deploy_target: ").append(state.get(DEPLOY_TARGET)).append('\n');
        y.append("    retention: ").append(state.get(KEEP_VERSIONS)).append('\n');
        y.append("```");
        return y + (note.isEmpty() ? "" : "\n" + note);
    }

    /** spec §2.1's data-size tree, for when task-service cannot be asked. */
    static String[] builtInApproach(int size) {
        if (size < 100) {
            return new String[]{"few-shot prompting", size + " examples are under 100: prompt with examples, or collect more data first"};
        }
        if (size < 500) {
            return new String[]{"lora (r=16-32) + augmentation", size + " examples (100–499): LoRA r=16–32 with data augmentation"};
        }
        if (size < 2000) {
            return new String[]{"sft + lora (r=32-64)", size + " examples (500–1999): SFT with LoRA r=32–64"};
        }
        return new String[]{"full fine-tuning or orpo/dpo", size + " examples (2000 or more): full fine-tuning, or ORPO/DPO with preference data"};
    }

    private static NewTask newTask(Map<String, String> s) {
        List<String> labels = s.get(LABELS) == null ? null : List.of(s.get(LABELS).split("\\s*(?:,|，|、)\\s*"));
        String metric = s.get(PRIMARY_METRIC);
        String deploy = s.get(DEPLOY_TARGET);
        return new NewTask(s.get(TASK_NAME), s.get(TASK_TYPE), s.getOrDefault(DOMAIN, "general"), taskLanguage(s), labels,
                metric, Double.valueOf(s.get(THRESHOLD)), dataSize(s), gpu(s), null, "semantic",
                "vllm".equals(deploy) ? "huggingface" : deploy, NewTask.ROW_TEXT_TEMPLATE);
    }

    private static int dataSize(Map<String, String> s) {
        try {
            return (int) Math.min(Integer.MAX_VALUE, Long.parseLong(s.getOrDefault(DATA_SIZE, "0")));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Double gpu(Map<String, String> s) {
        return s.containsKey(GPU_MEMORY_GB) ? Double.valueOf(s.get(GPU_MEMORY_GB)) : null;
    }

    /** The task's language: the language the person writes in. */
    private static String taskLanguage(Map<String, String> s) {
        return s.getOrDefault(LANGUAGE, "zh-TW");
    }

    private static Map<String, String> slots(Map<String, String> state) {
        Map<String, String> slots = new LinkedHashMap<>();
        if (state.containsKey(TASK_NAME)) {
            slots.put(IntentRouter.TASK, state.get(TASK_NAME));
        }
        return slots;
    }

    private static String quote(String s) {
        return s == null ? "null" : "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
