package io.ftcoach.platform.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ftcoach} command line. */
@Command(name = "ftcoach", mixinStandardHelpOptions = true, version = "ftcoach 0.1.0",
        description = "Fine-tune Coach: from \"I want to train a model\" to a deployed, fully traced model.",
        subcommands = {UpCommand.class, StatusCommand.class, DemoCommand.class, ChatCommand.class, OpsCommand.class})
public final class Ftcoach implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        int exit = new CommandLine(new Ftcoach()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
