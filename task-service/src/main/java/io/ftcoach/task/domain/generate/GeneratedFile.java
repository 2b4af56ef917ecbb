package io.ftcoach.task.domain.generate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One file of the generated project, relative to the task folder. */
public record GeneratedFile(String path, String content, boolean executable) {

    public byte[] bytes() {
        return content.getBytes(StandardCharsets.UTF_8);
    }

    public String sha256() {
        return sha256(bytes());
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
