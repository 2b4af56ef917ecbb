package io.ftcoach.coach.domain.chat;

import io.ftcoach.coach.domain.platform.DataIngest;
import io.ftcoach.coach.domain.platform.DataSnapshot;
import io.ftcoach.coach.domain.platform.DataValidation;
import io.ftcoach.coach.domain.platform.Dispatcher;
import io.ftcoach.coach.domain.platform.EnvVariable;
import io.ftcoach.coach.domain.platform.JobInfo;
import io.ftcoach.coach.domain.platform.Lineage;
import io.ftcoach.coach.domain.platform.NewTask;
import io.ftcoach.coach.domain.platform.Platform;
import io.ftcoach.coach.domain.platform.Recommendation;
import io.ftcoach.coach.domain.platform.RecommendationQuery;
import io.ftcoach.coach.domain.platform.ServiceUnavailableException;
import io.ftcoach.coach.domain.platform.TaskInfo;
import io.ftcoach.coach.domain.platform.TaskService;
import io.ftcoach.coach.domain.platform.TrainingOrder;
import io.ftcoach.coach.domain.platform.VersionInfo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The platform's services in memory, with the same refusals as the real ones, and a switch to take each down. */
final class InMemoryPlatform {

    final Map<String, TaskInfo> tasks = new LinkedHashMap<>();
    final List<NewTask> created = new ArrayList<>();
    final List<String> runs = new ArrayList<>();
    final List<RecommendationQuery> recommendations = new ArrayList<>();
    final List<TrainingOrder> trainings = new ArrayList<>();
    final Map<String, String> dataSources = new LinkedHashMap<>();
    final Map<String, List<DataSnapshot>> snapshots = new LinkedHashMap<>();
    final Map<String, DataValidation> validations = new LinkedHashMap<>();
    final Map<String, List<VersionInfo>> versions = new LinkedHashMap<>();
    final Map<String, Map<String, Object>> lineages = new LinkedHashMap<>();
    final List<JobInfo> jobs = new ArrayList<>();
    final Set<String> down = new TreeSet<>();

    /** When set, listing tasks waits for it: a slow task-service. */
    volatile java.util.concurrent.CountDownLatch slowTaskList;

    private void check(String service) {
        if (down.contains(service)) {
            throw new ServiceUnavailableException(service, "http://127.0.0.1:1", "ConnectException", null);
        }
    }

