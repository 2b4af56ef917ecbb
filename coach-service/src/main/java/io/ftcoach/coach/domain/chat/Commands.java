package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.Decision;
import io.ftcoach.coach.domain.Diagnosis;
import io.ftcoach.coach.domain.Evidence;
import io.ftcoach.coach.domain.ProblemDiagnoser;
import io.ftcoach.coach.domain.platform.DataSnapshot;
import io.ftcoach.coach.domain.platform.DataValidation;
import io.ftcoach.coach.domain.platform.JobInfo;
import io.ftcoach.coach.domain.platform.NewTask;
import io.ftcoach.coach.domain.platform.Platform;
import io.ftcoach.coach.domain.platform.ServiceUnavailableException;
import io.ftcoach.coach.domain.platform.TaskInfo;
import io.ftcoach.coach.domain.platform.TrainingOrder;
import io.ftcoach.coach.domain.platform.VersionInfo;
import io.ftcoach.coach.domain.routing.Intent;
import io.ftcoach.coach.domain.routing.IntentRouter;
import io.ftcoach.coach.domain.routing.Language;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

import static io.ftcoach.coach.domain.chat.Replies.pick;

/**
 * The commands answered from the service that owns the answer: task-service for tasks, training, generation and
 * deployment; lineage-service for versions, results and comparisons; data-ingest-service for data; and the
 * problem-diagnoser over all of them. A service that is down gives a reply naming it, never an error.
 */
public final class Commands {

    private final Platform platform;
    private final ProblemDiagnoser diagnoser;
    private final double closeBand;
    private final Consumer<Diagnosis> diagnoses;

    /** @param diagnoses receives every diagnosis made (the service publishes it as DiagnosisCompleted) */
    public Commands(Platform platform, ProblemDiagnoser diagnoser, double closeBand, Consumer<Diagnosis> diagnoses) {
        this.platform = platform;
        this.diagnoser = diagnoser;
        this.closeBand = closeBand;
        this.diagnoses = diagnoses;
    }

    /** The reply when a service does not answer: which one, where, and how to start it. */
    static String unavailable(ServiceUnavailableException e, Language l) {
        return pick(l, e.service() + " is not reachable at " + e.baseUrl() + "; " + e.howToStart() + ", then ask again.",
                e.service() + " 目前無法連線（" + e.baseUrl() + "）；請用 `docker compose up -d " + e.service()
                        + "`（或 `ftcoach up` 啟動整個平台）啟動後再試一次。",
                e.service() + " 当前无法连接（" + e.baseUrl() + "）；请用 `docker compose up -d " + e.service()
                        + "`（或 `ftcoach up` 启动整个平台）启动后再试一次。");
    }

    /** The answer to a complete command; the result is what the coach says. */
    public Result run(Intent intent, Map<String, String> slots, Language l) {
        String task = slots.get(IntentRouter.TASK);
        try {
            return switch (intent) {
                case TASK_LIST -> Result.of(tasks(l));
                case TASK_CREATE -> Result.of(create(task, l));
                case TASK_STATUS -> Result.of(status(task, l));
                case VERSION_COMPARE -> Result.of(compare(task, slots.get(IntentRouter.FROM), slots.get(IntentRouter.TO), l));
                case PROJECT_GENERATE -> Result.of(generate(task, l));
                case TRAINING_START -> Result.of(train(task, null, l));
                case EVALUATION_RUN, RESULT_ANALYZE -> Result.of(analyse(task, slots.get(IntentRouter.VERSION), l));
                case PROBLEM_DIAGNOSE -> diagnose(task, slots.get(IntentRouter.VERSION), slots.get(IntentRouter.SYMPTOM),
                        slots.get("complaint"), l);
                case MODEL_DEPLOY -> Result.of(deploy(task, slots.get(IntentRouter.TARGET), slots.get(IntentRouter.VERSION), l));
                default -> throw new IllegalArgumentException("Not a command: " + intent);
            };
        } catch (ServiceUnavailableException e) {
            return Result.of(unavailable(e, l));
        } catch (NoSuchElementException e) {
            return Result.of(pick(l, "Not found — ", "找不到——", "找不到——") + e.getMessage()
                    + pick(l, " (/tasks lists the tasks.)", "（/tasks 可列出所有任務。）", "（/tasks 可列出所有任务。）"));
        } catch (IllegalArgumentException | IllegalStateException e) {
            return Result.of(pick(l, "That did not work: ", "沒有成功：", "没有成功：") + e.getMessage());
        }
    }

