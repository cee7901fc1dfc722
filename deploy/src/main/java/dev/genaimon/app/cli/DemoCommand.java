package dev.genaimon.app.cli;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.Durations;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.demo.Demo;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start genaimon, replay realistic traffic of a few tenants, apps and models, inject incidents "
                + "(prompt-attack surge, PII in responses, prompt rollout with drift, latency/throttling spike, cost "
                + "burn) and show the alerts fire and resolve.",
                "Exit code 0 when every incident fired an alert that resolved, else 1."})
final class DemoCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions options;

    @Option(names = "--duration", paramLabel = "DURATION",
            description = "How long to run, e.g. 180s (default: the whole scenario, 3 minutes at speed 1).")
    String duration;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "1",
            description = "Compress the scenario X times (windows shrink alike), e.g. 3 for a one-minute demo.")
    double speed;

    @Option(names = "--port", paramLabel = "N",
            description = "HTTP port of the API and dashboard (default 8080, or any free port when 8080 is taken).")
    Integer port;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Seed of the generated traffic.")
    long seed;

    @Option(names = "--plain", description = "Plain lines instead of a live screen (automatic when not a terminal).")
    boolean plain;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > 100) {
            throw new IllegalArgumentException("--speed must be in (0, 100], got " + speed);
        }
        Duration total = duration == null ? Duration.ofMillis(Math.round(180_000 / speed)) : Durations.parse(duration);
        if (total.isNegative() || total.isZero()) {
            throw new IllegalArgumentException("--duration must be positive");
        }
        Map<String, String> flags = new HashMap<>();
        if (port != null) {
            flags.put(ConfigKeys.INGEST_PORT.name(), port.toString());
        }
        GenaimonConfig base = options.load(flags);
        if (port == null && "default".equals(base.source(ConfigKeys.INGEST_PORT))
                && !free(base.get(ConfigKeys.INGEST_PORT))) {
            flags.put(ConfigKeys.INGEST_PORT.name(), "0");
        }
        Path rules = Demo.writeRules(Path.of(base.get(ConfigKeys.DATA_DIR)));
        Map<String, String> overrides = new HashMap<>(Demo.demoOverrides(speed, rules, base));
        overrides.putAll(flags);
        GenaimonConfig config = options.load(overrides);
        boolean ansi = !plain && System.console() != null;
        // Ctrl-C ends the traffic early: the recap is printed and the broker stops cleanly before the JVM exits
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.set(true);
            try {
                finished.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "genaimon-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return Demo.run(config, new Demo.Options(total, speed, seed, ansi, Duration.ofSeconds(5)),
                    Clock.systemUTC(), System.out, stop::get);
        } finally {
            finished.countDown();
        }
    }

    private static boolean free(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
