package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.cli.GenaimonCommand;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.processors.EventTimeTooFarInFutureException;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.FeatureDrift;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.json.AvroJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 2 of the drift stage on the embedded broker, end to end through enrich (features computed from the real
 * texts) and drift: a production baseline built with {@code genaimon baseline build} from gpt-4-0613's 500 Arena-Hard
 * answers; then 20 one-minute windows of unchanged traffic (100 answers each, resampled from the same model: the
 * false-alarm control), then the deployment starts serving gpt-4-0314 (250 answers per window). The first window
 * after the change must flag the model and the longer answers; the control windows must raise no
 * {@code drift.*.detected} signal. Event time only: all 2,500 interactions carry explicit timestamps of a half hour
 * three hours ago, so the test takes seconds, not half an hour. It also sends an interaction whose event time is 3 h ahead
 * (its record time is now, so the broker takes it): before the event-time guard, drift wrote that time to its
 * repartition topic, the broker rejected it and the stream thread died; now it is a dead letter and the stage runs on.
 * Skipped with a message when ../shared/corpora is not mounted.
 */
@ExtendWith(SharedKafka.class)
class DriftScenarioIT {

    private static final String CORPUS = "corpora/production_traffic/arena_hard_v01_model_answers.jsonl";
    private static final String TENANT = "it-drift-scenario";
    private static final String SEGMENT = TENANT + "/bot/chat/-";
    private static final Duration WINDOW = Duration.ofMinutes(1);
    private static final Duration GRACE = Duration.ofMinutes(5);
    private static final int CONTROL_WINDOWS = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path corpus() {
        for (String root : List.of("../shared", "../../shared", "/work/shared")) {
            Path p = Path.of(root, CORPUS);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    @Test
    void shouldFlagAModelSwapInTheFirstWindowAndStayQuietOverTwentyUnchangedWindows() throws Exception {
        Path file = corpus();
        Assumptions.assumeTrue(file != null, "skipped: ../shared/" + CORPUS + " not found (shared corpora not mounted)");
        Map<String, List<JsonNode>> byModel = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            JsonNode answer = JSON.readTree(line);
            byModel.computeIfAbsent(answer.get("model").asText(), m -> new ArrayList<>()).add(answer);
        }
        List<JsonNode> before = byModel.get("gpt-4-0613");
        List<JsonNode> after = new ArrayList<>(byModel.get("gpt-4-0314"));
        assertThat(before).hasSize(500);
        assertThat(after).hasSize(500);

        GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(),
                Map.of(ConfigKeys.BOOTSTRAP_SERVERS.name(), SharedKafka.bootstrapServers()));
        try (TopicAdmin admin = new TopicAdmin(new KafkaConnection(SharedKafka.bootstrapServers(), config), (short) 1)) {
            admin.createMissing(Duration.ofSeconds(30));
        }
        // the baseline: the first model's answers in the ingest shape, profiled by the CLI exactly as enrich would
        Path baselineFile = Files.createTempFile("drift-scenario-baseline", ".jsonl");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < before.size(); i++) {
            lines.add(JSON.writeValueAsString(item(before.get(i), "baseline-" + i, Instant.now())));
        }
        Files.write(baselineFile, lines);
        String built = run("baseline", "build", "--bootstrap-servers=" + SharedKafka.bootstrapServers(),
                "--name", "it scenario gpt-4-0613", "--kind", "production", "--segment", TENANT + "/*/*/*",
                "--from", baselineFile.toString());
        assertThat(built).contains("published baseline it-scenario-gpt-4-0613");

