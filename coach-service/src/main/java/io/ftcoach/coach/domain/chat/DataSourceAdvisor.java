package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.platform.DataIngest;
import io.ftcoach.coach.domain.platform.EnvVariable;
import io.ftcoach.coach.domain.platform.ServiceUnavailableException;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;
import io.ftcoach.coach.domain.routing.Scripts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ftcoach.coach.domain.chat.Replies.pick;

/**
 * data-source-advisor (spec §2.2) in its four steps: what data exists and where (→ the source type by the strategy
 * rules), the source's parameters, the pipeline settings, then data_source.yaml written through data-ingest-service
 * with the environment variables it needs. Secrets only ever as {@code ${VAR}}: a literal one is refused.
 */
public final class DataSourceAdvisor {

    public static final String NAME = "data-source-advisor";

    static final String TASK = "task";
    static final String SOURCE_TYPE = "source_type";
    static final String LABELLED = "labelled_rows";
    static final String DRIVER = "driver";
    static final String CONNECTION = "connection";
    static final String QUERY = "query";
    static final String PATH = "source_path";
    static final String MAPPING = "mapping";
    static final String BASE_URL = "base_url";
    static final String AUTH = "auth";
    static final String URLS = "urls";
    static final String METHOD = "scrape_method";
    static final String MODEL = "model";
    static final String VARIATIONS = "variations";
    static final String PIPELINE = "pipeline";

    private static final Pattern SQL = Pattern.compile("(?is)^\\s*(select|with)\\b.+");
    private static final Pattern CONNECTION_P = Pattern.compile("(?i)(?:[a-z]+://)?([\\w.-]+)(?::(\\d{2,5}))?/([\\w-]+)");
    private static final Pattern MAPPING_P = Pattern.compile("(?i)text\\s*[=:→-]+\\s*(\\w+).*?label\\s*[=:→-]+\\s*(\\w+)");
    private static final Pattern TWO_COLUMNS = Pattern.compile("^\\s*(\\w+)\\s*[,，、 ]\\s*(\\w+)\\s*$");
    private static final Pattern PATH_P = Pattern.compile("([\\w./-]+\\.(csv|jsonl|json))");
    private static final Pattern URL_P = Pattern.compile("https?://[^\\s,，]+");
    private static final Pattern VARIATION = Pattern.compile("([\\p{L}_]+)\\s*[:=x×]?\\s*(\\d+)");
    private static final Pattern RATIOS = Pattern.compile("(\\d{1,2})\\s*/\\s*(\\d{1,2})\\s*/\\s*(\\d{1,2})");
    private static final Pattern MORE_DATA = Pattern.compile("(?i)不夠|不够|不足|太少|沒有資料|没有数据|need more|not enough|n.t have enough|more data|too little|too few|no data");

    private final DataIngest data;

    public DataSourceAdvisor(DataIngest data) {
        this.data = data;
    }

    public GoalClarifier.Outcome start(String task, String text, Language l) {
        Map<String, String> state = new LinkedHashMap<>();
        state.put(TASK, task);
        StringBuilder out = new StringBuilder(pick(l, "Let's configure the data source of " + task + ". ",
                "我們來設定 " + task + " 的資料來源。", "我们来配置 " + task + " 的数据源。"));
        String type = IntentRouter.sourceTypeIn(text);
        if (type != null) {
            state.put(SOURCE_TYPE, type);
            out.append(strategy(type, l));
        }
        facts(text, state);
        return next(state, out, l);
    }

