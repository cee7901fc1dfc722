package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The top-level {@code genaimon} command; each capability is a subcommand. */
@Command(name = "genaimon", mixinStandardHelpOptions = true, versionProvider = GenaimonCommand.Version.class,
        description = "Kafka-native monitoring for generative-AI applications in production.",
        subcommands = {DemoCommand.class, RunCommand.class, BrokerCommand.class, TopicsCommand.class, TailCommand.class,
                DriftCommand.class, SafetyCommand.class, BaselineCommand.class, EvalCommand.class,
                EvalWorkerCommand.class, BenchCommand.class, ApiKeyCommand.class, ConfigCommand.class,
                CommandLine.HelpCommand.class})
public final class GenaimonCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** A command line with genaimon's error handling: configuration problems exit with 2 and a clear message. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new GenaimonCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                commandLine.getErr().println(e.getMessage());
                return 2;
            }
            if (e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            commandLine.getErr().println("error: " + e);
            return 1;
        });
        return cli;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = GenaimonCommand.class.getPackage().getImplementationVersion();
            return new String[] {"genaimon " + (version == null ? "development build" : version)};
        }
    }
}
