package io.ftcoach.dispatcher.domain.deploy;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Hugging Face Hub's HTTP API as huggingface_hub calls it, enough for a deployment: repos/create (409 when it
 * exists), preupload (files of 10 MB or more, and *.safetensors / *.gguf, are LFS, as on the Hub), the Git LFS batch
 * API with upload and verify actions pointing back at this server, the NDJSON commit (checks the LFS objects were
 * uploaded first and their sha256), tags (409 when one exists) and tag deletion. Every /api call and the LFS
 * batch need {@code Authorization: Bearer <token>}. What was committed is kept per repository.
 */
public final class HubStub extends StubServer {

    public static final int LFS_THRESHOLD = 10 * 1024 * 1024;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String token;
    public final Set<String> repos = ConcurrentHashMap.newKeySet();
    /** repo path (models/org/name) → file path → content (LFS files: the uploaded bytes). */
    public final Map<String, Map<String, byte[]>> files = new ConcurrentHashMap<>();
    public final Map<String, String> tags = new ConcurrentHashMap<>();
    private final Map<String, byte[]> lfs = new ConcurrentHashMap<>();
    private final AtomicInteger commits = new AtomicInteger();
    private final Map<String, byte[]> parts = new ConcurrentHashMap<>();
    /** When set, LFS uploads are multipart with parts of this many bytes, as the Hub asks for large files. */
    public volatile Integer multipartChunk;

    public HubStub(String token) {
        super(r -> null);
        this.token = token;
        handler(this::answer);
    }