    public GoalClarifier.Outcome answer(Map<String, String> previous, String text, Language l) {
        Map<String, String> state = new LinkedHashMap<>(previous);
        StringBuilder out = new StringBuilder();
        Optional<String> secret = Secrets.find(text);
        if (secret.isPresent()) {
            String variable = variable(state.get(SOURCE_TYPE), secret.get());
            out.append(pick(l, "I never write a secret into data_source.yaml. Set it in the environment as " + variable
                            + " (e.g. in a .env file listed in .gitignore) and the file will say ${" + variable + "}. ",
                    "我不會把密碼或金鑰寫進 data_source.yaml。請把它設成環境變數 " + variable + "（例如放在已列入 .gitignore 的 .env），設定檔中會寫成 ${" + variable + "}。",
                    "我不会把密码或密钥写进 data_source.yaml。请把它设成环境变量 " + variable + "（例如放在已列入 .gitignore 的 .env），配置文件中会写成 ${" + variable + "}。"));
            return next(state, out, l);
        }
        String key = pending(state);
        String raw = text.strip();
        String lower = Scripts.normalize(raw);
        int before = state.size();
        switch (key) {
            case SOURCE_TYPE -> {
                String type = IntentRouter.sourceTypeIn(raw);
                if (type == null && MORE_DATA.matcher(lower).find()) {
                    type = "llm_generated";
                }
                if (type != null) {
                    state.put(SOURCE_TYPE, type);
                    out.append(strategy(type, l));
                }
            }
            case LABELLED -> {
                Matcher n = Pattern.compile("(\\d[\\d,]*)").matcher(raw);
                if (n.find()) {
                    state.put(LABELLED, n.group(1).replace(",", ""));
                } else if (lower.matches(".*(不知道|不確定|not sure|unknown|don't know|none|沒有|0).*")) {
                    state.put(LABELLED, "unknown");
                }
            }
            case DRIVER -> {
                String driver = driver(lower);
                if (driver != null) {
                    state.put(DRIVER, driver);
                }
            }
            case CONNECTION -> {
                Matcher m = CONNECTION_P.matcher(raw);
                if ("sqlite".equals(state.get(DRIVER)) && PATH_P.matcher(raw).find() || raw.endsWith(".db")) {
                    state.put(CONNECTION, raw);
                } else if (m.find()) {
                    state.put(CONNECTION, m.group(1) + ":" + (m.group(2) == null ? defaultPort(state.get(DRIVER)) : m.group(2))
                            + "/" + m.group(3));
                }
            }
            case QUERY -> {
                if (SQL.matcher(raw).matches()) {
                    state.put(QUERY, raw);
                }
            }
            case PATH -> {
                Matcher m = PATH_P.matcher(raw);
                if (m.find() && !m.group(1).startsWith("/")) {
                    state.put(PATH, m.group(1));
                } else if (m.find(0)) {
                    out.append(pick(l, "The path must stay inside the task folder (relative, e.g. data/raw/reviews.csv). ",
                            "路徑必須在任務資料夾內（相對路徑，例如 data/raw/reviews.csv）。", "路径必须在任务文件夹内（相对路径，例如 data/raw/reviews.csv）。"));
                }
            }
            case MAPPING -> {
                Matcher m = MAPPING_P.matcher(raw);
                Matcher two = TWO_COLUMNS.matcher(raw);
                if (m.find()) {
                    state.put(MAPPING, m.group(1) + "," + m.group(2));
                } else if (two.matches()) {
                    state.put(MAPPING, two.group(1) + "," + two.group(2));
                }
            }
            case BASE_URL -> {
                Matcher m = URL_P.matcher(raw);
                if (m.find()) {
                    state.put(BASE_URL, m.group());
                }
            }
            case AUTH -> {
                for (String a : List.of("bearer", "api_key", "basic", "none")) {
                    if (lower.replace(' ', '_').replace('-', '_').contains(a) || (a.equals("none") && lower.matches(".*(no|沒有|没有|無|不需要).*"))) {
                        state.put(AUTH, a);
                        break;
                    }
                }
            }
            case URLS -> {
                List<String> urls = new ArrayList<>();
                URL_P.matcher(raw).results().forEach(r -> urls.add(r.group()));
                if (!urls.isEmpty()) {
                    state.put(URLS, String.join(" ", urls));
                }
            }
            case METHOD -> {
                if (lower.contains("playwright") || lower.matches(".*(dynamic|動態|动态|javascript|js).*")) {
                    state.put(METHOD, "playwright");
                } else if (lower.contains("requests") || lower.matches(".*(static|靜態|静态).*")) {
                    state.put(METHOD, "requests");
                }
            }
            case MODEL -> {
                if (lower.matches("[\\w.:/-]{3,}")) {
                    state.put(MODEL, lower);
                }
            }
            case VARIATIONS -> {
                List<String> parts = new ArrayList<>();
                VARIATION.matcher(raw).results().forEach(r -> parts.add(r.group(1) + ":" + r.group(2)));
                if (!parts.isEmpty()) {
                    state.put(VARIATIONS, String.join(",", parts));
                }
            }
            case PIPELINE -> {
                Matcher r = RATIOS.matcher(raw);
                if (r.find()) {
                    int a = Integer.parseInt(r.group(1));
                    int b = Integer.parseInt(r.group(2));
                    int c = Integer.parseInt(r.group(3));
                    if (a + b + c != 100) {
                        out.append(pick(l, "The split ratios must add up to 100 (" + a + "+" + b + "+" + c + "=" + (a + b + c) + "). ",
                                "切分比例加總必須是 100（" + a + "+" + b + "+" + c + "=" + (a + b + c) + "）。",
                                "切分比例加总必须是 100（" + a + "+" + b + "+" + c + "=" + (a + b + c) + "）。"));
                    } else {
                        state.put(PIPELINE, a + "/" + b + "/" + c);
                    }
                } else if (lower.matches("\\s*(y|yes|ok|okay|sure|是|好|好的|可以|對|对|確認|确认)\\s*[.!。！]*\\s*")) {
                    state.put(PIPELINE, "70/15/15");
                }
            }
            default -> {
            }
        }
        if (state.size() == before && !state.containsKey(key)) {
            out.append(pick(l, "That does not answer this question. ", "這沒有回答這個問題。", "这没有回答这个问题。"));
        }
        return next(state, out, l);
    }

