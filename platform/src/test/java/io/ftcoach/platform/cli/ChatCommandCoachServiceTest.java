package io.ftcoach.platform.cli;

import io.ftcoach.coach.CoachServiceApplication;
import io.ftcoach.infra.testing.RunningService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code ftcoach chat} against the real coach-service, so the terminal and the chat contract cannot drift apart. */
class ChatCommandCoachServiceTest {

    @RegisterExtension
    static final RunningService coach = new RunningService(CoachServiceApplication::builder);

    @Test
    void aNumberPicksTheOptionTheRealCoachOffered() {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ChatCommand command = new ChatCommand();
        command.in = new ByteArrayInputStream("/deploy news-ner\n2\n/quit\n".getBytes(StandardCharsets.UTF_8));
        command.out = new PrintStream(printed, true, StandardCharsets.UTF_8);
        command.environment = Map.of();

        int exit = new CommandLine(command).execute("--url", coach.baseUrl(), "--no-events");

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(output).isZero();
        assertThat(output).startsWith("Connected to " + coach.baseUrl() + "/ (session ");
        assertThat(output).contains("  1) huggingface\n  2) ollama\n  3) vllm\n  e.g. ollama\n");
        // "2" was sent as "ollama": the target is known, so the coach does not ask for it again
        String afterPick = output.substring(output.indexOf("  e.g. ollama\n") + "  e.g. ollama\n".length());
        assertThat(afterPick).startsWith("coach> ").contains("ollama").doesNotContain("1) huggingface")
                .doesNotContain("! ").endsWith("Bye.\n");
    }
}
