package io.ftcoach.coach.domain.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes what a person types to an {@link Intent} and its slots, without a language model.
 *
 * <p>Slash commands ({@code /tasks}, {@code /new-task x}, … with or without the {@code /nlp-skills:} prefix)
 * are parsed by position. Free text is first {@linkplain Scripts#normalize normalised} (full-width folded,
 * lower case, Simplified mapped to Traditional), then the entities are extracted (task name, versions, source
 * type, symptom, deploy target), then ordered rules decide the intent: the first rule that matches wins, the
 * more specific ones first (a comparison before a diagnosis before a result question before a deploy, …).
 */
public final class IntentRouter {

    public static final String TASK = "task";
    public static final String FROM = "from";
    public static final String TO = "to";
    public static final String VERSION = "version";
    public static final String SOURCE_TYPE = "source_type";
    public static final String SYMPTOM = "symptom";
    public static final String TARGET = "target";
    public static final String COMMAND = "command";

    public static final List<String> SOURCE_TYPES = List.of("database", "api", "web_scrape", "llm_generated",
            "file_import");
    public static final List<String> SYMPTOMS = List.of("overfitting", "low_accuracy", "class_imbalance",
            "training_failed", "slow_training", "out_of_memory");
    public static final List<String> TARGETS = List.of("huggingface", "ollama", "vllm");

    private static final Pattern SLASH = Pattern.compile("^/(?:nlp-skills:)?([a-z][a-z0-9-]*)(?:\\s+(.*))?$",
            Pattern.DOTALL);

    // ---- entities ----
    private static final Pattern KEBAB = Pattern.compile("(?<![\\w/.:@-])([a-z][a-z0-9]*(?:-[a-z0-9]+)+)(?![\\w-])");
    private static final Pattern NAMED = Pattern.compile(
            "(?:叫做|叫|名為|名叫|命名為|取名為?|稱為|called|named|name it|name)\\s*[「『\"'`]?([a-z][a-z0-9-]*)");
    private static final Pattern VERSION_TOKEN = Pattern.compile("(?<![\\w.-])v(\\d+(?:\\.\\d+)?)(?![\\w.])"
            + "|(?:version|版本)\\s*(\\d+(?:\\.\\d+)?)(?![\\w.])");
    private static final Set<String> NOT_TASKS = Set.of("fine-tune", "fine-tuning", "fine-tuned", "fine-tunes",
            "hugging-face", "code-mixed", "out-of-memory", "step-by-step", "follow-up", "real-time", "pre-trained",
            "pre-train", "state-of-the-art", "multi-label", "multi-class", "e-mail", "long-running", "up-to-date",
            "self-hosted", "low-rank", "one-shot", "few-shot", "zero-shot", "long-tail", "re-train", "well-known",
            "non-english", "built-in", "end-to-end", "nlp-skills", "new-task", "data-source", "over-fit",
            "over-fitting", "macro-f1", "f1-score", "sql-server", "check-in", "set-up", "how-to", "ssh-server");
    private static final Pattern MODEL_NAME = Pattern.compile(
            "(?:gpt|qwen|llama|phi|deepseek|mistral|gemma|bert|roberta|claude|text|chatgpt|glm|yi|baichuan|v\\d)"
                    + "[a-z0-9]*-.*");

    // ---- deploy targets ----
    private static final Pattern HUGGINGFACE = p("hugging ?face|\\bhf\\b|抱抱臉|\\bthe hub\\b");
    private static final Pattern OLLAMA = p("ollama");
    private static final Pattern VLLM = p("\\bvllm\\b");