    private static final Pattern ENV = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)}");

    Platform platform() {
        return new Platform(new Tasks(), new Data(), new Jobs(), new Versions());
    }

    /** A LoRA task trained on a GPU machine (the local backend). */
    void addTask(String name, String metric, double threshold, Integer loraR, int epochs) {
        addTask(name, metric, threshold, loraR, epochs, "local");
    }

    void addTask(String name, String metric, double threshold, Integer loraR, int epochs, String executionBackend) {
        tasks.put(name, new TaskInfo(name, "classification", "general", "zh-TW", List.of("positive", "negative"),
                "training", null, metric, threshold, "Qwen/Qwen3-4B", "lora", loraR, epochs, 1e-5, executionBackend,
                "2026-01-02T03:04:05Z"));
    }

    private final class Tasks implements TaskService {
        @Override
        public List<TaskInfo> tasks() {
            check("task-service");
            java.util.concurrent.CountDownLatch slow = slowTaskList;
            if (slow != null) {
                try {
                    slow.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return List.copyOf(tasks.values());
        }

        @Override
        public TaskInfo task(String name) {
            check("task-service");
            TaskInfo t = tasks.get(name);
            if (t == null) {
                throw new NoSuchElementException("task-service: No task named '" + name + "'");
            }
            return t;
        }

        @Override
        public TaskInfo create(NewTask n) {
            check("task-service");
            if (tasks.containsKey(n.name())) {
                throw new IllegalStateException("task-service: Task '" + n.name() + "' already exists");
            }
            created.add(n);
            TaskInfo t = new TaskInfo(n.name(), n.taskType() == null ? "classification" : n.taskType(),
                    n.domain(), n.language(), n.labels(), "created", null,
                    n.primaryMetric() == null ? "macro_f1" : n.primaryMetric(),
                    n.threshold() == null ? 0.8 : n.threshold(), "Qwen/Qwen3-4B", "lora", 32, 8, 1e-5, "baseline",
                    "2026-01-02T03:04:05Z");
            tasks.put(n.name(), t);
            return t;
        }

        @Override
        public TaskInfo patch(String name, Map<String, Object> patch) {
            return task(name);
        }

        @Override
        public Map<String, String> requestTraining(String name, TrainingOrder order) {
            task(name);
            trainings.add(order);
            return Map.of("task", name, "version", order.version(), "eventId", "e-1");
        }

        @Override
        public Map<String, Object> generate(String name) {
            task(name);
            return Map.of("files", List.of("scripts/01_regenerate_data.py", "configs/training_config.yaml"));
        }

        @Override
        public Map<String, Object> deploy(String name, String target, String version) {
            task(name);
            return Map.of("eventId", "e-2");
        }

        @Override
        public Recommendation recommend(RecommendationQuery q) {
            check("task-service");
            recommendations.add(q);
            int r = q.dataSize() < 500 ? 16 : 32;
            return new Recommendation("lora", "SFT + LoRA", "Qwen/Qwen3-4B", "lora", r, 2 * r, 8, 1e-5, true,
                    List.of(q.dataSize() + " samples: SFT with LoRA r=" + r, "Chinese text: Qwen3-4B"), List.of());
        }
    }

    private final class Data implements DataIngest {
        @Override
        public List<EnvVariable> putDataSource(String task, String yaml) {
            check("data-ingest-service");
            if (!yaml.startsWith("version: \"1.0\"")) {
                throw new IllegalArgumentException("data-ingest-service: data_source.yaml line 1: version must be \"1.0\"");
            }
            dataSources.put(task, yaml);
            return environment(task);
        }

        @Override
        public Optional<String> dataSource(String task) {
            check("data-ingest-service");
            return Optional.ofNullable(dataSources.get(task));
        }

        @Override
        public List<EnvVariable> environment(String task) {
            check("data-ingest-service");
            List<EnvVariable> out = new ArrayList<>();
            Matcher m = ENV.matcher(dataSources.getOrDefault(task, ""));
            Set<String> seen = new TreeSet<>();
            while (m.find()) {
                if (seen.add(m.group(1))) {
                    out.add(new EnvVariable(m.group(1), false));
                }
            }
            return out;
        }

        @Override
        public String run(String task) {
            check("data-ingest-service");
            runs.add(task);
            return "snap-1";
        }

        @Override
        public List<DataSnapshot> snapshots(String task) {
            check("data-ingest-service");
            return snapshots.getOrDefault(task, List.of());
        }

        @Override
        public DataValidation validation(String task, String snapshotId) {
            check("data-ingest-service");
            DataValidation v = validations.get(snapshotId);
            if (v == null) {
                throw new NoSuchElementException("data-ingest-service: snapshot " + snapshotId + " is not validated");
            }
            return v;
        }
    }

    private final class Jobs implements Dispatcher {
        @Override
        public List<JobInfo> jobs() {
            check("training-dispatcher");
            return jobs;
        }

        @Override
        public JobInfo job(String id) {
            return jobs().stream().filter(j -> j.id().equals(id)).findFirst().orElseThrow();
        }

        @Override
        public String log(String id) {
            return "";
        }
    }

    private final class Versions implements Lineage {
        @Override
        public List<VersionInfo> versions(String task) {
            check("lineage-service");
            return versions.getOrDefault(task, List.of());
        }

        @Override
        public Map<String, Object> lineage(String task, String version) {
            check("lineage-service");
            Map<String, Object> l = lineages.get(task + "/" + version);
            if (l == null) {
                throw new NoSuchElementException("lineage-service: no version " + version);
            }
            return l;
        }

        @Override
        public String compare(String task, String from, String to) {
            check("lineage-service");
            if (versions(task).stream().noneMatch(v -> v.version().equals(from))) {
                throw new NoSuchElementException("lineage-service: Task '" + task + "' has no recorded version '" + from + "'");
            }
            return "| metric | " + from + " | " + to + " |\n|---|---|---|";
        }
    }
}
