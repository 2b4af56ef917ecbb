package io.ftcoach.dispatcher.domain.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A file to commit to a Hub repository: from disk ({@code source}) or generated ({@code content}), with the
 * sha256, size and 512-byte sample the Hub's preupload and LFS calls need.
 */
public record HubFile(String pathInRepo, Path source, byte[] content, String sha256, long size) {

    public static HubFile of(String pathInRepo, Path source) {
        try (InputStream in = Files.newInputStream(source)) {
            MessageDigest digest = newDigest();
            byte[] buffer = new byte[1 << 16];
            long size = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
                size += n;
            }
            return new HubFile(pathInRepo, source, null, HexFormat.of().formatHex(digest.digest()), size);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
    }

    public static HubFile of(String pathInRepo, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return new HubFile(pathInRepo, null, bytes, HexFormat.of().formatHex(newDigest().digest(bytes)), bytes.length);
    }

    public byte[] bytes() {
        if (content != null) {
            return content;
        }
        try {
            return Files.readAllBytes(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
    }

    /** The first 512 bytes, which the Hub inspects to choose between a regular and an LFS upload. */
    public byte[] sample() {
        if (content != null) {
            return java.util.Arrays.copyOf(content, (int) Math.min(512, content.length));
        }
        try (InputStream in = Files.newInputStream(source)) {
            return in.readNBytes(512);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source, e);
        }
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return "HubFile[" + pathInRepo + ", " + size + " bytes, sha256 " + sha256 + "]";
    }
}