    // ---- source types, in priority order ----
    private static final Pattern LLM_GENERATED = p(
            "(gpt|llm|claude|openai|chatgpt|大模型|語言模型|gemini|qwen)[\\w-]*.{0,14}(生成|產生|合成|造|寫|編|generat|synthesi|creat|make|produc|writ)"
                    + "|(生成|產生|合成|generat\\w*|synthesi\\w*|creat\\w*|writ\\w*).{0,25}(by|with|using|用|透過|通過|from)\\s*(an? )?(gpt|llm|claude|openai|chatgpt)"
                    + "|合成(資料|數據|樣本)|\\bsynthetic\\b|\\bllm[- ]generated\\b|(用|拿|讓|請|靠)\\s*(gpt|llm|claude|chatgpt|openai|ai|大模型)");
    private static final Pattern WEB_SCRAPE = p("爬|抓取|抓.{0,4}網|網頁|網站|\\bscrap|\\bcrawl|\\bspider\\b|\\bwebsites?\\b"
            + "|\\bweb ?pages?\\b|\\brss\\b|\\bfrom the web\\b");
    private static final Pattern DATABASE = p("postgres|mysql|mariadb|sql ?server|sqlite|oracle|mongo|資料庫|數據庫"
            + "|\\bdatabase\\b|\\bdb\\b|\\bsql\\b|資料表|數據表|\\bdata warehouse\\b|\\bsnowflake\\b|\\bbigquery\\b");
    private static final Pattern API = p("\\bapi\\b|\\brest\\b|\\bendpoints?\\b|\\bwebhooks?\\b|介面|接口|\\bgraphql\\b");
    private static final Pattern FILE_IMPORT = p("\\bcsv\\b|\\bjsonl?\\b|\\bexcel\\b|\\bxlsx?\\b|\\btsv\\b|\\bparquet\\b"
            + "|\\btxt\\b|google sheets?|檔案|文件|\\bfiles?\\b|\\bspreadsheets?\\b|試算表|表格|匯入|導入|\\bimport\\b|\\blocal folder\\b");

