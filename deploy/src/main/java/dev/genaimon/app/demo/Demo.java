package dev.genaimon.app.demo;

import dev.genaimon.app.baseline.BaselineTopic;
import dev.genaimon.app.config.ConfigKey;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.GenaimonRuntime;
import dev.genaimon.client.GenaimonClient;
import dev.genaimon.processors.enrich.EnrichSettings;
import dev.genaimon.processors.enrich.InteractionAnalyzer;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * {@code genaimon demo}: starts genaimon (embedded broker unless a cluster is configured), publishes a baseline of
 * normal traffic per segment, replays the {@link DemoScenario}'s traffic through the ingest API with the Java client,
 * shows what the pipeline concludes while it happens, and ends with a recap of every incident.
 */
public final class Demo {

    /**
     * @param duration how long the traffic runs (then the demo stops by itself)
     * @param speed    time compression: 3 runs the three-minute scenario in one minute (windows shrink alike)
     * @param ansi     redraw a live screen with ANSI codes; false prints plain lines (logs, pipes)
     */
    public record Options(Duration duration, double speed, long seed, boolean ansi, Duration refresh) {
    }

    /** The outcome: the recap rows and everything the watcher saw. */
    record Result(int exitCode, List<DemoRecap.Row> recap, DemoWatcher.View view, Instant start) {
    }

    /** Name of the alert-rules key the alerting stage reads (set only when this build has it). */
    static final String RULES_FILE_KEY = "alerting.rules-file";
    static final String RULES_RESOURCE = "/demo/demo-rules.yaml";

    private Demo() {
    }