    /** What a command says, and the next version's training the coach offers to start (null when none). */
    public record Result(String text, Map<String, String> offer) {

        static Result of(String text) {
            return new Result(text, Map.of());
        }
    }

    private String tasks(Language l) {
        List<TaskInfo> all = platform.tasks().tasks();
        if (all.isEmpty()) {
            return pick(l, "No tasks yet. Start with /new-task <name>, or /coach to clarify the goal first.",
                    "目前還沒有任務。可以用 /new-task <名稱> 建立，或用 /coach 先釐清目標。",
                    "目前还没有任务。可以用 /new-task <名称> 创建，或用 /coach 先澄清目标。");
        }
        StringBuilder out = new StringBuilder(pick(l, "Tasks:\n", "任務列表：\n", "任务列表：\n"));
        out.append("| task | status | version | metric | updated |\n|---|---|---|---|---|\n");
        for (TaskInfo t : all) {
            out.append("| ").append(t.name()).append(" | ").append(t.status()).append(" | ")
                    .append(t.activeVersion() == null ? "-" : t.activeVersion()).append(" | ")
                    .append(latestScore(t)).append(" | ")
                    .append(t.updated() == null ? "-" : t.updated().substring(0, Math.min(10, t.updated().length())))
                    .append(" |\n");
        }
        out.append(pick(l, "Statuses: created → configuring → training → evaluating → deployed; archived.",
                "狀態：created（已建立）→ configuring（設定中）→ training（訓練中）→ evaluating（評估中）→ deployed（已部署）；archived（已封存）。",
                "状态：created（已创建）→ configuring（配置中）→ training（训练中）→ evaluating（评估中）→ deployed（已部署）；archived（已归档）。"));
        return out.toString();
    }

    /** The latest recorded score, or "-" when there is none or lineage-service cannot say. */
    private String latestScore(TaskInfo t) {
        try {
            List<VersionInfo> versions = platform.lineage().versions(t.name());
            for (int i = versions.size() - 1; i >= 0; i--) {
                VersionInfo v = versions.get(i);
                if (v.primaryValue() != null) {
                    return fmt("%s %.4f", v.primaryMetric(), v.primaryValue());
                }
            }
        } catch (RuntimeException e) {
            // the table still shows the task; its score is simply not known now
        }
        return "-";
    }

    private String create(String task, Language l) {
        TaskInfo t = platform.tasks().create(new NewTask(task, null, null, l.tag(), null, null, null, null, null,
                null, null, null));
        return pick(l, "Created " + t.name() + " with the defaults (" + t.taskType() + ", " + t.primaryMetric() + " ≥ "
                        + t.threshold() + ", " + t.baseModel() + "). Next: /data-source " + t.name() + ", or /coach to refine the goal.",
                "已建立 " + t.name() + "，採用預設值（" + t.taskType() + "，" + t.primaryMetric() + " ≥ " + t.threshold()
                        + "，" + t.baseModel() + "）。下一步：/data-source " + t.name() + "，或用 /coach 釐清目標。",
                "已创建 " + t.name() + "，采用默认值（" + t.taskType() + "，" + t.primaryMetric() + " ≥ " + t.threshold()
                        + "，" + t.baseModel() + "）。下一步：/data-source " + t.name() + "，或用 /coach 澄清目标。");
    }