    // ---- symptoms, in priority order ----
    private static final Pattern OUT_OF_MEMORY = p("\\boom\\b|out of memory|out-of-memory|(記憶體|內存|顯存)(不足|不夠|爆)"
            + "|爆(顯存|記憶體|內存)|\\bmemory error\\b|(ran|run|runs|running) out of (gpu |cuda )?memory|cuda.{0,20}memory"
            + "|\\bvram\\b.{0,20}(full|not enough|too small|exceed)");
    private static final Pattern TRAINING_FAILED = p("失敗|報錯|出錯|錯誤訊息|崩潰|崩了|掛了|掛掉|中斷了|異常退出|跑不起來|跑不動"
            + "|\\bcrash|\\bfailed\\b|\\bfails\\b|\\bfailing\\b|\\berrors?\\b|\\bexception\\b|\\btraceback\\b|\\bdied\\b"
            + "|\\bblew up\\b|\\bbroke\\b|\\bbroken\\b|\\bnan\\b");
    private static final Pattern OVERFITTING = p("過擬合|過度擬合|過適|\\bover-?fit|記住了?訓練(資料|數據|集)|memoriz"
            + "|訓練集.{0,12}(很好|很高|高|好).{0,20}(驗證|測試|開發).{0,10}(很差|低|差|不好)"
            + "|(train|training) (loss|accuracy|score|set).{0,40}(val|validation|test|eval|dev).{0,30}(worse|bad|low|goes up|going up|rising|increas|high|poor)"
            + "|(val|validation|eval|dev) loss.{0,20}(goes up|going up|rising|increas|climb|worse)"
            + "|(驗證|測試).{0,6}(loss|損失).{0,10}(上升|升高|變大|變高|增加|反而)");
    private static final Pattern TRAIN_SET = p("\\b(training|train) (set|loss|accuracy|data|f1|score)|訓練集|訓練(資料|數據)上");
    private static final Pattern EVAL_SET = p("\\b(validation|val|test|dev|eval|held-out) (set|loss|accuracy|data|f1|score)|驗證集|測試集|開發集");
    private static final Pattern CONTRAST = p("但|卻|可是|然而|而|\\bbut\\b|\\bwhile\\b|\\bwhereas\\b|\\bhowever\\b|\\byet\\b");
    private static final Pattern CLASS_IMBALANCE = p("不平衡|不均衡|不均勻|\\bimbalanc|\\bunbalanc|\\bskewed\\b|\\bminority\\b"
            + "|少數類|長尾|\\blong[- ]tail"
            + "|(類別?|標籤|label|class).{0,12}(太少|很少|極少|特別少|只有幾|樣本少|數量少|比例很低|佔比很低)"
            + "|\\b(class|label|category|classes|labels)\\b.{0,25}\\b(tiny|rare|underrepresented|very few|barely any|too small|so small|much smaller|only a few)\\b"
            + "|\\b(tiny|rare|underrepresented|small|few)\\b.{0,10}\\b(class|label|category)\\b"
            + "|(類別|標籤|class|label).{0,10}(樣本|數量|數目|資料|數據|examples|samples|counts?).{0,8}(差很多|差距|差異很大|懸殊|相差|vary a lot|differ a lot)"
            + "|樣本數?(差很多|差距很大|懸殊)|(某|有)(個|一)?類.{0,6}(很少|太少)|(一|某)個(類別|標籤).{0,8}(少|低)");
    private static final Pattern SLOW_TRAINING = p("(訓練|跑|training|epoch|train).{0,12}(太慢|很慢|好慢|超慢|慢死|好久|很久|太久"
            + "|\\bslow|\\bforever\\b|\\bages\\b|takes? (so |too )?long|too long|hours)"
            + "|\\bslow\\b.{0,12}(train|training|epoch)|速度(太|很|好)?慢|太慢了|好慢|很慢|\\btoo slow\\b|\\btak(es|ing) forever\\b"
            + "|\\bspeed (it|this|training) up\\b|加速訓練|訓練加速");
    private static final String METRIC = "(準確率|準確度|正確率|精度|精確率|精準度|召回率|召回|f1|macro-?f1|accuracy|precision"
            + "|recall|分數|\\bscores?\\b|效果|表現|performance|成績|指標)";
    private static final String BAD = "(低|不高|不夠|不好|很差|太差|差|上不去|上不來|卡在|卡住|停在|只有|才|不理想|不佳|下降|掉|提升|提高|改善|拉高"
            + "|\\blow\\b|\\bpoor|\\bbad\\b|\\bterrible\\b|\\bawful\\b|\\bstuck\\b|\\bplateau|\\bonly\\b|\\bnot good|\\bdrop"
            + "|\\bworse\\b|\\bimprov|\\bboost|\\bincrease|\\braise|\\bdisappointing|\\bmediocre|\\bnot great|\\bwon'?t go up"
            + "|\\bisn'?t going up|\\bdoesn'?t go up|\\bnot improving)";
    private static final Pattern LOW_ACCURACY = p(METRIC + "(.{0,15}|[ a-z0-9-]{0,30})" + BAD + "|" + BAD + ".{0,12}" + METRIC
            + "|不準|\\bnot accurate\\b|\\binaccurate\\b|預測(很|都|總是)?(錯|不對)|\\bwrong predictions\\b|\\bpredicts? wrong\\b");