    private static void facts(String text, Map<String, String> state) {
        String lower = Scripts.normalize(text);
        String driver = driver(lower);
        if (driver != null && "database".equals(state.get(SOURCE_TYPE))) {
            state.put(DRIVER, driver);
        }
        Matcher rows = Pattern.compile("(\\d[\\d,]*)\\s*(rows|筆|笔|條|条|labell?ed|samples)").matcher(lower);
        if (rows.find()) {
            state.put(LABELLED, rows.group(1).replace(",", ""));
        }
        Matcher path = PATH_P.matcher(text);
        if ("file_import".equals(state.get(SOURCE_TYPE)) && path.find() && !path.group(1).startsWith("/")) {
            state.put(PATH, path.group(1));
        }
    }

    private static String driver(String lower) {
        if (lower.contains("postgres")) {
            return "postgresql";
        }
        if (lower.contains("mysql") || lower.contains("mariadb")) {
            return "mysql";
        }
        if (lower.contains("sqlite")) {
            return "sqlite";
        }
        if (lower.contains("sql server") || lower.contains("sqlserver") || lower.contains("mssql")) {
            return "sqlserver";
        }
        return null;
    }

    private static String defaultPort(String driver) {
        return switch (driver == null ? "" : driver) {
            case "mysql" -> "3306";
            case "sqlserver" -> "1433";
            default -> "5432";
        };
    }

    /** The keys still to ask, in order, for the chosen source type. */
    private static List<String> keys(Map<String, String> state) {
        List<String> keys = new ArrayList<>(List.of(SOURCE_TYPE, LABELLED));
        String type = state.get(SOURCE_TYPE);
        if (type != null) {
            keys.addAll(switch (type) {
                case "database" -> List.of(DRIVER, CONNECTION, QUERY);
                case "file_import" -> List.of(PATH, MAPPING);
                case "api" -> List.of(BASE_URL, AUTH);
                case "web_scrape" -> List.of(URLS, METHOD);
                default -> List.of(MODEL, VARIATIONS);
            });
            keys.add(PIPELINE);
        }
        return keys;
    }

