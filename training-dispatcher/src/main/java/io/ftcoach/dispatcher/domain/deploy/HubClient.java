package io.ftcoach.dispatcher.domain.deploy;

import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Hugging Face Hub's HTTP API, as huggingface_hub's HfApi speaks it: create a repository, upload and commit
 * files (preupload decides regular or LFS; LFS objects go through the Git LFS batch API, single part or multipart;
 * the commit is NDJSON with a header line and one line per file), tag a revision. The token travels only in the
 * Authorization header.
 */
public final class HubClient {

    /** A Hub repository. */
    public record Repo(String type, String id) {
        public Repo {
            if (!type.equals("model") && !type.equals("dataset")) {
                throw new IllegalArgumentException("A Hub repository is a model or a dataset, was " + type);
            }
        }

        /** {@code models/org/name} or {@code datasets/org/name}, as the API paths spell it. */
        String apiPath() {
            return type + "s/" + id;
        }

        /** The page a person opens. */
        public String url(String endpoint) {
            return endpoint + (type.equals("dataset") ? "/datasets/" : "/") + id;
        }
    }

    public record Commit(String oid, String url) {
    }

    private final String endpoint;
    private final String token;
    private final RemoteApi api;

    public HubClient(HttpClient http, String endpoint, String token, Duration timeout) {
        if (token == null || token.isBlank()) {
            throw new DeploymentException(FailureCategory.CREDENTIALS,
                    "No Hugging Face token is configured, so nothing can be uploaded to the Hub.",
                    "Set the environment variable HF_TOKEN to a token with write access "
                            + "(https://huggingface.co/settings/tokens) and restart the training-dispatcher.");
        }
        this.endpoint = endpoint.replaceAll("/+$", "");
        this.token = token;
        this.api = new RemoteApi(http, "the Hugging Face Hub", timeout,
                "Check the network and ftcoach.training-dispatcher.deploy.huggingface.endpoint (FTCOACH_HF_ENDPOINT), "
                        + "now " + this.endpoint + ".",
                "The token in HF_TOKEN was refused: create a token with write access to the organisation at "
                        + "https://huggingface.co/settings/tokens, set HF_TOKEN and restart the training-dispatcher.");
    }

    public String endpoint() {
        return endpoint;
    }

    /** Creates the repository; one that exists already (409) is fine. */
    public void createRepo(Repo repo, boolean privateRepo) {
        int slash = repo.id().indexOf('/');
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", repo.id().substring(slash + 1));
        if (slash > 0) {
            body.put("organization", repo.id().substring(0, slash));
        }
        body.put("private", privateRepo);
        if (!repo.type().equals("model")) {
            body.put("type", repo.type());
        }
        api.send(authed(uri("/api/repos/create")).POST(RemoteApi.json(body))
                        .header("Content-Type", "application/json").build(),
                "create the repository " + repo.id(),
                "Check that the organisation '" + repo.id().substring(0, Math.max(slash, 0)) + "' exists and that "
                        + "the token may create repositories in it.", 409);
    }

    /** Uploads what must go through LFS, then commits every file in one commit to {@code revision}. */
    public Commit upload(Repo repo, String revision, String summary, String description, List<HubFile> files) {
        Map<String, String> modes = preupload(repo, revision, files);
        List<HubFile> lfs = files.stream().filter(f -> "lfs".equals(modes.get(f.pathInRepo()))).toList();
        if (!lfs.isEmpty()) {
            uploadLfs(repo, revision, lfs);
        }
        return commit(repo, revision, summary, description, files, modes);
    }