    // ---- intents ----
    private static final Pattern HELP_EXACT = p("^\\s*(你好|您好|哈囉|嗨|hi|hello|hey|help|\\?|幫助|說明|求助|menu|指令|命令|commands|使用說明|\\bhelp me\\b|h)\\s*[?!.。！？]*\\s*$");
    private static final Pattern COMPARE = p("比較|對比|比一比|比一下|相比|差異|差別|區別|不同|\\bcompare\\b|\\bcomparison\\b"
            + "|\\bvs\\.?(?!\\w)|\\bversus\\b|\\bdiff\\b|\\bdifference\\b|\\bbetter than\\b|哪個(版本)?(比較)?好|哪一?版.{0,4}好"
            + "|\\bwhich (one|version) is better\\b|\\bagainst\\b|\\bside by side\\b");
    private static final Pattern VERSION_WORD = p("版本|\\bversions?\\b");
    private static final Pattern DIAGNOSE = p("診斷|出了?(什麼)?問題|哪裡(有)?問題|有問題|不對勁|為什麼.{0,20}(不好|很差|這麼差|這麼低|上不去|不準|不行)"
            + "|怎麼(會)?這麼(差|低|爛)|\\bdiagnos|\\bwhat'?s wrong\\b|\\bwhat went wrong\\b|\\bwhy is (my|the) model\\b"
            + "|\\bnot (working|improving|learning)\\b|\\bdoesn'?t (work|learn|improve)\\b|\\btroubleshoot|\\bdebug\\b"
            + "|\\bsomething'?s? (is )?off\\b|很爛|好爛|\\bsucks\\b");
    private static final Pattern RESULT = p("結果|成績|成效|表現(如何|怎麼樣|怎樣)|效果(如何|怎麼樣|怎樣)|評估報告|訓練(完|好)了?|跑完|完成了|做完了"
            + "|繼續.{0,8}還是|還是.{0,6}(部署|上線)|要不要(繼續|部署|上線)|可以(部署|上線)了嗎|能(部署|上線)了嗎|分析(一下)?(結果|表現|指標)|指標"
            + "|\\bresults?\\b|\\bhow (did|does|do|is) (it|the model|training|the training|we|my model|v\\d+|the run) (do|go|perform|look)"
            + "|\\bhow well\\b|\\b(training|it|the run)('s| is| has)? (done|finished|complete|completed|over)\\b|\\bfinished training\\b"
            + "|\\b(keep|continue) training or\\b|\\bor (should i |should we |do i )?deploy\\b|\\bgood enough to (deploy|ship)\\b"
            + "|\\bready to (deploy|ship)\\?|\\banaly[sz]e (the |my )?(results?|evaluation|metrics|performance|v\\d)|\\bmetrics\\b"
            + "|\\bhow good is\\b|\\b(pass|meet|hit|reach)(ed|es)? the (threshold|target|bar|criteria)|達標|達到目標|過了沒|有沒有達到|\\bwhat did (it|the model|we) (get|score)\\b");
    private static final Pattern DEPLOY = p("部署|佈署|上線|發佈|發布|推到|推送|推上|發到|\\bdeploy|\\bpublish|\\bpush\\b|\\bship\\b"
            + "|\\brelease\\b|\\bserve\\b|\\bserving\\b|\\bgo live\\b|\\bput .{0,25} (on|onto) (the )?(hf|hugging|ollama|vllm)"
            + "|(上傳|\\bupload).{0,20}(模型|\\bmodel|adapter|gguf|\\bhub\\b|\\bhf\\b|hugging|權重|weights)|\\bexport (it|the model) to\\b");
    private static final Pattern CREATE = p("(建立|新增|創建|新建|開一個|開個|增加|加一個|create|make|add|set up|setup|register|init|open)"
            + ".{0,12}(新的?)?(任務|\\btask\\b)|新的?任務|\\bnew task\\b");
    private static final Pattern GENERATE = p("(產生|生成|建立|創建|產出|搭建|做|寫|建|generat|creat|scaffold|build|set up|make|write)"
            + ".{0,30}(專案|項目|腳本|程式碼|代碼|程式|結構|骨架|框架|目錄|設定檔|配置文件|配置檔|\\bproject\\b|\\bscripts?\\b"
            + "|\\bstructure\\b|\\bscaffold|\\bboilerplate\\b|\\bcode\\b|\\bpipeline\\b|\\bconfigs?\\b|\\btemplates?\\b|\\bfolders?\\b)"
            + "|\\bscaffold");
    private static final Pattern DATA = p("資料來源|數據來源|數據源|資料源|資料從|數據從|(資料|數據)(在|放在|存在|存放在|都在)|訓練資料|訓練數據|標註資料|標註數據|準備資料|準備數據"
            + "|收集資料|收集數據|\\bdata ?sources?\\b|\\bdatasets?\\b|\\btraining data\\b|\\bmy data\\b|\\bdata (is|are|comes|lives|sits)\\b"
            + "|\\blabell?ed (data|examples|reviews|samples)\\b|\\bcollect (the )?data\\b|\\bdata\\b.{0,10}\\bfrom\\b");
    private static final Pattern EVALUATE = p("評估|評測|測評|測試(一下)?\\s*.{0,6}(模型|效果|版本|v\\d)|跑.{0,6}(benchmark|評估|測試集)|測一下|驗證一下"
            + "|\\bevaluat|\\beval\\b|\\bbenchmark|\\btest (the |my |this )?(model|version|v\\d|it)\\b|\\brun (the )?tests? on\\b"
            + "|\\bscore (the|it|v\\d)\\b|\\bmeasure\\b");
    private static final String TRAIN_WORD = "(訓練|微調|\\btrain|\\bfine-?tun|\\bjob\\b)";
    private static final Pattern TRAIN = p("(開始|啟動|跑|執行|進行|開跑|運行|開訓|\\bstart|\\brun\\b|\\blaunch|\\bkick ?off|\\bbegin"
            + "|\\bgo ahead\\b|\\btrigger|\\bresume|\\brestart|\\bfire off)" + ".{0,15}" + TRAIN_WORD
            + "|(訓練|微調|\\btrain|\\btraining|\\bfine-?tun\\w*).{0,6}(開始|吧|走起|跑起來)|重新訓練|再訓練|再跑一次|重訓|\\bre-?train"
            + "|\\btrain (it )?again\\b|\\blet'?s (train|fine-?tune)\\b|\\bstart the (job|run)\\b");
    private static final Pattern TRAIN_VERB = p("訓練|微調|\\btrain\\b|\\bfine-?tune\\b");
    private static final Pattern LIST = p("(列出|顯示|看看|看一下|查看|列|給我看|秀|\\bshow|\\blist|\\bsee\\b|\\bview|\\bdisplay"
            + "|\\bwhat are\\b).{0,14}(任務|\\btasks\\b)|(所有|全部|有哪些|有什麼|有幾個|哪些)的?任務|\\ball (my |the |of my )?tasks\\b"
            + "|\\btask list\\b|任務(列表|清單|一覽|總覽)|^\\s*(my |all )?(tasks|任務)\\s*[?？!]*\\s*$|\\bwhich tasks\\b|\\bwhat tasks\\b|\\bmy tasks\\b|\\bhow many tasks\\b|\\blist everything\\b|\\beverything i'?m working on\\b|我(手上|正在做)的(任務|專案|項目)");
    private static final Pattern STATUS = p("進度|狀態|進展|到哪(了|裡|一步)|怎麼樣了|如何了|跑到|\\bstatus\\b|\\bprogress\\b|\\bhow far\\b"
            + "|\\bhow('s| is) .{0,30}(going|doing|coming along)\\b|\\bwhere (is|are) .{0,25}\\bat\\b|\\bupdate on\\b"
            + "|\\bis .{0,25} (done|finished|ready) yet\\b|現在(如何|怎樣|怎麼樣)|\\bany news on\\b|\\bwhat'?s (happening|going on|up) with\\b|\\bany updates?\\b");
    private static final Pattern COACH = p("(想|要|想要|希望|需要|打算|計劃|準備|幫我|教我|如何|怎麼|該怎麼|可以|能不能|能否|想做"
            + "|\\bwant|\\bneed|\\bwould like|'d like|\\bwanna|\\bhelp me|\\bhow (do|can|should|would) (i|we)|\\bhow to"
            + "|\\blooking to|\\bplanning to|\\btrying to|\\bgoing to|\\blet'?s|\\bcan you|\\bguide me|\\bteach me|\\binterested in)"
            + ".{0,30}(訓練|微調|模型|分類器|分類|\\bnlp\\b|\\btrain|\\bfine-?tun|\\bmodels?\\b|\\bllms?\\b|\\bclassifier|\\bclassif"
            + "|\\bner\\b|\\bsentiment)"
            + "|該怎麼做|怎麼做|從哪裡開始|從何開始|怎麼開始|如何開始|如何入手|怎麼入手|\\bwhere (do|should) (i|we) (start|begin)"
            + "|\\bhow (should|do|can) (i|we) (approach|start|begin)|\\bget(ting)? started\\b|\\bcoach\\b|^\\s*(fine-?tune|微調)|\\bfine-?tun"
            + "|\\blora\\b|\\bqlora\\b|全參數|全量微調|\\bfull (ft|fine-?tun)|\\bwhich (base )?model\\b|\\bwhat model\\b"
            + "|(哪個|什麼|哪一個)(基礎|基座)?模型|(訓練|微調).{0,6}(一個|個)?.{0,10}模型|\\bbuild (a|an|my) .{0,25}(model|classifier)");
    private static final Pattern HELP = p("你(可以|能|會)(幫我|為我|替我)?(做|幹|干)?(什麼|啥|些什麼)|能做什麼|可以做什麼|會做什麼|有(什麼|哪些)功能|(有哪些|什麼)(指令|命令)"
            + "|怎麼用(你|這個)?|如何使用|使用說明|\\bwhat can you do\\b|\\bwhat do you do\\b|\\bhow (do|does) (i use|this work)"
            + "|\\b(list|show)( me)? (the |your )?commands\\b|\\bwhich commands\\b|\\bhelp\\b|幫助|說明一下|你是誰|\\bwho are you\\b"
            + "|\\bwhat are you\\b|\\bcapabilities\\b|\\bfeatures\\b|\\busage\\b");

