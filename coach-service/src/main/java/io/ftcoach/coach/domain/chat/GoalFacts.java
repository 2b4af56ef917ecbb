package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Scripts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one message says about the goal, so that a person who gives several answers at once ("sentiment on
 * financial news, 3 labels, 800 rows in PostgreSQL, one 24 GB GPU, F1 0.8") is not asked for them again.
 * Texts are normalised first (lower case, Simplified folded to Traditional), so patterns list Traditional forms.
 */
final class GoalFacts {

    static final String BUSINESS_PROBLEM = "business_problem";
    static final String CURRENT_HANDLING = "current_handling";
    static final String IMPACT = "impact";
    static final String TASK_TYPE = "task_type";
    static final String DOMAIN = "domain";
    static final String INPUT = "input";
    static final String OUTPUT = "output";
    static final String LABELS = "labels";
    /** How many labels were named without naming them ("3 labels"). */
    static final String LABEL_COUNT = "label_count";
    static final String DATA_SIZE = "data_size";
    static final String DATA_ORIGIN = "data_origin";
    static final String COMPUTE = "compute";
    static final String GPU_MEMORY_GB = "gpu_memory_gb";
    static final String DEADLINE = "deadline";
    static final String PRIMARY_METRIC = "primary_metric";
    static final String THRESHOLD = "threshold";
    static final String BASELINE = "baseline";
    static final String ITERATIONS = "iterations";
    static final String DEPLOY_TARGET = "deploy_target";
    static final String KEEP_VERSIONS = "keep_versions";
    static final String TASK_NAME = "task_name";

    /** Facts a later message corrects; the others (domain, task type, origin) keep their first, specific value. */
    static final java.util.Set<String> CORRECTABLE = java.util.Set.of("data_size", "threshold", "primary_metric",
            "keep_versions", "deploy_target", "compute", "gpu_memory_gb", "deadline", "baseline", "labels",
            "label_count", "iterations");

    static final List<String> TASK_TYPES = List.of("classification", "extraction", "generation");
    static final List<String> METRICS = List.of("macro_f1", "accuracy", "bleu", "rouge");
    static final List<String> DEPLOY_TARGETS = List.of("huggingface", "ollama", "vllm", "local", "api");
    static final List<String> YES_NO = List.of("yes", "no");

    private static final Pattern CLASSIFICATION = p("情感|情緒|情绪|分類|分类|歸類|立場|立场|意圖|sentiment|classif|categori[sz]"
            + "|\\bspam\\b|\\bstance\\b|\\bintent\\b|\\btopic\\b|\\blabel(l)?ing\\b");
    private static final Pattern EXTRACTION = p("抽取|擷取|提取|實體|\\bner\\b|extract|\\bentit(y|ies)\\b|\\bslot");
    private static final Pattern GENERATION = p("生成|產生(文字|文本|回覆|摘要)|摘要|翻譯|翻译|改寫|問答|generat|summar|translat"
            + "|rewrit|\\bqa\\b|question answering|chatbot|對話|对话");

    private static final String[][] DOMAINS = {
            {"金融新聞|財經新聞|财经新聞|financial news|finance news", "financial news"},
            {"金融|財經|财经|股票|銀行|financ|\\bstock|\\bbank", "finance"},
            {"醫療|医疗|醫學|医学|病歷|病历|medical|clinical|health", "medical"},
            {"法律|判決|判决|合約|合约|legal|\\blaw\\b|contract", "legal"},
            {"電商|电商|商品評論|購物|购物|e-?commerce|product review", "e-commerce"},
            {"外賣|外卖|餐廳|餐厅|美食|food delivery|restaurant", "food delivery"},
            {"客服|customer (service|support)|support ticket", "customer service"},
            {"社群|社交媒體|社交媒体|推文|微博|social media|tweet", "social media"},
            {"新聞|news", "news"}};

    private static final Pattern LABEL_COUNT_P = p("(\\d+|[一二兩三四五六七八九十])\\s*(-| )?(個|种|種)?\\s*"
            + "(labels?|classes|categories|類別|類|標籤|標簽|種類|分類)");
    private static final Pattern LABEL_LIST = p("(?:(?:labels?|classes|categories)\\b\\s*(?:are|is|:|：|=)\\s*"
            + "|(?:類別|標籤|標簽|分為|分成|分類為)\\s*(?:是|為|:|：)?\\s*)"
            + "([\\p{L}\\d_]+(?:\\s*(?:,|，|、|/|\\bor\\b|\\band\\b|和|與|或)\\s*[\\p{L}\\d_]+)+)");
    private static final Pattern SENTIMENT_LABELS = p("(positive|正面|正向).{0,20}(negative|負面|負向)(.{0,20}(neutral|中立|中性))?");
    private static final Pattern DATA_SIZE_P = p("(?<![\\w.])(\\d[\\d,]*(?:\\.\\d+)?)\\s*(k|千|萬|万)?\\s*(?:\\+\\s*)?"
            + "(rows?|samples?|examples?|records?|labell?ed|entries|items|sentences|筆|笔|條|個樣本|個例子|樣本|則|则|句)");
    private static final Pattern GPU_GB = p("(\\d{1,3})\\s*(gb|g)\\b(?:\\s*(vram|顯存|記憶體))?");
    private static final Pattern GPU_WORD = p("\\bgpu|顯卡|vram|顯存|\\bcuda\\b|\\ba100\\b|\\bh100\\b|\\bv100\\b|\\bt4\\b|\\bl4\\b"
            + "|\\brtx\\b|40[89]0|30[89]0|\\ba10g?\\b");
    private static final Pattern NO_GPU = p("(沒有|没有|沒|没|無|无|no|without)\\s*(gpu|顯卡)|cpu only|only (a )?cpu|只有\\s*cpu|\\bno compute\\b");
    private static final Pattern CLOUD = p("雲端|云端|雲上|云上|\\bcloud\\b|\\bcolab\\b|\\baws\\b|\\bgcp\\b|\\bazure\\b|\\brunpod\\b|租");
    private static final Pattern REMOTE = p("遠端|远端|遠程|远程|\\bremote\\b|\\bserver\\b|伺服器|服務器|服务器|\\bssh\\b|\\bcluster\\b|\\bk8s\\b|kubernetes");
    private static final Pattern METRIC_P = p("(macro[- _]?f1|\\bf1\\b|accuracy|準確率|正確率|\\bacc\\b|\\bbleu\\b|\\brouge(?:-?l)?\\b)");
    private static final Pattern THRESHOLD_P = p("(macro[- _]?f1|\\bf1\\b|accuracy|準確率|正確率|\\bacc\\b|\\bbleu\\b|\\brouge(?:-?l)?\\b)"
            + "[^\\d]{0,12}?(0?\\.\\d+|\\d{1,3}(?:\\.\\d+)?\\s*%|\\d{2})(?![\\d])");
    private static final Pattern TARGET_P = p("(threshold|target|目標|門檻|閾值|至少|達到)[^\\d]{0,8}?(0?\\.\\d+|\\d{1,3}(?:\\.\\d+)?\\s*%)(?![\\d])");
    private static final Pattern DEADLINE_P = p("(\\d+|[一二兩三四五六七八九十])\\s*(weeks?|days?|months?|週|周|天|個月|個星期|星期)"
            + "|(next|this) (week|month)|(下|這)(週|周|個月|星期)|\\bby (monday|tuesday|wednesday|thursday|friday|the end of \\w+)"
            + "|\\bno deadline\\b|(沒有|没有)(期限|截止)|不急");
    private static final Pattern BASELINE_NONE = p("(no|沒有|没有|無|无)\\s*(existing )?(baseline|基準|基線)");
    private static final Pattern BASELINE_VALUE = p("(baseline|基準|基線|目前|現在|currently)[^\\d]{0,12}(0?\\.\\d+|\\d{1,3}\\s*%)");
    private static final Pattern KEEP_P = p("(keep|retain|保留|留)\\s*(\\d+)|(\\d+)\\s*(versions|個版本)");
    private static final Pattern ITERATE_YES = p("多次|迭代|多個版本|\\biterat|several (versions|rounds)|multiple (versions|rounds)");
    private static final Pattern ITERATE_NO = p("一次就好|只要一次|一次性|\\bone[- ]off\\b|\\bjust once\\b|\\bsingle (run|version)\\b");
    private static final Pattern LOCAL_DEPLOY = p("本地部署|部署在本地|local deploy|deploy locally|\\blocal\\b|本機|本地");
    private static final Pattern API_DEPLOY = p("\\bapi service\\b|\\bas an api\\b|api 服務|api服務");

    private static final Map<String, Integer> GPU_MODELS = Map.of("h100", 80, "a100", 80, "v100", 32, "a10g", 24,
            "4090", 24, "3090", 24, "l4", 24, "t4", 16, "4080", 16, "3080", 10);

    private GoalFacts() {
    }

    /** Every fact the text states, by key; values in the form the task_summary uses. */
    static Map<String, String> extract(String text) {
        String raw = text == null ? "" : text;
        String t = Scripts.normalize(raw);
        Map<String, String> f = new LinkedHashMap<>();
        if (EXTRACTION.matcher(t).find()) {
            f.put(TASK_TYPE, "extraction");
        } else if (CLASSIFICATION.matcher(t).find()) {
            f.put(TASK_TYPE, "classification");
        } else if (GENERATION.matcher(t).find()) {
            f.put(TASK_TYPE, "generation");
        }
        for (String[] d : DOMAINS) {
            if (p(d[0]).matcher(t).find()) {
                f.put(DOMAIN, d[1]);
                break;
            }
        }
        Matcher list = LABEL_LIST.matcher(t);
        Matcher sentiment = SENTIMENT_LABELS.matcher(t);
        if (list.find()) {
            // the person's own spelling (case, script) of the labels, where normalising kept the positions
            String labels = t.length() == raw.length() ? raw.substring(list.start(1), list.end(1)) : list.group(1);
            f.put(LABELS, String.join(", ", labels.split("\\s*(?:,|，|、|/|\\bor\\b|\\band\\b|和|与|與|或)\\s*")));
        } else if (sentiment.find()) {
            f.put(LABELS, sentiment.group(4) != null ? "positive, negative, neutral" : "positive, negative");
        } else {
            Matcher count = LABEL_COUNT_P.matcher(t);
            if (count.find()) {
                f.put(LABEL_COUNT, number(count.group(1)));
            }
        }
        Matcher size = DATA_SIZE_P.matcher(t);
        if (size.find()) {
            double n = Double.parseDouble(size.group(1).replace(",", ""));
            String unit = size.group(2);
            n *= unit == null ? 1 : (unit.equals("萬") || unit.equals("万")) ? 10_000 : 1_000;
            f.put(DATA_SIZE, String.valueOf((long) n));
        }
        String source = IntentRouter.sourceTypeIn(text);
        if (source != null) {
            f.put(DATA_ORIGIN, source);
        }
        compute(t, f);
        Matcher threshold = THRESHOLD_P.matcher(t);
        if (threshold.find()) {
            f.put(PRIMARY_METRIC, metric(threshold.group(1)));
            f.put(THRESHOLD, fraction(threshold.group(2)));
        } else {
            Matcher metric = METRIC_P.matcher(t);
            if (metric.find()) {
                f.put(PRIMARY_METRIC, metric(metric.group(1)));
            }
            Matcher target = TARGET_P.matcher(t);
            if (target.find()) {
                f.put(THRESHOLD, fraction(target.group(2)));
            }
        }
        Matcher deadline = DEADLINE_P.matcher(t);
        if (deadline.find()) {
            f.put(DEADLINE, deadline.group().contains("no deadline") || (deadline.group().contains("沒有") || deadline.group().contains("没有"))
                    || deadline.group().contains("不急") ? "none" : deadline.group().strip());
        }
        if (BASELINE_NONE.matcher(t).find()) {
            f.put(BASELINE, "none");
        } else {
            Matcher baseline = BASELINE_VALUE.matcher(t);
            if (baseline.find()) {
                f.put(BASELINE, fraction(baseline.group(2)));
            }
        }
        Matcher keep = KEEP_P.matcher(t);
        if (keep.find()) {
            f.put(KEEP_VERSIONS, keep.group(2) != null ? keep.group(2) : keep.group(3));
        }
        if (ITERATE_NO.matcher(t).find()) {
            f.put(ITERATIONS, "no");
        } else if (ITERATE_YES.matcher(t).find()) {
            f.put(ITERATIONS, "yes");
        }
        String target = deployTarget(text, t);
        if (target != null) {
            f.put(DEPLOY_TARGET, target);
        }
        return f;
    }

    private static void compute(String t, Map<String, String> f) {
        if (NO_GPU.matcher(t).find()) {
            f.put(COMPUTE, "none");
            return;
        }
        Integer gb = null;
        if (GPU_WORD.matcher(t).find()) {
            Matcher m = GPU_GB.matcher(t);
            if (m.find()) {
                gb = Integer.parseInt(m.group(1));
            } else {
                for (Map.Entry<String, Integer> e : GPU_MODELS.entrySet()) {
                    if (t.contains(e.getKey())) {
                        gb = e.getValue();
                        break;
                    }
                }
            }
        }
        boolean cloud = CLOUD.matcher(t).find();
        boolean remote = REMOTE.matcher(t).find();
        if (gb != null || GPU_WORD.matcher(t).find() || cloud) {
            String where = cloud ? "cloud" : remote ? "remote" : "local";
            f.put(COMPUTE, gb == null ? where + " GPU" : where + " GPU, " + gb + " GB");
            if (gb != null) {
                f.put(GPU_MEMORY_GB, String.valueOf(gb));
            }
        }
    }

    private static String deployTarget(String raw, String t) {
        if (API_DEPLOY.matcher(t).find()) {
            return "api";
        }
        String target = IntentRouter.targetIn(raw);
        if (target != null) {
            return target;
        }
        return LOCAL_DEPLOY.matcher(t).find() && !GPU_WORD.matcher(t).find() ? "local" : null;
    }

    static String metric(String m) {
        String s = m.toLowerCase(Locale.ROOT);
        if (s.contains("f1")) {
            return "macro_f1";
        }
        if (s.contains("bleu")) {
            return "bleu";
        }
        if (s.contains("rouge")) {
            return "rouge";
        }
        return "accuracy";
    }

    /** "0.8", "80%", "80" → "0.80"; a score is a fraction of 1. */
    static String fraction(String s) {
        String v = s.replace("%", "").strip();
        double d = Double.parseDouble(v.startsWith(".") ? "0" + v : v);
        if (d > 1) {
            d = d / 100;
        }
        return String.format(Locale.ROOT, "%.2f", d);
    }

    static String number(String s) {
        String digits = "一二三四五六七八九十";
        int i = digits.indexOf(s);
        if (s.equals("兩")) {
            return "2";
        }
        return i >= 0 ? String.valueOf(i + 1) : s;
    }

    private static Pattern p(String regex) {
        return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }
}