        Map<String, String> settings = new HashMap<>();
        settings.put(ConfigKeys.DRIFT_WINDOW.name(), "1m");
        settings.put(ConfigKeys.DRIFT_GRACE.name(), "5m");
        for (var off : List.of(ConfigKeys.OPS_ENABLED, ConfigKeys.ALERTING_ENABLED, ConfigKeys.NOTIFY_ENABLED,
                ConfigKeys.EVAL_ENABLED, ConfigKeys.EVAL_WORKER_ENABLED, ConfigKeys.VIEW_ENABLED,
                ConfigKeys.DASHBOARD_ENABLED)) {
            settings.put(off.name(), "false");
        }
        try (GenaimonRuntime runtime = ItRuntime.start("drift-scenario", settings)) {
            // windows 3 h in the past: the stage (reading from the end) sees only them, and they never move the stream
            // time of other tests' stages that read the shared topic from the start (DriftRestartIT's window lies
            // 10-20 min ahead and would be closed early by records up to 30 min ahead)
            Instant base = Instant.ofEpochMilli((System.currentTimeMillis() / 60_000 - 180) * 60_000);
            Random random = new Random(5);
            Collections.shuffle(after, random);
            List<Timed> traffic = new ArrayList<>();
            for (int w = 0; w < CONTROL_WINDOWS; w++) {
                for (int i = 0; i < 100; i++) {
                    traffic.add(new Timed(before.get(random.nextInt(before.size())), windowStart(base, w), i, 100));
                }
            }
            for (int w = 0; w < 2; w++) {
                for (int i = 0; i < 250; i++) {
                    traffic.add(new Timed(after.get(w * 250 + i), windowStart(base, CONTROL_WINDOWS + w), i, 250));
                }
            }
            try (KafkaProducer<String, Interaction> producer = new KafkaProducer<>(runtime.kafka().clientProperties(
                    Map.of("acks", "all")), new StringSerializer(),
                    runtime.kafka().topics().interactionsRaw().value().serializer())) {
                String topic = runtime.kafka().topics().interactionsRaw().name();
                int n = 0;
                for (Timed t : traffic) {
                    String id = TENANT + "-" + n++;
                    producer.send(new ProducerRecord<>(topic, null, t.at().toEpochMilli(), id,
                            interaction(item(t.answer(), id, t.at()))));
                }
                // a client clock 3 h ahead; the record time is now, so only the event time is wrong
                Instant future = Instant.now().plus(Duration.ofHours(3));
                producer.send(new ProducerRecord<>(topic, TENANT + "-future",
                        interaction(item(before.get(0), TENANT + "-future", future))));
                // closes every window up to the last changed one (window + grace later), in the segment's partition
                Instant tick = windowStart(base, CONTROL_WINDOWS + 2).plus(GRACE).plus(WINDOW);
                producer.send(new ProducerRecord<>(topic, null, tick.toEpochMilli(), TENANT + "-tick",
                        interaction(item(before.get(1), TENANT + "-tick", tick))));
                producer.flush();
            }

            List<DriftReport> reports = new ArrayList<>();
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                reports.clear();
                ItRuntime.committedValues(runtime, runtime.kafka().topics().driftReports()).stream()
                        .filter(r -> r.getSegment().getId().equals(SEGMENT)).forEach(reports::add);
                return reports.size() >= CONTROL_WINDOWS + 2;
            });
            reports.sort(java.util.Comparator.comparing(DriftReport::getWindowStart));
            assertThat(reports).extracting(DriftReport::getWindowStart).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, CONTROL_WINDOWS + 2).mapToObj(w -> windowStart(base, w)).toList());
            assertThat(reports).allSatisfy(r -> assertThat(r.getBaselineId()).isEqualTo("it-scenario-gpt-4-0613"));

            List<Signal> signals = ItRuntime.committedValues(runtime, runtime.kafka().topics().signals()).stream()
                    .filter(s -> s.getSegment().getId().equals(SEGMENT) && s.getName().startsWith("drift.")).toList();
            Instant changed = windowStart(base, CONTROL_WINDOWS);
            List<Signal> controlDetected = signals.stream().filter(s -> s.getName().endsWith(".detected")
                    && s.getWindowStart().isBefore(changed)).toList();
            long controlVerdicts = reports.subList(0, CONTROL_WINDOWS).stream()
                    .flatMap(r -> r.getFeatures().stream()).filter(f -> f.getVerdict().equals("drift")).count();
            System.out.printf("drift scenario: control %d windows x %d features, %d single-window drift verdicts, "
                            + "%d of %d detected signals = 1%n", CONTROL_WINDOWS,
                    reports.get(0).getFeatures().size(), controlVerdicts,
                    controlDetected.stream().filter(s -> s.getValue() == 1.0).count(), controlDetected.size());
            assertThat(controlDetected).isNotEmpty().allSatisfy(s -> assertThat(s.getValue())
                    .as("control signal %s in window %s", s.getName(), s.getWindowStart()).isZero());

            DriftReport first = reports.get(CONTROL_WINDOWS);
            Map<String, String> verdicts = first.getFeatures().stream()
                    .collect(Collectors.toMap(FeatureDrift::getName, FeatureDrift::getVerdict, (a, b) -> a, TreeMap::new));
            System.out.println("drift scenario: first window after gpt-4-0613 -> gpt-4-0314: " + verdicts);
            first.getFeatures().stream().filter(f -> f.getVerdict().equals("drift")).forEach(f ->
                    System.out.println("  " + f.getName() + " " + f.getStatistics()));
            assertThat(verdicts).containsEntry("model", "drift").containsEntry("response_chars", "drift")
                    .containsEntry("output_tokens", "drift").containsEntry("prompt_chars", "no_drift");
            // the second changed window makes it a signal (drift.consecutive-windows = 2)
            Instant second = windowStart(base, CONTROL_WINDOWS + 1);
            assertThat(signals).filteredOn(s -> s.getWindowStart().equals(second) && s.getValue() == 1.0
                    && s.getName().endsWith(".detected")).extracting(Signal::getName)
                    .contains("drift.model.detected", "drift.response_chars.detected");

            // the interaction 3 h ahead is a dead letter, and the drift stage is still running
            List<DeadLetter> dead = ItRuntime.committedValues(runtime, deadLetters(runtime));
            assertThat(dead).filteredOn(d -> d.getStage().equals("drift")
                            && d.getReason().equals(EventTimeTooFarInFutureException.REASON))
                    .isNotEmpty();
            assertThat(runtime.stage("drift").notRunningReason()).isNull();
        }
    }

    private static dev.genaimon.schemas.topics.TopicSpec<String, DeadLetter> deadLetters(GenaimonRuntime runtime) {
        return runtime.kafka().topics().dlq();
    }

    private record Timed(JsonNode answer, Instant windowStart, int index, int perWindow) {
        Instant at() {
            return windowStart.plusMillis(index * WINDOW.toMillis() / perWindow);
        }
    }

    private static Instant windowStart(Instant base, int window) {
        return base.plus(WINDOW.multipliedBy(window));
    }

    /** One Arena-Hard answer in the ingest shape; the deployment stays "chat" whichever model answers. */
    private static ObjectNode item(JsonNode answer, String id, Instant at) {
        ObjectNode item = JSON.createObjectNode().put("interactionId", id).put("timestamp", at.toString())
                .put("tenant", TENANT).put("app", "bot").put("operation", "chat");
        item.putObject("model").put("provider", "openai").put("model", answer.get("model").asText())
                .put("deployment", "chat");
        item.putArray("messages").addObject().put("role", "user").put("content", answer.get("prompt").asText());
        item.put("response", answer.get("response").asText()).put("finishReason", "stop");
        return item;
    }

    private static Interaction interaction(ObjectNode item) {
        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(item, Interaction.class, Integer.MAX_VALUE);
        assertThat(parsed.valid()).as("%s", parsed.errors()).isTrue();
        return parsed.record();
    }

    private static String run(String... args) throws IOException {
        java.io.PrintStream original = System.out;
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int exit = GenaimonCommand.commandLine().execute(args);
            assertThat(exit).as("exit code of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
}
