package dev.genaimon.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.schemas.avro.Signal;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The demo, three times faster (the scenario in one minute, 20 s more to resolve), on the embedded broker: every incident moves its signals on its own
 * segment, the control segment stays quiet, and — when this build has the alerting stage — every incident fires an
 * alert that resolves, and a retraining trigger is published.
 */
@ExtendWith(SharedKafka.class)
class DemoIT {

    private static final double SPEED = 3;

    @Test
    void everyIncidentMovesItsSignalsOnItsSegmentAndTheControlStaysQuiet() throws Exception {
        Path dataDir = Files.createTempDirectory("genaimon-it-demo");
        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), SharedKafka.bootstrapServers());
        settings.put(ConfigKeys.INGEST_PORT.name(), "0");
        settings.put(ConfigKeys.DATA_DIR.name(), dataDir.toString());
        settings.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), "it-demo");
        // the shared topics hold other tests' records: start at their end
        settings.put(ConfigKeys.AUTO_OFFSET_RESET.name(), "latest");
        GenaimonConfig base = GenaimonConfig.load(null, Map.of(), new Properties(), settings);
        Map<String, String> overrides = new HashMap<>(Demo.demoOverrides(SPEED, Demo.writeRules(dataDir), base));
        overrides.putAll(settings);
        GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
        assertThat(config.get(ConfigKeys.OPS_WINDOW)).isEqualTo(Duration.ofMillis(3_333));
        assertThat(config.get(ConfigKeys.SEGMENT_DIMENSIONS)).containsExactly("tenant", "app", "model");

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Demo.Result result;
        try (PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8)) {
            result = Demo.execute(config, new Demo.Options(Duration.ofSeconds(80), SPEED, 42, false,
                    Duration.ofSeconds(5)), Clock.systemUTC(), out, () -> false);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        System.out.println(output);

        List<Signal> signals = result.view().signals();
        DemoScenario scenario = DemoScenario.standard(SPEED);
        printTimeline(signals, result);
        for (DemoSegment segment : scenario.segments()) {
            assertThat(signals).as("ops.request_count of %s", segment.id()).anyMatch(s ->
                    s.getSegment().getId().equals(segment.id()) && s.getName().equals("ops.request_count"));
        }
        for (DemoRecap.Row row : result.recap()) {
            assertThat(row.signalMoved()).as("%s on %s: %s", row.incident().kind(), row.incident().segment().id(),
                    row.signalSummary()).isTrue();
        }
        String control = DemoScenario.INITECH_DOCS.id();
        for (String name : List.of("safety.injection.rate", "safety.pii_in_response.rate", "ops.throttle_rate")) {
            assertThat(signals.stream().filter(s -> s.getSegment().getId().equals(control)
                    && s.getName().equals(name)).mapToDouble(Signal::getValue)).as("%s of the control", name)
                    .isNotEmpty().allMatch(v -> v == 0);
        }
        assertThat(output).contains("recap", "prompt-attack surge", "http://127.0.0.1:");

        if (alertingStageInBuild()) {
            assertThat(result.recap()).as("every incident fired an alert that resolved")
                    .allMatch(DemoRecap.Row::firedAndResolved);
            assertThat(result.exitCode()).isZero();
            assertThat(result.view().triggers()).as("retraining triggers").isNotEmpty();
        } else {
            System.out.println("DemoIT: no alerting stage in this build; alerts and triggers not checked");
            assertThat(result.exitCode()).as("no alert can fire without the alerting stage").isEqualTo(1);
        }
    }

    /** What the demo's headline signals did, window by window, for whoever reads the test's output. */
    private static void printTimeline(List<Signal> signals, Demo.Result result) {
        java.time.Instant start = result.start();
        for (String name : List.of("safety.injection.rate", "safety.pii_in_response.rate", "ops.throttle_rate",
                "ops.latency.p95_ms", "cost.usd", "drift.prompt_chars.detected", "eval.groundedness.pass_rate")) {
            StringBuilder line = new StringBuilder(name).append(':');
            signals.stream().filter(s -> s.getName().equals(name))
                    .sorted(java.util.Comparator.comparing(Signal::getWindowStart))
                    .forEach(s -> line.append(String.format(java.util.Locale.ROOT, " %s@%.1fs=%s(n=%d)",
                            s.getSegment().getLabels().get("app") + "/" + s.getSegment().getLabels().get("tenant"),
                            Duration.between(start, s.getWindowStart()).toMillis() / 1000.0,
                            DemoRecap.number(s.getValue()), s.getSampleCount())));
            System.out.println(line);
        }
        signals.stream().filter(s -> s.getName().startsWith("drift.") && s.getName().endsWith(".detected")
                        && s.getValue() >= 1)
                .forEach(s -> System.out.printf("drift detected: %s %s at %.1fs%n", s.getSegment().getId(),
                        s.getName(), Duration.between(start, s.getWindowStart()).toMillis() / 1000.0));
    }

    /** The alerting stage (issue 7) lands in parallel; its assertions run as soon as it is on the classpath. */
    private static boolean alertingStageInBuild() {
        try {
            Class.forName("dev.genaimon.alerting.state.AlertTopology");
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

}