    /** Routes one message; never null, never throws for any text (an empty text is {@link Intent#UNKNOWN}). */
    public Route route(String text) {
        String raw = text == null ? "" : text.strip();
        Language language = Scripts.detect(raw);
        if (raw.startsWith("/") || raw.startsWith("／")) {
            return command(Scripts.normalize(raw), language);
        }
        String t = Scripts.normalize(raw);
        Entities e = Entities.of(t);
        Intent intent = intent(t, e);
        return new Route(intent, slots(intent, e), language, false);
    }

    private static Intent intent(String t, Entities e) {
        if (t.isBlank()) {
            return Intent.UNKNOWN;
        }
        if (HELP_EXACT.matcher(t).find()) {
            return Intent.HELP;
        }
        if (COMPARE.matcher(t).find() && (!e.versions.isEmpty() || VERSION_WORD.matcher(t).find())) {
            return Intent.VERSION_COMPARE;
        }
        if (e.symptom != null || DIAGNOSE.matcher(t).find()) {
            return Intent.PROBLEM_DIAGNOSE;
        }
        if (RESULT.matcher(t).find()) {
            return Intent.RESULT_ANALYZE;
        }
        if (DEPLOY.matcher(t).find() || e.target != null) {
            return Intent.MODEL_DEPLOY;
        }
        if (CREATE.matcher(t).find()) {
            return Intent.TASK_CREATE;
        }
        if (GENERATE.matcher(t).find()) {
            return Intent.PROJECT_GENERATE;
        }
        if (e.sourceType != null || DATA.matcher(t).find()) {
            return Intent.DATA_CONFIGURE;
        }
        if (EVALUATE.matcher(t).find()) {
            return Intent.EVALUATION_RUN;
        }
        if (TRAIN.matcher(t).find()) {
            return Intent.TRAINING_START;
        }
        if (LIST.matcher(t).find() && e.task == null) {
            return Intent.TASK_LIST;
        }
        if (STATUS.matcher(t).find()) {
            return Intent.TASK_STATUS;
        }
        if (e.task != null && TRAIN_VERB.matcher(t).find()) {
            return Intent.TRAINING_START;
        }
        if (COACH.matcher(t).find()) {
            return Intent.COACH_START;
        }
        if (HELP.matcher(t).find()) {
            return Intent.HELP;
        }
        return Intent.UNKNOWN;
    }

