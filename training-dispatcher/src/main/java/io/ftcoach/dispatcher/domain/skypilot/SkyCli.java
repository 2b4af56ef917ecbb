package io.ftcoach.dispatcher.domain.skypilot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs one command of a CLI (sky, rsync) to its end and answers its exit code and output (stdout and stderr). */
final class SkyCli {

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }

        /** The last lines, for a failure's log tail. */
        String tail(int lines) {
            String[] all = output.strip().split("\\R");
            return String.join("\n", List.of(all).subList(Math.max(0, all.length - lines), all.length));
        }
    }

    private final Path workDir;

    SkyCli(Path workDir) {
        this.workDir = workDir;
    }

    /**
     * @throws IOException          when the executable cannot be started (not installed, not on the path)
     * @throws InterruptedException when the thread is interrupted; the command is killed first
     */
    Result run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(new ArrayList<>(command)).directory(workDir.toFile())
                .redirectErrorStream(true).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> {
            try (InputStream in = process.getInputStream()) {
                in.transferTo(out);
            } catch (IOException e) {
                // the stream closes when the process is killed
            }
        }, "sky-cli-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                reader.join(2000);
                return new Result(124, out.toString(StandardCharsets.UTF_8) + "\n(" + String.join(" ", command)
                        + " did not answer within " + timeout.toSeconds() + " s)");
            }
        } catch (InterruptedException e) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
        reader.join(5000);
        return new Result(process.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