    private String status(String task, Language l) {
        TaskInfo t = platform.tasks().task(task);
        StringBuilder out = new StringBuilder(fmt("%s: %s, %s, %s ≥ %.2f, %s %s", t.name(), t.status(), t.taskType(),
                t.primaryMetric(), t.threshold(), t.baseModel(), t.method()));
        out.append(pick(l, ", active version ", "，目前版本 ", "，当前版本 "))
                .append(t.activeVersion() == null ? "-" : t.activeVersion()).append(pick(l, ".", "。", "。"));
        try {
            List<VersionInfo> versions = platform.lineage().versions(task);
            if (!versions.isEmpty()) {
                VersionInfo v = versions.get(versions.size() - 1);
                out.append(pick(l, " Latest version ", " 最新版本 ", " 最新版本 ")).append(v.version())
                        .append(v.primaryValue() == null ? pick(l, " (not evaluated yet)", "（尚未評估）", "（尚未评估）")
                                : fmt(": %s %.4f", v.primaryMetric(), v.primaryValue())).append('.');
            }
        } catch (ServiceUnavailableException e) {
            out.append(' ').append(unavailable(e, l));
        }
        try {
            for (JobInfo job : platform.dispatcher().jobs()) {
                if (task.equals(job.task()) && !List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(job.state())) {
                    out.append(pick(l, " Job ", " 工作 ", " 作业 ")).append(job.id()).append(" (").append(job.version())
                            .append("): ").append(job.state()).append('.');
                }
            }
        } catch (ServiceUnavailableException e) {
            out.append(' ').append(unavailable(e, l));
        }
        return out.toString();
    }

    private String compare(String task, String from, String to, Language l) {
        String markdown = platform.lineage().compare(task, from, to);
        List<VersionInfo> versions = platform.lineage().versions(task);
        VersionInfo a = find(versions, from);
        VersionInfo b = find(versions, to);
        StringBuilder out = new StringBuilder(markdown.strip()).append("\n\n");
        if (a != null && b != null && a.primaryValue() != null && b.primaryValue() != null
                && Math.abs(b.primaryValue() - a.primaryValue()) < 5e-5) {
            // a tie at the reported precision: the change made no difference, so nothing argues for switching
            out.append(pick(l,
                    fmt("Decision (choose a version): no difference — %s %.4f for both; keep %s and try a change that "
                            + "moves the metric (/diagnose %s).", a.primaryMetric(), a.primaryValue(), a.version(), task),
                    fmt("決定（選擇版本）：沒有差異——兩者 %s 都是 %.4f；保留 %s，再試能改變指標的調整（/diagnose %s）。",
                            a.primaryMetric(), a.primaryValue(), a.version(), task),
                    fmt("决定（选择版本）：没有差异——两者 %s 都是 %.4f；保留 %s，再试能改变指标的调整（/diagnose %s）。",
                            a.primaryMetric(), a.primaryValue(), a.version(), task)));
        } else if (a != null && b != null && a.primaryValue() != null && b.primaryValue() != null) {
            VersionInfo best = b.primaryValue() >= a.primaryValue() ? b : a;
            VersionInfo other = best == b ? a : b;
            double delta = best.primaryValue() - other.primaryValue();
            out.append(pick(l,
                    fmt("Decision (choose a version): recommend %s — %s %.4f against %.4f for %s (%+.4f).",
                            best.version(), best.primaryMetric(), best.primaryValue(), other.primaryValue(),
                            other.version(), delta),
                    fmt("決定（選擇版本）：建議採用 %s——%s %.4f，%s 為 %.4f（%+.4f）。", best.version(),
                            best.primaryMetric(), best.primaryValue(), other.version(), other.primaryValue(), delta),
                    fmt("决定（选择版本）：建议采用 %s——%s %.4f，%s 为 %.4f（%+.4f）。", best.version(),
                            best.primaryMetric(), best.primaryValue(), other.version(), other.primaryValue(), delta)));
        }
        return out.toString();
    }

    private static VersionInfo find(List<VersionInfo> versions, String v) {
        return versions.stream().filter(x -> x.version().equals(v)).findFirst().orElse(null);
    }

    private String generate(String task, Language l) {
        Map<String, Object> answer = platform.tasks().generate(task);
        Object files = answer.get("files");
        return pick(l, "Generated the training project of " + task, "已產生 " + task + " 的訓練專案",
                "已生成 " + task + " 的训练项目") + (files instanceof List<?> list ? " (" + list.size() + " files)" : "")
                + pick(l, ". Next: put the data in place (/data-source " + task + "), then train.",
                "。下一步：準備資料（/data-source " + task + "），然後訓練。",
                "。下一步：准备数据（/data-source " + task + "），然后训练。");
    }