    private static Map<String, String> slots(Intent intent, Entities e) {
        Map<String, String> slots = new LinkedHashMap<>();
        switch (intent) {
            case VERSION_COMPARE -> {
                put(slots, TASK, e.task);
                put(slots, FROM, e.versions.size() > 0 ? e.versions.get(0) : null);
                put(slots, TO, e.versions.size() > 1 ? e.versions.get(1) : null);
            }
            case TASK_CREATE, TASK_STATUS, PROJECT_GENERATE -> put(slots, TASK, e.task);
            case DATA_CONFIGURE -> {
                put(slots, TASK, e.task);
                put(slots, SOURCE_TYPE, e.sourceType);
            }
            case TRAINING_START, EVALUATION_RUN, RESULT_ANALYZE -> {
                put(slots, TASK, e.task);
                put(slots, VERSION, e.versions.isEmpty() ? null : e.versions.get(0));
            }
            case PROBLEM_DIAGNOSE -> {
                put(slots, TASK, e.task);
                put(slots, VERSION, e.versions.isEmpty() ? null : e.versions.get(0));
                put(slots, SYMPTOM, e.symptom);
            }
            case MODEL_DEPLOY -> {
                put(slots, TASK, e.task);
                put(slots, VERSION, e.versions.isEmpty() ? null : e.versions.get(0));
                put(slots, TARGET, e.target);
            }
            default -> {
            }
        }
        return slots;
    }

