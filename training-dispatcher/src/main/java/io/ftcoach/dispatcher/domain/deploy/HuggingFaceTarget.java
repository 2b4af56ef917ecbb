package io.ftcoach.dispatcher.domain.deploy;

import io.ftcoach.dispatcher.domain.JobArtifact;
import io.ftcoach.support.workspace.AtomicFiles;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Deploys to the Hugging Face Hub (workflow-spec §1.9, §5.7): one repository per variant,
 * {@code <org>/<prefix>-<task>-adapter | -vllm | -gguf | -data}, created if needed; the variant's files and its
 * model card committed to {@code main} in one commit; the commit tagged with the version, so each version stays
 * addressable as a revision. Each card is also kept in the task folder, {@code models/cards/<v>/<variant>.md}.
 *
 * <p>Options: {@code variant} (adapter, merged, gguf, dataset; several comma-separated; default adapter),
 * {@code org}, {@code prefix}, {@code private} (true/false), {@code quantization} (q8_0, q4_k_m, f16; default q8_0),
 * {@code system_prompt} (for the GGUF's Modelfile).
 */
public final class HuggingFaceTarget implements DeployTarget {

    public static final String NAME = "huggingface";
    static final Set<String> VARIANTS = Set.of("adapter", "merged", "gguf", "dataset");
    static final Set<String> QUANTIZATIONS = Set.of("q8_0", "q4_k_m", "f16");

    /**
     * @param token        from HF_TOKEN; never logged, never in a message
     * @param org          the default organisation (or user) that owns the repositories; task.yaml and the request
     *                     may name another
     * @param prefix       the default repository name prefix
     * @param privateRepos whether new repositories are private
     */
    public record Settings(String endpoint, String token, String org, String prefix, boolean privateRepos,
                           Duration timeout) {
        @Override
        public String toString() {
            return "Settings[endpoint=" + endpoint + ", token=" + (token == null || token.isBlank() ? "none" : "****")
                    + ", org=" + org + ", prefix=" + prefix + ", privateRepos=" + privateRepos + "]";
        }
    }

    private final HttpClient http;
    private final Settings settings;

    public HuggingFaceTarget(HttpClient http, Settings settings) {
        this.http = http;
        this.settings = settings;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> secrets() {
        return DeployTarget.secrets(settings.token(), settings.endpoint());
    }

    @Override
    public List<Deployed> deploy(DeploymentRequest request, TaskFacts t) {
        List<String> variants = variants(request.option("variant", "adapter"));
        String org = request.option("org", t.hubOrg() != null ? t.hubOrg() : blankToNull(settings.org()));
        if (org == null) {
            throw new DeploymentException(FailureCategory.CONFIGURATION,
                    "No Hugging Face organisation is named for task '" + t.taskId() + "'.",
                    "Name one: the request option org, huggingface.org in task.yaml, or FTCOACH_HF_ORG.");
        }
        String prefix = request.option("prefix", t.hubPrefix() != null ? t.hubPrefix() : blankToNull(settings.prefix()));
        String quantization = request.option("quantization", "q8_0").toLowerCase(Locale.ROOT);
        if (!QUANTIZATIONS.contains(quantization)) {
            throw new DeploymentException(FailureCategory.CONFIGURATION,
                    "Quantization '" + quantization + "' is not one this deployment knows.",
                    "Use q8_0 (recommended), q4_k_m (smaller, lossy) or f16 (largest).");
        }
        boolean privateRepos = Boolean.parseBoolean(request.option("private", Boolean.toString(settings.privateRepos())));

        Map<String, String> repoIds = new LinkedHashMap<>();
        for (String v : variants) {
            repoIds.put(v, org + "/" + repoName(prefix, t.taskId(), v));
        }
        ModelCard.Siblings siblings = new ModelCard.Siblings(endpoint(), repoIds);
        // every file is found before anything is created remotely: a missing model fails with nothing half-done
        Map<String, List<HubFile>> files = new LinkedHashMap<>();
        Map<String, String> cards = new LinkedHashMap<>();
        for (String v : variants) {
            String card = ModelCard.render(t, v, repoIds.get(v), siblings);
            cards.put(v, card);
            List<HubFile> list = new ArrayList<>(files(t, v, quantization, request.option("system_prompt")));
            list.add(HubFile.of("README.md", card));
            files.put(v, list);
        }

        HubClient hub = new HubClient(http, endpoint(), settings.token(), settings.timeout());
        List<Deployed> out = new ArrayList<>();
        for (String v : variants) {
            HubClient.Repo repo = new HubClient.Repo(v.equals("dataset") ? "dataset" : "model", repoIds.get(v));
            hub.createRepo(repo, privateRepos);
            HubClient.Commit commit = hub.upload(repo, "main", "Upload " + t.modelName() + " (" + v + ")",
                    "Deployed by Fine-tune Coach from task " + t.taskId() + ", version " + t.version() + ".",
                    files.get(v));
            // the tag points at this commit, so the version stays what was uploaded even when main moves on
            String revision = commit.oid() == null || commit.oid().isBlank() ? "main" : commit.oid();
            hub.tag(repo, revision, t.version(), t.modelName() + " (" + v + ")");

            String cardPath = "models/cards/" + t.version() + "/" + v + ".md";
            AtomicFiles.writeString(t.dir().resolve(cardPath), cards.get(v));
            String url = repo.url(endpoint());
            List<JobArtifact> artifacts = List.of(
                    new JobArtifact("hf_" + v, url + "/tree/" + t.version(), null),
                    new JobArtifact("model_card", cardPath, HubFile.of("README.md", cards.get(v)).sha256()));
            out.add(new Deployed(v, url, artifacts, List.of("commit " + commit.oid() + " on main of " + repo.id()
                    + ", tagged " + t.version(), files.get(v).size() + " files")));
        }
        return out;
    }

    private String endpoint() {
        return settings.endpoint().replaceAll("/+$", "");
    }

    static List<String> variants(String option) {
        Set<String> out = new LinkedHashSet<>();
        for (String v : option.split(",")) {
            String s = v.trim().toLowerCase(Locale.ROOT);
            if (s.isEmpty()) {
                continue;
            }
            if (s.equals("vllm")) {
                s = "merged"; // the spec's name for the merged repository
            }
            if (!VARIANTS.contains(s)) {
                throw new DeploymentException(FailureCategory.CONFIGURATION,
                        "Hub variant '" + v.trim() + "' is not one this deployment knows.",
                        "Use adapter, merged, gguf or dataset (several comma-separated).");
            }
            out.add(s);
        }
        if (out.isEmpty()) {
            out.add("adapter");
        }
        return List.copyOf(out);
    }

    /** {@code {prefix}-{task}-adapter | -vllm | -gguf | -data} (workflow-spec §1.9 step 3). */
    static String repoName(String prefix, String task, String variant) {
        String suffix = switch (variant) {
            case "merged" -> "vllm";
            case "dataset" -> "data";
            default -> variant;
        };
        return (prefix == null ? "" : prefix + "-") + task + "-" + suffix;
    }

    private static List<HubFile> files(TaskFacts t, String variant, String quantization, String systemPrompt) {
        List<HubFile> out = new ArrayList<>();
        switch (variant) {
            case "adapter", "merged" -> {
                String dir = variant.equals("adapter") ? ModelFiles.adapterDir(t.version())
                        : ModelFiles.mergedDir(t.version());
                String fix = variant.equals("adapter") ? ModelFiles.adapterFix(t) : ModelFiles.mergeFix(t);
                for (String f : ModelFiles.filesIn(t, dir, fix)) {
                    if (!f.equals("README.md")) {
                        out.add(HubFile.of(f, t.dir().resolve(dir).resolve(f)));
                    }
                }
            }
            case "gguf" -> {
                String gguf = ModelFiles.gguf(t.taskId(), t.version(), quantization);
                String name = gguf.substring(gguf.lastIndexOf('/') + 1);
                out.add(HubFile.of(name, ModelFiles.requireFile(t, gguf, ModelFiles.ggufFix(t, quantization))));
                out.add(HubFile.of("Modelfile", Modelfile.forTask(t, name, systemPrompt).render()));
            }
            default -> {
                for (String split : List.of("train", "valid", "test")) {
                    String path = "data/" + split + ".jsonl";
                    if (split.equals("valid") && !Files.isRegularFile(t.dir().resolve(path))) {
                        continue;
                    }
                    out.add(HubFile.of(path, ModelFiles.requireFile(t, path, "Regenerate and split the data first "
                            + "(data-ingest-service writes data/train.jsonl, valid.jsonl and test.jsonl).")));
                }
                if (Files.isRegularFile(t.dir().resolve("data/data_version.yaml"))) {
                    out.add(HubFile.of("data_version.yaml", t.dir().resolve("data/data_version.yaml")));
                }
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