    /** Asks the Hub how each file must be uploaded: {@code regular} (inline, base64) or {@code lfs}. */
    Map<String, String> preupload(Repo repo, String revision, List<HubFile> files) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (HubFile f : files) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("path", f.pathInRepo());
            entry.put("sample", Base64.getEncoder().encodeToString(f.sample()));
            entry.put("size", f.size());
            entry.put("sha256", f.sha256());
            list.add(entry);
        }
        JsonNode answer = api.sendForJson(authed(uri("/api/" + repo.apiPath() + "/preupload/" + enc(revision)))
                        .POST(RemoteApi.json(Map.of("files", list))).header("Content-Type", "application/json").build(),
                "ask how to upload " + files.size() + " files to " + repo.id(), "Request the deployment again later.");
        Map<String, String> modes = new HashMap<>();
        for (JsonNode f : answer.path("files")) {
            modes.put(f.path("path").asString(), f.path("uploadMode").asString("regular"));
        }
        return modes;
    }

    /** Git LFS batch API: objects the Hub lacks come back with an upload action (and maybe a verify action). */
    void uploadLfs(Repo repo, String revision, List<HubFile> files) {
        List<Map<String, Object>> objects = files.stream()
                .map(f -> Map.<String, Object>of("oid", f.sha256(), "size", f.size())).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("operation", "upload");
        body.put("transfers", List.of("basic", "multipart"));
        body.put("objects", objects);
        body.put("hash_algo", "sha256");
        body.put("ref", Map.of("name", revision));
        String prefix = repo.type().equals("dataset") ? "/datasets/" : "/";
        JsonNode answer = api.sendForJson(authed(uri(prefix + repo.id() + ".git/info/lfs/objects/batch"))
                        .POST(RemoteApi.json(body))
                        .header("Accept", "application/vnd.git-lfs+json")
                        .header("Content-Type", "application/vnd.git-lfs+json").build(),
                "ask where to upload the large files of " + repo.id(), "Request the deployment again later.");
        Map<String, HubFile> byOid = new HashMap<>();
        files.forEach(f -> byOid.put(f.sha256(), f));
        for (JsonNode object : answer.path("objects")) {
            HubFile file = byOid.get(object.path("oid").asString());
            if (object.has("error")) {
                throw new DeploymentException(FailureCategory.REMOTE_ERROR,
                        "The Hub refused the large file " + (file == null ? object.path("oid")
                        .asString() : file.pathInRepo()) + ": " + object.path("error").path("message").asString() + ".",
                        "Check the file and the repository's storage quota, then request the deployment again.");
            }
            JsonNode upload = object.path("actions").path("upload");
            if (file == null || upload.isMissingNode()) {
                continue; // the Hub has this object already
            }
            if (upload.path("header").has("chunk_size")) {
                uploadMultipart(file, upload);
            } else {
                HttpRequest.Builder put = HttpRequest.newBuilder(URI.create(upload.path("href").asString()))
                        .PUT(publisher(file, 0, file.size()));
                upload.path("header").properties().forEach(h -> put.header(h.getKey(), h.getValue().asString()));
                api.send(put.build(), "upload " + file.pathInRepo() + " (" + file.size() + " bytes)",
                        "Request the deployment again; the upload resumes with the files the Hub lacks.");
            }
            JsonNode verify = object.path("actions").path("verify");
            if (!verify.isMissingNode()) {
                HttpRequest.Builder post = HttpRequest.newBuilder(URI.create(verify.path("href").asString()))
                        .POST(RemoteApi.json(Map.of("oid", file.sha256(), "size", file.size())))
                        .header("Content-Type", "application/vnd.git-lfs+json");
                verify.path("header").properties().forEach(h -> post.header(h.getKey(), h.getValue().asString()));
                api.send(post.build(), "verify the upload of " + file.pathInRepo(), "Request the deployment again.");
            }
        }
    }

    /** Multipart: the header holds chunk_size and one presigned URL per part ("00001", …); then a completion. */
    private void uploadMultipart(HubFile file, JsonNode upload) {
        long chunk = Long.parseLong(upload.path("header").path("chunk_size").asString());
        Map<Integer, String> parts = new TreeMap<>();
        upload.path("header").properties().forEach(h -> {
            if (h.getKey().matches("\\d+")) {
                parts.put(Integer.parseInt(h.getKey()), h.getValue().asString());
            }
        });
        List<Map<String, Object>> etags = new ArrayList<>();
        for (Map.Entry<Integer, String> part : parts.entrySet()) {
            long offset = (part.getKey() - 1) * chunk;
            long length = Math.min(chunk, file.size() - offset);
            HttpResponse<String> put = api.send(HttpRequest.newBuilder(URI.create(part.getValue()))
                            .PUT(publisher(file, offset, length)).build(),
                    "upload part " + part.getKey() + " of " + file.pathInRepo(), "Request the deployment again.");
            etags.add(Map.of("partNumber", part.getKey(), "etag", put.headers().firstValue("ETag").orElse("")));
        }
        api.send(HttpRequest.newBuilder(URI.create(upload.path("href").asString()))
                        .POST(RemoteApi.json(Map.of("oid", file.sha256(), "parts", etags)))
                        .header("Content-Type", "application/vnd.git-lfs+json").build(),
                "complete the multipart upload of " + file.pathInRepo(), "Request the deployment again.");
    }

    Commit commit(Repo repo, String revision, String summary, String description, List<HubFile> files,
                  Map<String, String> modes) {
        StringBuilder ndjson = new StringBuilder();
        ndjson.append(line("header", Map.of("summary", summary, "description", description)));
        for (HubFile f : files) {
            if ("lfs".equals(modes.get(f.pathInRepo()))) {
                ndjson.append(line("lfsFile", Map.of("path", f.pathInRepo(), "algo", "sha256", "oid", f.sha256(),
                        "size", f.size())));
            } else {
                ndjson.append(line("file", Map.of("content", Base64.getEncoder().encodeToString(f.bytes()),
                        "path", f.pathInRepo(), "encoding", "base64")));
            }
        }
        JsonNode answer = api.sendForJson(authed(uri("/api/" + repo.apiPath() + "/commit/" + enc(revision)))
                        .POST(HttpRequest.BodyPublishers.ofString(ndjson.toString()))
                        .header("Content-Type", "application/x-ndjson").build(),
                "commit " + files.size() + " files to " + repo.id() + "@" + revision,
                "Check the repository on the Hub, then request the deployment again.");
        return new Commit(answer.path("commitOid").asString(null), answer.path("commitUrl").asString(null));
    }

    /** Tags {@code revision} (a branch or commit) as {@code tag}; an existing tag of that name is moved. */
    public void tag(Repo repo, String revision, String tag, String message) {
        HttpRequest create = authed(uri("/api/" + repo.apiPath() + "/tag/" + enc(revision)))
                .POST(RemoteApi.json(Map.of("tag", tag, "message", message)))
                .header("Content-Type", "application/json").build();
        String fix = "Check the repository's tags on the Hub, then request the deployment again.";
        HttpResponse<String> answer = api.send(create, "tag " + repo.id() + "@" + revision + " as " + tag, fix, 409);
        if (answer.statusCode() == 409) {
            // a redeploy of the same version: the tag follows the new commit
            api.send(authed(uri("/api/" + repo.apiPath() + "/tag/" + enc(tag))).DELETE().build(),
                    "remove the old tag " + tag + " of " + repo.id(), fix);
            api.send(create, "tag " + repo.id() + "@" + revision + " as " + tag, fix);
        }
    }

    private HttpRequest.Builder authed(URI uri) {
        return api.request(uri).header("Authorization", "Bearer " + token);
    }

    private URI uri(String path) {
        return URI.create(endpoint + path);
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String line(String key, Map<String, Object> value) {
        Map<String, Object> l = new LinkedHashMap<>();
        l.put("key", key);
        l.put("value", value);
        return RemoteApi.JSON.writeValueAsString(l) + "\n";
    }

    private static HttpRequest.BodyPublisher publisher(HubFile file, long offset, long length) {
        if (file.content() != null) {
            return HttpRequest.BodyPublishers.ofByteArray(file.content(), (int) offset, (int) length);
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                InputStream in = Files.newInputStream(file.source());
                in.skipNBytes(offset);
                return new BoundedInputStream(in, length);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + file.source(), e);
            }
        }), length);
    }

    /** Reads at most {@code limit} bytes of a stream: one multipart chunk of a large file. */
    private static final class BoundedInputStream extends InputStream {
        private final InputStream in;
        private long left;

        BoundedInputStream(InputStream in, long limit) {
            this.in = in;
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
