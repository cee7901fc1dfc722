package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.GenaimonRuntime;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run genaimon: all components in one process.",
                "Without kafka.bootstrap-servers a real single-node Kafka broker runs embedded on 127.0.0.1,"
                        + " with its data under --data-dir."})
final class RunCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--port", paramLabel = "N", description = "HTTP port (default 8080; ingest.port).")
    Integer port;

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new HashMap<>();
        if (port != null) {
            overrides.put(ConfigKeys.INGEST_PORT.name(), port.toString());
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
}
