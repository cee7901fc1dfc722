package dev.genaimon.app;

import dev.genaimon.app.cli.GenaimonCommand;
import picocli.CommandLine;

/** Entry point of the {@code genaimon} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        // DJL (the bundled embedding model's runtime) must never try to download anything
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.exit(GenaimonCommand.commandLine().execute(args));
    }
}