    private static Route command(String t, Language language) {
        String text = t.startsWith("／") ? "/" + t.substring(1) : t;
        Matcher m = SLASH.matcher(text);
        Map<String, String> slots = new LinkedHashMap<>();
        if (!m.matches()) {
            slots.put(COMMAND, text);
            return new Route(Intent.UNKNOWN, slots, language, true);
        }
        String name = m.group(1);
        List<String> args = m.group(2) == null || m.group(2).isBlank() ? List.of()
                : List.of(m.group(2).strip().split("\\s+"));
        String a1 = args.size() > 0 ? args.get(0) : null;
        String a2 = args.size() > 1 ? args.get(1) : null;
        String a3 = args.size() > 2 ? args.get(2) : null;
        Intent intent = switch (name) {
            case "coach", "finetune-llm" -> Intent.COACH_START;
            case "tasks", "list" -> Intent.TASK_LIST;
            case "new-task" -> {
                put(slots, TASK, a1);
                yield Intent.TASK_CREATE;
            }
            case "status" -> {
                put(slots, TASK, a1);
                yield Intent.TASK_STATUS;
            }
            case "data-source" -> {
                put(slots, TASK, a1);
                put(slots, SOURCE_TYPE, a2 != null && SOURCE_TYPES.contains(a2) ? a2 : null);
                yield Intent.DATA_CONFIGURE;
            }
            case "generate" -> {
                put(slots, TASK, a1);
                yield Intent.PROJECT_GENERATE;
            }
            case "train" -> {
                put(slots, TASK, a1);
                yield Intent.TRAINING_START;
            }
            case "evaluate" -> {
                put(slots, TASK, a1);
                put(slots, VERSION, a2);
                yield Intent.EVALUATION_RUN;
            }
            case "analyze", "analyse", "results" -> {
                put(slots, TASK, a1);
                put(slots, VERSION, a2);
                yield Intent.RESULT_ANALYZE;
            }
            case "compare" -> {
                put(slots, TASK, a1);
                put(slots, FROM, a2);
                put(slots, TO, a3);
                yield Intent.VERSION_COMPARE;
            }
            case "diagnose" -> {
                put(slots, TASK, a1);
                yield Intent.PROBLEM_DIAGNOSE;
            }
            case "deploy" -> {
                put(slots, TASK, a1);
                for (String arg : args.subList(Math.min(1, args.size()), args.size())) {
                    String target = deployTarget(arg);
                    if (target != null) {
                        put(slots, TARGET, target);
                    } else if (arg.matches("v\\d+(\\.\\d+)?")) {
                        put(slots, VERSION, arg);
                    }
                }
                yield Intent.MODEL_DEPLOY;
            }
            case "help" -> Intent.HELP;
            default -> {
                slots.put(COMMAND, "/" + name);
                yield Intent.UNKNOWN;
            }
        };
        return new Route(intent, slots, language, true);
    }

    /** The versions a text names (v1, v2.1, "version 3"), in order, without repeats. */
    public static List<String> versionsIn(String text) {
        return Entities.versions(Scripts.normalize(text == null ? "" : text));
    }