    private static String pending(Map<String, String> state) {
        return keys(state).stream().filter(k -> !state.containsKey(k)).findFirst().orElse(null);
    }

    private GoalClarifier.Outcome next(Map<String, String> state, StringBuilder out, Language l) {
        String key = pending(state);
        Map<String, String> slots = Map.of(IntentRouter.TASK, state.get(TASK));
        if (key != null) {
            Question q = question(key, state, l);
            out.append(q.text());
            return new GoalClarifier.Outcome(out.toString().strip(), q, state, false, slots);
        }
        String yaml = yaml(state);
        List<EnvVariable> env;
        try {
            env = data.putDataSource(state.get(TASK), yaml);
        } catch (ServiceUnavailableException e) {
            out.append(Commands.unavailable(e, l)).append(pick(l, " Your answers are kept; answer anything once it runs.",
                    "你的回答都已保留；服務啟動後回覆任意內容即可。", "你的回答都已保留；服务启动后回复任意内容即可。"));
            state.remove(PIPELINE);
            Question q = question(PIPELINE, state, l);
            return new GoalClarifier.Outcome(out.toString(), q, state, false, slots);
        } catch (IllegalArgumentException | java.util.NoSuchElementException e) {
            out.append(pick(l, "data-ingest-service refused data_source.yaml: ", "data-ingest-service 拒絕了 data_source.yaml：",
                    "data-ingest-service 拒绝了 data_source.yaml：")).append(e.getMessage())
                    .append(pick(l, " Run /data-source " + state.get(TASK) + " to start over.",
                            " 可用 /data-source " + state.get(TASK) + " 重新開始。", " 可用 /data-source " + state.get(TASK) + " 重新开始。"));
            return new GoalClarifier.Outcome(out.toString(), null, Map.of(), true, slots);
        }
        out.append(pick(l, "Wrote data_source.yaml for " + state.get(TASK) + ":\n", "已寫入 " + state.get(TASK) + " 的 data_source.yaml：\n",
                "已写入 " + state.get(TASK) + " 的 data_source.yaml：\n")).append("```yaml\n").append(yaml).append("```\n");
        if (env.isEmpty()) {
            out.append(pick(l, "It needs no environment variables. ", "不需要設定環境變數。", "不需要设置环境变量。"));
        } else {
            out.append(pick(l, "Environment variables to set (keep them in a .env file listed in .gitignore): ",
                    "需要設定的環境變數（放在已列入 .gitignore 的 .env 檔）：", "需要设置的环境变量（放在已列入 .gitignore 的 .env 文件）："));
            List<String> names = new ArrayList<>();
            for (EnvVariable v : env) {
                names.add(v.name() + (v.set() ? pick(l, " (set)", "（已設定）", "（已设置）") : pick(l, " (not set yet)", "（尚未設定）", "（尚未设置）")));
            }
            out.append(String.join(", ", names)).append(". ");
        }
        if (env.stream().allMatch(EnvVariable::set)) {
            // nothing left for the person to do: take the first snapshot now rather than sending them to a REST call
            out.append(runNow(state.get(TASK), l));
            return new GoalClarifier.Outcome(out.toString().strip(), null, Map.of(), true, slots);
        }
        out.append(pick(l, "Next: set the variables, then regenerate the data (data-ingest-service POST /api/tasks/" + state.get(TASK)
                        + "/data-source/run); the snapshot is validated automatically and I will report it here.",
                "下一步：設定變數後重新產生資料（data-ingest-service POST /api/tasks/" + state.get(TASK)
                        + "/data-source/run）；快照會自動驗證，結果會顯示在這裡。",
                "下一步：设置变量后重新生成数据（data-ingest-service POST /api/tasks/" + state.get(TASK)
                        + "/data-source/run）；快照会自动验证，结果会显示在这里。"));
        return new GoalClarifier.Outcome(out.toString().strip(), null, Map.of(), true, slots);
    }