    /** Requests the next version's training on the latest snapshot, with one change applied when given. */
    String train(String task, Map<String, String> change, Language l) {
        TaskInfo t = platform.tasks().task(task);
        List<DataSnapshot> snapshots = platform.data().snapshots(task);
        if (snapshots.isEmpty()) {
            return pick(l, task + " has no data snapshot yet: configure and run its data source first (/data-source " + task + ").",
                    task + " 還沒有資料快照：請先設定並執行資料來源（/data-source " + task + "）。",
                    task + " 还没有数据快照：请先配置并运行数据源（/data-source " + task + "）。");
        }
        DataSnapshot snapshot = snapshots.get(snapshots.size() - 1);
        List<VersionInfo> versions = platform.lineage().versions(task);
        String parent = versions.isEmpty() ? null : versions.get(versions.size() - 1).version();
        String version = nextVersion(versions);
        Integer rank = t.loraR();
        Integer alpha = rank == null ? null : rank * 2;
        int epochs = t.epochs() == null ? 3 : t.epochs();
        double lr = t.learningRate() > 0 ? t.learningRate() : 1e-5;
        Integer batch = null;
        List<String> stated = new ArrayList<>();
        if (change != null) {
            if (change.containsKey("loraRank")) {
                rank = Integer.valueOf(change.get("loraRank"));
                alpha = change.containsKey("loraAlpha") ? Integer.valueOf(change.get("loraAlpha")) : rank * 2;
            }
            if (change.containsKey("epochs")) {
                epochs = Integer.parseInt(change.get("epochs"));
            }
            if (change.containsKey("learningRateFactor")) {
                lr = lr * Double.parseDouble(change.get("learningRateFactor"));
            }
            if (change.containsKey("batchSize")) {
                batch = Integer.valueOf(change.get("batchSize"));
            }
            stated.add(change.getOrDefault("title", "one fix from the diagnosis"));
        }
        Map<String, String> accepted = platform.tasks().requestTraining(task, new TrainingOrder(version, parent,
                snapshot.snapshotId(), t.executionBackend(), t.baseModel(), t.method(), rank, alpha, epochs, lr, batch, stated));
        return pick(l, "Requested the training of " + task + " " + accepted.getOrDefault("version", version)
                        + (parent == null ? "" : " (parent " + parent + ")") + " on snapshot " + shortId(snapshot.snapshotId())
                        + (stated.isEmpty() ? "" : ", change: " + stated.get(0)) + ". Progress follows here as it happens.",
                "已送出 " + task + " " + accepted.getOrDefault("version", version) + " 的訓練請求"
                        + (parent == null ? "" : "（上一版 " + parent + "）") + "，資料快照 " + shortId(snapshot.snapshotId())
                        + (stated.isEmpty() ? "" : "，變更：" + stated.get(0)) + "。進度會即時顯示在這裡。",
                "已提交 " + task + " " + accepted.getOrDefault("version", version) + " 的训练请求"
                        + (parent == null ? "" : "（上一版 " + parent + "）") + "，数据快照 " + shortId(snapshot.snapshotId())
                        + (stated.isEmpty() ? "" : "，变更：" + stated.get(0)) + "。进度会实时显示在这里。");
    }