    /** The Hub's answer to a request; a test that overrides one call delegates the rest here. */
    public Reply answer(Recorded r) {
        String p = r.path();
        if (p.startsWith("/lfs-part/") && r.method().equals("PUT")) {
            parts.put(p.substring("/lfs-part/".length()), r.body());
            return new Reply(200, "", Map.of("ETag", "\"etag-" + p.substring(p.lastIndexOf('/') + 1) + "\""));
        }
        if (p.startsWith("/lfs-complete/") && r.method().equals("POST")) {
            JsonNode b = JSON.readTree(r.body());
            String oid = b.path("oid").asString();
            java.io.ByteArrayOutputStream whole = new java.io.ByteArrayOutputStream();
            int n = 0;
            for (JsonNode part : b.path("parts")) {
                n++;
                if (part.path("partNumber").asInt() != n
                        || !part.path("etag").asString().equals("\"etag-" + n + "\"")) {
                    return Reply.json(400, "{\"message\":\"parts out of order or with a wrong etag\"}");
                }
                whole.writeBytes(parts.getOrDefault(oid + "/" + n, new byte[0]));
            }
            lfs.put(oid, whole.toByteArray());
            return new Reply(200, "", Map.of());
        }
        if (p.startsWith("/lfs-upload/") && r.method().equals("PUT")) {
            lfs.put(p.substring("/lfs-upload/".length()), r.body());
            return new Reply(200, "", Map.of());
        }
        if (!("Bearer " + token).equals(r.header("Authorization"))) {
            return Reply.json(401, "{\"error\":\"Invalid credentials in Authorization header\"}");
        }
        if (p.equals("/lfs-verify")) {
            String oid = JSON.readTree(r.body()).path("oid").asString();
            return lfs.containsKey(oid) ? new Reply(200, "", Map.of()) : Reply.json(404, "{\"message\":\"not uploaded\"}");
        }
        if (p.equals("/api/repos/create") && r.method().equals("POST")) {
            JsonNode b = JSON.readTree(r.body());
            String type = b.path("type").asString("model");
            String id = type + "s/" + b.path("organization").asString() + "/" + b.path("name").asString();
            if (!repos.add(id)) {
                return Reply.json(409, "{\"error\":\"You already created this model repo\",\"url\":\"x\"}");
            }
            return Reply.json(200, "{\"url\":\"" + url() + "/" + id + "\"}");
        }
        if (p.endsWith(".git/info/lfs/objects/batch")) {
            StringBuilder objects = new StringBuilder();
            for (JsonNode o : JSON.readTree(r.body()).path("objects")) {
                String oid = o.path("oid").asString();
                if (objects.length() > 0) {
                    objects.append(',');
                }
                objects.append("{\"oid\":\"").append(oid).append("\",\"size\":").append(o.path("size").asLong());
                if (!lfs.containsKey(oid) && multipartChunk != null) {
                    long size = o.path("size").asLong();
                    StringBuilder header = new StringBuilder("\"chunk_size\":\"" + multipartChunk + "\"");
                    for (int part = 1; (long) (part - 1) * multipartChunk < size; part++) {
                        header.append(",\"").append(String.format("%05d", part)).append("\":\"").append(url())
                                .append("/lfs-part/").append(oid).append('/').append(part).append('"');
                    }
                    objects.append(",\"actions\":{\"upload\":{\"href\":\"").append(url()).append("/lfs-complete/")
                            .append(oid).append("\",\"header\":{").append(header).append("}}}");
                } else if (!lfs.containsKey(oid)) {
                    objects.append(",\"actions\":{\"upload\":{\"href\":\"").append(url()).append("/lfs-upload/")
                            .append(oid).append("\",\"header\":{\"X-Upload-Token\":\"presigned\"}},\"verify\":{\"href\":\"")
                            .append(url()).append("/lfs-verify\",\"header\":{\"Authorization\":\"Bearer ")
                            .append(token).append("\"}}}");
                }
                objects.append('}');
            }
            return new Reply(200, "{\"transfer\":\"basic\",\"objects\":[" + objects + "]}",
                    Map.of("Content-Type", "application/vnd.git-lfs+json"));
        }
        String[] parts = p.split("/"); // "", api, models, org, name, verb, revision
        if (parts.length >= 7 && parts[1].equals("api")) {
            String repo = parts[2] + "/" + parts[3] + "/" + parts[4];
            if (!repos.contains(repo)) {
                return Reply.json(404, "{\"error\":\"Repository not found\"}");
            }
            switch (parts[5]) {
                case "preupload" -> {
                    StringBuilder out = new StringBuilder();
                    for (JsonNode f : JSON.readTree(r.body()).path("files")) {
                        String path = f.path("path").asString();
                        boolean big = f.path("size").asLong() > LFS_THRESHOLD || path.endsWith(".safetensors")
                                || path.endsWith(".gguf");
                        out.append(out.length() == 0 ? "" : ",").append("{\"path\":\"").append(path)
                                .append("\",\"uploadMode\":\"").append(big ? "lfs" : "regular")
                                .append("\",\"shouldIgnore\":false}");
                    }
                    return Reply.json(200, "{\"files\":[" + out + "]}");
                }
                case "commit" -> {
                    Map<String, byte[]> committed = files.computeIfAbsent(repo, k -> new ConcurrentHashMap<>());
                    String[] lines = r.text().split("\n");
                    if (!JSON.readTree(lines[0]).path("key").asString().equals("header")) {
                        return Reply.json(400, "{\"error\":\"The first line must be the header\"}");
                    }
                    for (int i = 1; i < lines.length; i++) {
                        JsonNode line = JSON.readTree(lines[i]);
                        JsonNode v = line.path("value");
                        switch (line.path("key").asString()) {
                            case "file" -> committed.put(v.path("path").asString(),
                                    Base64.getDecoder().decode(v.path("content").asString()));
                            case "lfsFile" -> {
                                byte[] content = lfs.get(v.path("oid").asString());
                                if (content == null || !sha256(content).equals(v.path("oid").asString())) {
                                    return Reply.json(422, "{\"error\":\"LFS object " + v.path("oid").asString()
                                            + " was not uploaded\"}");
                                }
                                committed.put(v.path("path").asString(), content);
                            }
                            default -> {
                                return Reply.json(400, "{\"error\":\"Unknown key\"}");
                            }
                        }
                    }
                    String oid = String.format("%040x", commits.incrementAndGet());
                    return Reply.json(200, "{\"commitOid\":\"" + oid + "\",\"commitUrl\":\"" + url() + "/" + repo
                            + "/commit/" + oid + "\"}");
                }
                case "tag" -> {
                    if (r.method().equals("DELETE")) {
                        return tags.remove(repo + "@" + parts[6]) == null
                                ? Reply.json(404, "{\"error\":\"no such tag\"}") : new Reply(200, "", Map.of());
                    }
                    String tag = JSON.readTree(r.body()).path("tag").asString();
                    if (tags.putIfAbsent(repo + "@" + tag, parts[6]) != null) {
                        return Reply.json(409, "{\"error\":\"Tag already exists\"}");
                    }
                    return new Reply(200, "", Map.of());
                }
                default -> {
                }
            }
        }
        return Reply.json(404, "{\"error\":\"no route " + r.method() + " " + p + "\"}");
    }

    public String committedText(String repo, String path) {
        byte[] b = files.getOrDefault(repo, Map.of()).get(path);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