    /** Runs the sources into the first snapshot; DataUpdated and DataValidated then reach the chat as events. */
    private String runNow(String task, Language l) {
        try {
            String snapshot = data.run(task);
            String id = snapshot == null ? "?" : snapshot.substring(0, Math.min(12, snapshot.length()));
            return pick(l, "Ran it: snapshot " + id + ". It is validated automatically; the verdict is reported here.",
                    "已執行：快照 " + id + "。快照會自動驗證，結果會顯示在這裡。",
                    "已执行：快照 " + id + "。快照会自动验证，结果会显示在这里。");
        } catch (ServiceUnavailableException e) {
            return Commands.unavailable(e, l);
        } catch (IllegalArgumentException | IllegalStateException | java.util.NoSuchElementException e) {
            return pick(l, "Running it failed: " + e.getMessage() + " Fix that, then run /data-source " + task + " again.",
                    "執行失敗：" + e.getMessage() + " 修正後再執行 /data-source " + task + "。",
                    "执行失败：" + e.getMessage() + " 修正后再执行 /data-source " + task + "。");
        }
    }

    /** Step 2's strategy rule for the chosen type, said once. */
    private static String strategy(String type, Language l) {
        return switch (type) {
            case "database", "file_import" -> pick(l, "Existing labelled data → " + type + ". ", "已有標註資料 → " + type + "。",
                    "已有标注数据 → " + type + "。");
            case "llm_generated" -> pick(l, "Need more data → LLM generation, always with human review of a sample. ",
                    "資料不夠 → 用 LLM 生成，並且一定要人工抽樣審核。", "数据不够 → 用 LLM 生成，并且一定要人工抽样审核。");
            case "web_scrape" -> pick(l, "Public data → web scraping; respect robots.txt and keep a rate limit (1 request/s). ",
                    "公開資料 → 網頁爬取；請遵守 robots.txt 並限制速率（每秒 1 次）。", "公开数据 → 网页爬取；请遵守 robots.txt 并限制速率（每秒 1 次）。");
            default -> pick(l, "External service → api. ", "外部服務 → api。", "外部服务 → api。");
        };
    }

