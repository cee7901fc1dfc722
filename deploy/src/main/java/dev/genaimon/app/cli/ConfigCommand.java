package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigKey;
import dev.genaimon.app.config.ConfigKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Validate and print the effective configuration (each value with its source), or --keys for "
                + "the reference of every key.")
final class ConfigCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--keys", description = "Print every key with its default, environment variable and meaning.")
    boolean keys;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        java.io.PrintWriter out = spec.commandLine().getOut();
        if (keys) {
            out.println("| key | default | environment | meaning |");
            out.println("|---|---|---|---|");
            for (ConfigKey<?> key : ConfigKeys.ALL) {
                out.printf("| `%s` | `%s` | `%s` | %s |%n", key.name(), key.defaultValue(),
                        key.environmentVariable(), key.description());
            }
            out.flush();
            return 0;
        }
        out.print(options.load().describe());
        out.flush();
        return 0;
    }
}