    static String nextVersion(List<VersionInfo> versions) {
        int max = 0;
        for (VersionInfo v : versions) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("^v(\\d+)").matcher(v.version());
            if (m.find()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return "v" + (max + 1);
    }

    /** result-analyzer on request: the version against its target, and against its parent. */
    private String analyse(String task, String version, Language l) {
        TaskInfo t = platform.tasks().task(task);
        List<VersionInfo> versions = platform.lineage().versions(task);
        VersionInfo v = version != null ? find(versions, version) : versions.stream()
                .filter(x -> x.primaryValue() != null).reduce((a, b) -> b).orElse(null);
        if (v == null || v.primaryValue() == null) {
            return pick(l, task + (version == null ? "" : " " + version) + " has no evaluation yet; it is evaluated when its training completes, and the analysis appears here then.",
                    task + (version == null ? "" : " " + version) + " 還沒有評估結果；訓練完成後會自動評估，分析會顯示在這裡。",
                    task + (version == null ? "" : " " + version) + " 还没有评估结果；训练完成后会自动评估，分析会显示在这里。");
        }
        double threshold = v.threshold() != null ? v.threshold() : t.threshold();
        double gap = threshold - v.primaryValue();
        double closeBand = t.closeBand() != null ? t.closeBand() : this.closeBand;
        Decision decision = gap <= 0 ? Decision.MET : gap <= closeBand + 1e-9 ? Decision.CLOSE : Decision.SIGNIFICANT_GAP;
        StringBuilder out = new StringBuilder(fmt("%s %s: %s %.4f / %.2f — ", task, v.version(), v.primaryMetric(),
                v.primaryValue(), threshold));
        out.append(switch (decision) {
            case MET -> pick(l, "target met ✅. Deploy with /deploy " + task + " " + v.version() + ", or keep optimising.",
                    "已達標 ✅。可用 /deploy " + task + " " + v.version() + " 部署，或繼續優化。",
                    "已达标 ✅。可用 /deploy " + task + " " + v.version() + " 部署，或继续优化。");
            case CLOSE -> pick(l, fmt("close ⚠️: %.4f short (close band %.2f). Small tweaks may reach it, or accept the score; ask me to diagnose.", gap, closeBand),
                    fmt("接近目標 ⚠️：差 %.4f（接近範圍 %.2f）。小幅調整可能就能達標，或接受目前分數；可以請我診斷。", gap, closeBand),
                    fmt("接近目标 ⚠️：差 %.4f（接近范围 %.2f）。小幅调整可能就能达标，或接受当前分数；可以请我诊断。", gap, closeBand));
            case SIGNIFICANT_GAP -> pick(l, fmt("significant gap ❌: %.4f short. Diagnose, fix, retrain and re-evaluate: say \"diagnose %s\".", gap, task),
                    fmt("差距明顯 ❌：差 %.4f。請先診斷、修正、重新訓練再評估：輸入「診斷 %s」。", gap, task),
                    fmt("差距明显 ❌：差 %.4f。请先诊断、修正、重新训练再评估：输入「诊断 %s」。", gap, task));
            case CHOOSE_VERSION -> throw new IllegalStateException("decided against the target only");
        });
        if (v.parent() != null) {
            VersionInfo parent = find(versions, v.parent());
            if (parent != null && parent.primaryValue() != null) {
                out.append(fmt(pick(l, " Against its parent %s: %.4f → %.4f (%+.4f).", "與上一版 %s 相比：%.4f → %.4f（%+.4f）。",
                        "与上一版 %s 相比：%.4f → %.4f（%+.4f）。"), parent.version(), parent.primaryValue(),
                        v.primaryValue(), v.primaryValue() - parent.primaryValue()));
                try {
                    out.append("\n\n").append(platform.lineage().compare(task, parent.version(), v.version()).strip());
                } catch (RuntimeException e) {
                    // the deltas above already answer; the full tables are a bonus
                }
            }
        }
        return out.toString();
    }

    /** problem-diagnoser: evidence from every service, the report, and the offer to apply the first fix. */
    Result diagnose(String task, String version, String symptom, String complaint, Language l) {
        TaskInfo t = platform.tasks().task(task);
        List<VersionInfo> versions = platform.lineage().versions(task);
        VersionInfo v = version != null ? find(versions, version)
                : versions.isEmpty() ? null : versions.get(versions.size() - 1);
        Map<String, Double> perClass = new LinkedHashMap<>();
        Integer rank = t.loraR();
        Integer epochs = t.epochs();
        Long trainCount = null;
        Map<String, Long> distribution = Map.of();
        Double imbalance = null;
        String failure = null;
        List<String> unreachable = new ArrayList<>();
        if (v != null) {
            try {
                Map<String, Object> lineage = platform.lineage().lineage(task, v.version());
                if (lineage.get("results") instanceof Map<?, ?> results && results.get("per_class") instanceof Map<?, ?> pc) {
                    pc.forEach((label, scores) -> {
                        if (scores instanceof Map<?, ?> s && s.get("f1") instanceof Number f1) {
                            perClass.put(String.valueOf(label), f1.doubleValue());
                        }
                    });
                }
                if (lineage.get("config") instanceof Map<?, ?> config) {
                    if (config.get("lora") instanceof Map<?, ?> lora && lora.get("r") instanceof Number r) {
                        rank = r.intValue();
                    }
                    if (config.get("epochs") instanceof Number e) {
                        epochs = e.intValue();
                    }
                }
                if (lineage.get("data") instanceof Map<?, ?> data && data.get("train_count") instanceof Number n) {
                    trainCount = n.longValue();
                }
            } catch (NoSuchElementException e) {
                // recorded in the list but its lineage is not readable yet: the list's numbers still count
            }
        }
        try {
            List<DataSnapshot> snapshots = platform.data().snapshots(task);
            if (!snapshots.isEmpty()) {
                DataSnapshot s = v != null && v.dataSnapshotId() != null ? snapshots.stream()
                        .filter(x -> x.snapshotId().equals(v.dataSnapshotId())).findFirst()
                        .orElse(snapshots.get(snapshots.size() - 1)) : snapshots.get(snapshots.size() - 1);
                trainCount = trainCount == null ? s.trainCount() : trainCount;
                distribution = s.classDistribution();
                try {
                    DataValidation validation = platform.data().validation(task, s.snapshotId());
                    imbalance = validation.imbalanceRatio();
                } catch (NoSuchElementException e) {
                    // not validated yet
                }
            }
        } catch (ServiceUnavailableException e) {
            unreachable.add(e.service());
        }
        try {
            for (JobInfo job : platform.dispatcher().jobs()) {
                if (task.equals(job.task()) && job.failure() != null && (v == null || v.version().equals(job.version()))) {
                    failure = job.failure();
                }
            }
        } catch (ServiceUnavailableException e) {
            unreachable.add(e.service());
        }
        Diagnosis d = diagnoser.diagnose(new Evidence(task, v == null ? null : v.version(),
                v != null && v.primaryMetric() != null ? v.primaryMetric() : t.primaryMetric(),
                v == null ? null : v.primaryValue(), v != null && v.threshold() != null ? v.threshold() : t.threshold(),
                perClass, trainCount, distribution, imbalance, rank, epochs, failure, complaint, symptom,
                t.executionBackend()));
        diagnoses.accept(d);
        StringBuilder out = new StringBuilder(ProblemDiagnoser.report(d));
        for (String service : unreachable) {
            out.append(pick(l, service + " was not reachable, so its evidence is missing.\n",
                    service + " 無法連線，缺少它的證據。\n", service + " 无法连接，缺少它的证据。\n"));
        }
        Map<String, String> offer = Map.of();
        Diagnosis.Fix first = d.fixes().stream().filter(f -> !f.trainingChange().isEmpty()).findFirst().orElse(null);
        if (first != null) {
            Map<String, String> change = new LinkedHashMap<>();
            first.trainingChange().forEach((k, n) -> change.put(k, String.valueOf(n)));
            change.put("title", first.title());
            change.put(IntentRouter.TASK, task);
            offer = change;
            out.append(pick(l, "Shall I start the next version with fix " + first.priority() + " (" + first.title() + ") applied? (yes/no)",
                    "要套用修正 " + first.priority() + "（" + first.title() + "）開始訓練下一版嗎？（是/否）",
                    "要应用修正 " + first.priority() + "（" + first.title() + "）开始训练下一版吗？（是/否）"));
        }
        return new Result(out.toString().strip(), offer);
    }

    private String deploy(String task, String target, String version, Language l) {
        Map<String, Object> answer = platform.tasks().deploy(task, target, version);
        Object where = answer.getOrDefault("location", answer.getOrDefault("eventId", ""));
        return pick(l, "Deployment of " + task + " to " + target + " requested" + (version == null ? "" : " (" + version + ")")
                        + (where.toString().isEmpty() ? "" : ": " + where) + ". I will tell you here when it is done.",
                "已送出 " + task + " 部署到 " + target + " 的請求" + (version == null ? "" : "（" + version + "）")
                        + (where.toString().isEmpty() ? "" : "：" + where) + "。完成時會在這裡通知你。",
                "已提交 " + task + " 部署到 " + target + " 的请求" + (version == null ? "" : "（" + version + "）")
                        + (where.toString().isEmpty() ? "" : "：" + where) + "。完成时会在这里通知你。");
    }

    private static String shortId(String id) {
        return id == null ? "-" : id.length() <= 12 ? id : id.substring(0, 12);
    }

    private static String fmt(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