    private static Question question(String key, Map<String, String> state, Language l) {
        return switch (key) {
            case SOURCE_TYPE -> new Question(key, pick(l, "What data do you have now, and where is it stored? (existing labelled data → database or file_import; need more → llm_generated; public pages → web_scrape; an external service → api)",
                    "目前有哪些資料、存放在哪裡？（已有標註資料 → database 或 file_import；不夠 → llm_generated；公開網頁 → web_scrape；外部服務 → api）",
                    "目前有哪些数据、存放在哪里？（已有标注数据 → database 或 file_import；不够 → llm_generated；公开网页 → web_scrape；外部服务 → api）"),
                    IntentRouter.SOURCE_TYPES, "database");
            case LABELLED -> new Question(key, pick(l, "How many labelled rows are there (and what is missing)?",
                    "有多少筆標註資料（還缺什麼）？", "有多少条标注数据（还缺什么）？"), List.of(), "800");
            case DRIVER -> new Question(key, pick(l, "Which database?", "是哪一種資料庫？", "是哪一种数据库？"),
                    List.of("postgresql", "mysql", "sqlite", "sqlserver"), "postgresql");
            case CONNECTION -> new Question(key, pick(l, "Host, port and database name? (user and password come from ${DB_USER} and ${DB_PASSWORD})",
                    "主機、連接埠與資料庫名稱？（帳號密碼來自 ${DB_USER} 與 ${DB_PASSWORD}）",
                    "主机、端口与数据库名称？（账号密码来自 ${DB_USER} 与 ${DB_PASSWORD}）"), List.of(), "db.internal:5432/labels");
            case QUERY -> new Question(key, pick(l, "The SELECT query that returns text and label columns?",
                    "回傳 text 與 label 欄位的 SELECT 查詢？", "返回 text 与 label 字段的 SELECT 查询？"), List.of(),
                    "SELECT content AS text, sentiment AS label FROM reviews WHERE reviewed");
            case PATH -> new Question(key, pick(l, "The file's path inside the task folder (csv, json or jsonl)?",
                    "檔案在任務資料夾中的路徑（csv、json 或 jsonl）？", "文件在任务文件夹中的路径（csv、json 或 jsonl）？"), List.of(),
                    "data/raw/reviews.csv");
            case MAPPING -> new Question(key, pick(l, "Which columns hold the text and the label?", "哪些欄位是文字與標籤？",
                    "哪些字段是文本与标签？"), List.of(), "text=review, label=sentiment");
            case BASE_URL -> new Question(key, pick(l, "The API's base URL and endpoint?", "API 的網址與端點？", "API 的网址与端点？"),
                    List.of(), "https://api.example.com/v1/articles");
            case AUTH -> new Question(key, pick(l, "How does it authenticate? (the token comes from ${API_TOKEN})",
                    "使用哪種驗證方式？（token 來自 ${API_TOKEN}）", "使用哪种认证方式？（token 来自 ${API_TOKEN}）"),
                    List.of("bearer", "api_key", "basic", "none"), "bearer");
            case URLS -> new Question(key, pick(l, "Which URLs should be scraped?", "要爬哪些網址？", "要爬哪些网址？"), List.of(),
                    "https://news.example.com/finance");
            case METHOD -> new Question(key, pick(l, "Static pages (requests) or pages built by JavaScript (playwright)?",
                    "靜態網頁（requests）還是 JavaScript 動態網頁（playwright）？", "静态网页（requests）还是 JavaScript 动态网页（playwright）？"),
                    List.of("requests", "playwright"), "requests");
            case MODEL -> new Question(key, pick(l, "Which model generates the data? (the key comes from ${OPENAI_API_KEY})",
                    "用哪個模型產生資料？（金鑰來自 ${OPENAI_API_KEY}）", "用哪个模型生成数据？（密钥来自 ${OPENAI_API_KEY}）"), List.of(), "gpt-4o");
            case VARIATIONS -> new Question(key, pick(l, "Which labels, and how many examples of each?", "要產生哪些標籤、各多少筆？",
                    "要生成哪些标签、各多少条？"), List.of(), "positive 200, negative 200, neutral 200");
            default -> new Question(PIPELINE, pick(l, "Deduplicate on text, shuffle (seed 42) and split 70/15/15 stratified by label — OK, or other ratios?",
                    "以文字去重、打亂（seed 42），並依標籤分層切成 70/15/15——可以嗎？或指定其他比例？",
                    "以文本去重、打乱（seed 42），并按标签分层切成 70/15/15——可以吗？或指定其他比例？"), List.of("yes", "80/10/10"), "yes");
        };
    }

    private static String variable(String type, String kind) {
        return switch (kind) {
            case "password" -> "database".equals(type) || type == null ? "DB_PASSWORD" : "API_PASSWORD";
            case "api_key" -> "llm_generated".equals(type) ? "OPENAI_API_KEY" : "API_KEY";
            default -> "API_TOKEN";
        };
    }

