package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigKey;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.GenaimonRuntime;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run genaimon: all components in one process.",
                "Without kafka.bootstrap-servers a real single-node Kafka broker runs embedded on 127.0.0.1,"
                        + " with its data under --data-dir."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; ingest.port).")
    Integer port;

    @Option(names = "--components", split = ",", paramLabel = "NAME",
            description = {"Start only these components, e.g. ingest or enrich,drift,ops: sets <name>.enabled to true"
                    + " for them and to false for every other component (default: the configuration decides)."})
    List<String> components;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            overrides.put(ConfigKeys.INGEST_PORT.name(), port.toString());
        }
        if (components != null) {
            try {
                overrides.putAll(componentOverrides(components));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        GenaimonConfig config = options.load(overrides);
        GenaimonRuntime runtime = GenaimonRuntime.start(config, Clock.systemUTC());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runtime.close();
            stopped.countDown();
        }, "genaimon-shutdown"));
        System.out.printf("genaimon is running%n"
                        + "  ingest   POST http://127.0.0.1:%d/v1/interactions%n"
                        + "  health   http://127.0.0.1:%d/healthz  http://127.0.0.1:%d/readyz%n"
                        + "  metrics  http://127.0.0.1:%d/metrics%n"
                        + "  kafka    %s%s%n"
                        + "Press Ctrl-C to stop.%n",
                runtime.httpPort(), runtime.httpPort(), runtime.httpPort(), runtime.httpPort(),
                runtime.kafka().bootstrapServers(), runtime.broker() != null
                        ? " (embedded, data in " + runtime.broker().dataDir().toAbsolutePath() + ")" : "");
        stopped.await();
        return 0;
    }

    /** A component is anything with a top-level {@code <name>.enabled} key (enrich, drift, ops, ingest, ...). */
    static Map<String, String> componentOverrides(List<String> wanted) {
        Set<String> known = ConfigKeys.ALL.stream().map(ConfigKey::name).filter(n -> n.matches("[a-z-]+\\.enabled"))
                .map(n -> n.substring(0, n.indexOf('.'))).collect(Collectors.toCollection(TreeSet::new));
        for (String name : wanted) {
            if (!known.contains(name)) {
                throw new IllegalArgumentException("Unknown component '" + name + "' for --components; known: "
                        + String.join(", ", known));
            }
        }
        Map<String, String> overrides = new HashMap<>();
        known.forEach(name -> overrides.put(name + ".enabled", String.valueOf(wanted.contains(name))));
        return overrides;
    }
}