    /**
     * The demo's configuration, at a speed: short windows so incidents fire and resolve within minutes, segments of
     * tenant / app / model deployment (a prompt rollout stays in its segment, so drift compares it with the same
     * baseline), its own Streams application ids. Keys this build does not know are left out (see
     * {@link #applicable}); the demo command applies a key only when the user did not set it.
     */
    static Map<String, String> configDefaults(double speed, Path rulesFile) {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put(ConfigKeys.SEGMENT_DIMENSIONS.name(), "tenant,app,model");
        defaults.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), "genaimon-demo");
        // a data directory that genaimon run used holds older traffic: the demo's stages start at the end of it
        defaults.put(ConfigKeys.AUTO_OFFSET_RESET.name(), "latest");
        defaults.put(ConfigKeys.BROKER_PORT.name(), "0");
        defaults.put(ConfigKeys.TOPIC_PARTITIONS.name(), "3");
        defaults.put(ConfigKeys.STREAM_THREADS.name(), "1");
        defaults.put(ConfigKeys.SIGNAL_WINDOW.name(), millis(10_000 / speed));
        defaults.put(ConfigKeys.SIGNAL_GRACE.name(), millis(Math.max(1_000, 2_000 / speed)));
        defaults.put(ConfigKeys.OPS_WINDOW.name(), millis(10_000 / speed));
        defaults.put(ConfigKeys.OPS_GRACE.name(), millis(Math.max(1_000, 2_000 / speed)));
        defaults.put(ConfigKeys.DRIFT_WINDOW.name(), millis(20_000 / speed));
        defaults.put(ConfigKeys.DRIFT_GRACE.name(), millis(Math.max(1_000, 2_000 / speed)));
        defaults.put(ConfigKeys.DRIFT_TRAILING.name(), "3");
        defaults.put(ConfigKeys.DRIFT_CONSECUTIVE.name(), "1");
        // the demo's templated texts and 20 s windows make a poor embedding sample; the demo shows its five scripted incidents
        defaults.put(ConfigKeys.DRIFT_EMBEDDING_ENABLED.name(), "false");
        // keys of the alerting and evaluation stages (applied when the build has them): the demo's rules; the docs
        // assistants' answers evaluated for groundedness (most of them, in short windows; no other app: the support
        // bots and agents answer without retrieval context, so groundedness says nothing about them), with a grace
        // that leaves the worker time to catch up
        defaults.put(RULES_FILE_KEY, rulesFile.toAbsolutePath().toString());
        defaults.put("eval.sampler.rate", "0");
        defaults.put("eval.sampler.overrides", "*/docs-assistant/*=0.8:6000");
        defaults.put("eval.evaluators", "groundedness");
        defaults.put("eval.window", millis(10_000 / speed));
        defaults.put("eval.grace", "10s");
        return defaults;
    }

    /** The keys of {@code defaults} this build knows, not set by the user (their source in {@code base} is default). */
    static Map<String, String> applicable(Map<String, String> defaults, GenaimonConfig base) {
        Map<String, String> apply = new LinkedHashMap<>();
        defaults.forEach((name, value) -> {
            ConfigKey<?> key = ConfigKeys.ALL.stream().filter(k -> k.name().equals(name)).findFirst().orElse(null);
            if (key != null && "default".equals(base.source(key))) {
                apply.put(name, value);
            }
        });
        return apply;
    }

    /** The demo's configuration defaults that apply: known to this build and not set by the user. */
    public static Map<String, String> demoOverrides(double speed, Path rulesFile, GenaimonConfig base) {
        return applicable(configDefaults(speed, rulesFile), base);
    }

    /** Copies the demo's alert rules next to the data, where the alerting stage can read them as a file. */
    public static Path writeRules(Path dataDir) throws IOException {
        Path file = dataDir.resolve("demo-rules.yaml");
        Files.createDirectories(dataDir);
        try (InputStream in = Demo.class.getResourceAsStream(RULES_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RULES_RESOURCE + " is missing from the jar");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    /**
     * Runs the demo and prints it.
     *
     * @param stopRequested polled while the traffic runs: true ends it early (Ctrl-C), with the recap and a clean stop
     * @return 0 when every incident fired an alert that resolved, else 1
     */
    public static int run(GenaimonConfig config, Options options, Clock clock, PrintStream out,
                          BooleanSupplier stopRequested) throws Exception {
        return execute(config, options, clock, out, stopRequested).exitCode();
    }

    static Result execute(GenaimonConfig config, Options options, Clock clock, PrintStream out,
                          BooleanSupplier stopRequested) throws Exception {
        DemoScenario scenario = DemoScenario.standard(options.speed());
        DemoTemplates templates = DemoTemplates.load();
        out.println("genaimon demo: starting genaimon" + (config.embeddedBroker() ? " with an embedded Kafka broker"
                : " on " + config.get(ConfigKeys.BOOTSTRAP_SERVERS)) + " ...");
        try (GenaimonRuntime runtime = GenaimonRuntime.start(config, clock)) {
            awaitStages(runtime, clock, Duration.ofSeconds(120));
            InteractionAnalyzer analyzer = InteractionAnalyzer.create(EnrichSettings.defaults(), Segments.defaults());
            BaselineTopic baselineTopic = new BaselineTopic(runtime.kafka());
            for (BaselineProfile baseline : DemoBaselines.build(scenario, templates, analyzer, options.seed(),
                    clock.instant())) {
                baselineTopic.publish(baseline);
            }
            Instant start = clock.instant();
            DemoScreen screen = new DemoScreen(scenario, start, options.ansi());
            String dashboard = "http://127.0.0.1:" + runtime.httpPort() + "/";
            out.print(screen.banner(dashboard, runtime.kafka().bootstrapServers()
                    + (runtime.broker() != null ? " (embedded, data in "
                    + runtime.broker().dataDir().toAbsolutePath() + ")" : ""), options.duration()));
            try (DemoWatcher watcher = new DemoWatcher(runtime.kafka().clientProperties(Map.of()),
                    runtime.kafka().topics(), start.minusSeconds(30))) {
                GenaimonClient client = GenaimonClient.builder(URI.create("http://127.0.0.1:" + runtime.httpPort()))
                        .linger(Duration.ofMillis(100)).queueCapacity(100_000).build();
                DemoDriver driver = new DemoDriver(scenario, new DemoTraffic(templates, options.seed(),
                        "demo-" + start.getEpochSecond()), new DemoDriver.Sink() {
                            @Override
                            public void interaction(Map<String, Object> interaction) {
                                client.record(interaction);
                            }

                            @Override
                            public void feedback(Map<String, Object> feedback) {
                                client.feedback(feedback);
                            }
                        }, start);
                try {
                    drive(driver, watcher, screen, runtime, client, options, clock, out, stopRequested);
                } finally {
                    client.close();
                }
                DemoWatcher.View view = watcher.view();
                List<DemoRecap.Row> recap = DemoRecap.of(scenario, view, start);
                out.print(screen.recap(recap, view.triggers().size()));
                out.println("dashboard was at " + dashboard + "; the alerts stay on genaimon.alerts.v1:");
                out.println("  ./genaimon tail genaimon.alerts.v1 --from-beginning"
                        + (config.source(ConfigKeys.DATA_DIR).equals("default") ? ""
                        : " --data-dir " + config.get(ConfigKeys.DATA_DIR)));
                return new Result(DemoRecap.exitCode(recap), recap, view, start);
            }
        }
    }

    private static void drive(DemoDriver driver, DemoWatcher watcher, DemoScreen screen, GenaimonRuntime runtime,
                              GenaimonClient client, Options options, Clock clock, PrintStream out,
                              BooleanSupplier stopRequested) throws InterruptedException {
        Instant start = driver.start();
        Instant end = start.plus(options.duration());
        Instant nextFrame = start;
        long sentAtLastFrame = 0;
        Instant lastFrame = start;
        int alertsShown = 0;
        int triggersShown = 0;
        for (Instant now = clock.instant(); now.isBefore(end) && !stopRequested.getAsBoolean();
                now = clock.instant()) {
            driver.step(now);
            if (!now.isBefore(nextFrame)) {
                DemoWatcher.View view = watcher.view();
                double seconds = Math.max(0.001, Duration.between(lastFrame, now).toMillis() / 1000.0);
                DemoScreen.Frame frame = new DemoScreen.Frame(Duration.between(start, now), options.duration(),
                        (driver.interactionsSent() - sentAtLastFrame) / seconds, driver.interactionsSent(),
                        driver.feedbackSent(), client.stats().dropped(), runtime.stagesNotRunning(), view);
                if (options.ansi()) {
                    out.print(screen.render(frame));
                } else {
                    for (AlertEvent alert : view.alerts().subList(alertsShown, view.alerts().size())) {
                        out.println(screen.event(alert));
                    }
                    for (RetrainingTrigger trigger : view.triggers().subList(triggersShown, view.triggers().size())) {
                        out.println(screen.event(trigger));
                    }
                    out.println(screen.line(frame));
                }
                out.flush();
                alertsShown = view.alerts().size();
                triggersShown = view.triggers().size();
                sentAtLastFrame = driver.interactionsSent();
                lastFrame = now;
                nextFrame = now.plus(options.refresh());
            }
            Thread.sleep(200); // the traffic's own pace: a step sends what the segments produced since the last one
        }
    }

    private static void awaitStages(GenaimonRuntime runtime, Clock clock, Duration timeout)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        while (!runtime.stagesNotRunning().isEmpty()) {
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException("stages did not start within " + timeout + ": "
                        + runtime.stagesNotRunning());
            }
            Thread.sleep(250);
        }
    }

    private static String millis(double millis) {
        return Math.round(millis) + "ms";
    }
}