    /** data_source.yaml in spec §5.2's detailed shape; every secret as ${VAR}. */
    static String yaml(Map<String, String> s) {
        String type = s.get(SOURCE_TYPE);
        String name = type.replace('_', '-') + "-1";
        StringBuilder y = new StringBuilder("version: \"1.0\"\nsources:\n");
        y.append("  - name: ").append(name).append('\n');
        y.append("    type: ").append(type).append('\n');
        y.append("    config:\n");
        switch (type) {
            case "database" -> {
                String driver = s.get(DRIVER);
                if ("sqlite".equals(driver)) {
                    y.append("      driver: sqlite\n      database: ").append(q(s.get(CONNECTION))).append('\n');
                } else {
                    Matcher m = Pattern.compile("([^:]+):(\\d+)/(.+)").matcher(s.get(CONNECTION));
                    m.matches();
                    y.append("      driver: ").append(driver).append('\n');
                    y.append("      host: ").append(q(m.group(1))).append('\n');
                    y.append("      port: ").append(m.group(2)).append('\n');
                    y.append("      database: ").append(q(m.group(3))).append('\n');
                    y.append("      username: \"${DB_USER}\"\n      password: \"${DB_PASSWORD}\"\n");
                }
                y.append("    query: ").append(q(s.get(QUERY))).append('\n');
                y.append("    output:\n      format: jsonl\n      path: data/raw/").append(name).append(".jsonl\n");
                y.append("      fields: [text, label]\n");
            }
            case "file_import" -> {
                String path = s.get(PATH);
                String format = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
                String[] mapping = s.get(MAPPING).split(",");
                y.append("      source_path: ").append(q(path)).append('\n');
                y.append("      format: ").append(format).append('\n');
                y.append("      encoding: utf-8\n");
                y.append("    mapping:\n      text: ").append(q(mapping[0])).append("\n      label: ").append(q(mapping[1])).append('\n');
            }
            case "api" -> {
                java.net.URI uri = java.net.URI.create(s.get(BASE_URL));
                String base = uri.getScheme() + "://" + uri.getAuthority();
                String endpoint = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
                y.append("      base_url: ").append(q(base)).append('\n');
                String auth = s.get(AUTH);
                if (!"none".equals(auth)) {
                    y.append("      auth:\n        type: ").append(auth).append('\n');
                    y.append("basic".equals(auth) ? "        username: \"${API_USER}\"\n        password: \"${API_PASSWORD}\"\n"
                            : "api_key".equals(auth) ? "        key: \"${API_KEY}\"\n" : "        token: \"${API_TOKEN}\"\n");
                }
                y.append("    requests:\n      - endpoint: ").append(q(endpoint)).append("\n        method: GET\n");
            }
            case "web_scrape" -> {
                y.append("      method: ").append(s.get(METHOD)).append('\n');
                y.append("      urls:\n");
                for (String url : s.get(URLS).split(" ")) {
                    y.append("        - ").append(q(url)).append('\n');
                }
                y.append("      rate_limit: 1\n");
            }
            default -> {
                y.append("      model: ").append(q(s.get(MODEL))).append('\n');
                y.append("      temperature: 0.7\n      api_key: \"${OPENAI_API_KEY}\"\n");
                y.append("    generation:\n      prompt_template: \"Write {count} realistic examples labelled {label}.\"\n");
                y.append("      variations:\n");
                for (String v : s.get(VARIATIONS).split(",")) {
                    String[] lc = v.split(":");
                    y.append("        - label: ").append(q(lc[0])).append("\n          count: ").append(lc[1]).append('\n');
                }
                y.append("    validation:\n      require_review: true\n      review_sample: 0.1\n");
            }
        }
        String[] ratios = s.get(PIPELINE).split("/");
        y.append("merge:\n  enabled: true\n  deduplication:\n    enabled: true\n    key: text\n  shuffle: true\n  random_seed: 42\n");
        y.append("split:\n  enabled: true\n  ratios:\n");
        y.append("    train: ").append(Integer.parseInt(ratios[0]) / 100.0).append('\n');
        y.append("    valid: ").append(Integer.parseInt(ratios[1]) / 100.0).append('\n');
        y.append("    test: ").append(Integer.parseInt(ratios[2]) / 100.0).append('\n');
        y.append("  stratify_by: label\n  random_seed: 42\n");
        y.append("regeneration:\n  script: scripts/01_regenerate_data.py\n  triggers: [source_config_changed, manual]\n");
        return y.toString();
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
    }
}