    /** The deploy target a text names, or null. */
    public static String targetIn(String text) {
        String t = Scripts.normalize(text == null ? "" : text).strip();
        String exact = deployTarget(t);
        return exact != null ? exact : Entities.target(t);
    }

    /** The source type a text names, or null. */
    public static String sourceTypeIn(String text) {
        String t = Scripts.normalize(text == null ? "" : text).strip();
        return SOURCE_TYPES.contains(t) ? t : Entities.sourceType(t);
    }

    /** Whether a name is a task name: kebab-case, lower case, at most 64 characters. */
    public static boolean isTaskName(String name) {
        return name != null && name.length() <= 64 && name.matches("[a-z0-9]+(-[a-z0-9]+)*");
    }

    private static String deployTarget(String arg) {
        String a = arg.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "huggingface", "hugging-face", "hf", "hub" -> "huggingface";
            case "ollama" -> "ollama";
            case "vllm" -> "vllm";
            default -> null;
        };
    }

    private static void put(Map<String, String> slots, String name, String value) {
        if (value != null && !value.isBlank()) {
            slots.put(name, value);
        }
    }

    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.DOTALL);
    }

    /** What free text names, independent of the intent. */
    private record Entities(String task, List<String> versions, String sourceType, String symptom, String target) {

        static Entities of(String t) {
            return new Entities(task(t), versions(t), sourceType(t), symptom(t), target(t));
        }

        private static String task(String t) {
            Matcher named = NAMED.matcher(t);
            while (named.find()) {
                String name = named.group(1).replaceAll("-+$", "");
                if (isTaskName(name) && !VERSION_TOKEN.matcher(name).matches()) {
                    return name;
                }
            }
            Matcher m = KEBAB.matcher(t);
            while (m.find()) {
                String name = m.group(1);
                if (isTaskName(name) && name.contains("-")) {
                    return name;
                }
            }
            return null;
        }

        private static boolean isTaskName(String name) {
            return name.length() <= 64 && name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*") && !NOT_TASKS.contains(name)
                    && !MODEL_NAME.matcher(name).matches()
                    && !Set.of("it", "the", "a", "an", "my", "this", "that", "task", "model").contains(name);
        }

        private static List<String> versions(String t) {
            List<String> versions = new ArrayList<>();
            Matcher m = VERSION_TOKEN.matcher(t);
            while (m.find()) {
                String v = "v" + (m.group(1) != null ? m.group(1) : m.group(2));
                if (!versions.contains(v)) {
                    versions.add(v);
                }
            }
            return versions;
        }

        private static String sourceType(String t) {
            if (LLM_GENERATED.matcher(t).find()) {
                return "llm_generated";
            }
            if (WEB_SCRAPE.matcher(t).find()) {
                return "web_scrape";
            }
            if (DATABASE.matcher(t).find()) {
                return "database";
            }
            if (API.matcher(t).find()) {
                return "api";
            }
            if (FILE_IMPORT.matcher(t).find()) {
                return "file_import";
            }
            return null;
        }

        private static String symptom(String t) {
            if (OUT_OF_MEMORY.matcher(t).find()) {
                return "out_of_memory";
            }
            if (TRAINING_FAILED.matcher(t).find()) {
                return "training_failed";
            }
            if (OVERFITTING.matcher(t).find() || (TRAIN_SET.matcher(t).find() && EVAL_SET.matcher(t).find()
                    && CONTRAST.matcher(t).find())) {
                return "overfitting";
            }
            if (CLASS_IMBALANCE.matcher(t).find()) {
                return "class_imbalance";
            }
            if (SLOW_TRAINING.matcher(t).find()) {
                return "slow_training";
            }
            if (LOW_ACCURACY.matcher(t).find()) {
                return "low_accuracy";
            }
            return null;
        }

        private static String target(String t) {
            if (HUGGINGFACE.matcher(t).find()) {
                return "huggingface";
            }
            if (OLLAMA.matcher(t).find()) {
                return "ollama";
            }
            if (VLLM.matcher(t).find()) {
                return "vllm";
            }
            return null;
        }
    }
}
