package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genaimon.alerting.retrain.RetrainTriggers;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two genaimon instances (one JVM, one consumer group per stage, own data directories, only the alerting stage)
 * share the retraining-trigger tasks; one is closed mid-stream (its tasks and the {@code retrain-causes} store move
 * to the other) and restarted on its old data directory (they move back). Across both rebalances: exactly one
 * {@code RetrainingTrigger} per (deployment, cause), none missing, evidence filled — hysteresis (a new segment of a
 * cause already triggered) and cooldown (resolve and fire again) decided from the moved store.
 */
@ExtendWith(SharedKafka.class)
class RetrainRebalanceIT {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<String> SIGNALS = List.of("it.rebalance.a", "it.rebalance.b");
    private static final Map<String, String> CAUSES = Map.of("it.rebalance.a", "ItRebalanceA/it.rebalance.a",
            "it.rebalance.b", "ItRebalanceB/it.rebalance.b");
    private static final String RULES = """
            rules:
              - name: ItRebalanceA
                signal: it.rebalance.a
                match: {tenant: it-rebalance}
                condition: "== 1"
                for: 1
                severity: warning
                retrain: true
                retrain_cooldown: 24h
                annotations: {summary: "{{ signal }} in {{ segment }}"}
              - name: ItRebalanceB
                signal: it.rebalance.b
                match: {tenant: it-rebalance}
                condition: "== 1"
                for: 1
                severity: warning
                retrain: true
                retrain_cooldown: 24h
                annotations: {summary: "{{ signal }} in {{ segment }}"}
            """;
    /** Deployments firing while both instances run; d6 first fires after the close, d7 after the restart. */
    private static final int FIRST = 6;

    private final String run = "rb" + UUID.randomUUID().toString().substring(0, 8);
    /** The window in which each deployment first fired (its trigger's window). */
    private final Map<String, Integer> firstWindow = new HashMap<>();
    private String signalsTopic;

    @TempDir
    Path dir;

    @Test
    void shouldTriggerOncePerCauseAcrossARebalanceAndBack() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        Map<String, String> common = new HashMap<>(Map.of(ConfigKeys.ALERTING_RULES_FILE.name(), rules.toString(),
                ConfigKeys.APPLICATION_ID_PREFIX.name(), "it-retrain-rebalance-" + run,
                // both instances join before the first signal, and a partition without a committed offset
                // (nothing processed yet) must not skip what was sent while it moved
                ConfigKeys.AUTO_OFFSET_RESET.name(), "earliest"));
        for (var stage : List.of(ConfigKeys.ENRICH_ENABLED, ConfigKeys.DRIFT_ENABLED, ConfigKeys.OPS_ENABLED,
                ConfigKeys.EVAL_ENABLED, ConfigKeys.EVAL_WORKER_ENABLED, ConfigKeys.NOTIFY_ENABLED,
                ConfigKeys.VIEW_ENABLED)) {
            common.put(stage.name(), "false");
        }
        Map<String, String> settingsA = new HashMap<>(common);
        settingsA.put(ConfigKeys.DATA_DIR.name(), Files.createDirectories(dir.resolve("a")).toString());
        Map<String, String> settingsB = new HashMap<>(common);
        settingsB.put(ConfigKeys.DATA_DIR.name(), Files.createDirectories(dir.resolve("b")).toString());

        GenaimonRuntime a = ItRuntime.start("retrain-rebalance", settingsA);
        signalsTopic = a.kafka().topics().signals().name();
        GenaimonRuntime b = null;
        GenaimonRuntime a2 = null;
        try (KafkaProducer<String, Signal> producer = new KafkaProducer<>(
                a.kafka().clientProperties(Map.of()), new StringSerializer(),
                a.kafka().topics().signals().value().serializer())) {
            b = ItRuntime.start("retrain-rebalance", settingsB);
            GenaimonRuntime first = a;
            GenaimonRuntime second = b;
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(retrainPartitions(first)).as("retrain tasks on A").isPositive();
                assertThat(retrainPartitions(second)).as("retrain tasks on B").isPositive();
                assertThat(retrainPartitions(first) + retrainPartitions(second)).isEqualTo(3);
            });

            // window 0, both instances: deployments d0..d5, segments x and y, both signals fire
            for (int d = 0; d < FIRST; d++) {
                fire(producer, d, 0, "x", "y");
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(triggersByCause(second).keySet()).hasSize(FIRST * SIGNALS.size()));

            // window 1: d0, d1 resolve (cooldown test); d2..d5 a new segment z fires (hysteresis); d6 is new
            resolve(producer, 0, 1, "x", "y");
            resolve(producer, 1, 1, "x", "y");
            for (int d = 2; d < FIRST; d++) {
                fire(producer, d, 1, "x", "y", "z");
            }
            fire(producer, 6, 1, "x", "y");
            producer.flush();
            a.close(); // mid-stream: window 1 is in flight; A's tasks and retrain-causes partitions move to B
            a = null;
            // window 2: d0, d1 fire again inside the cooldown; everything else keeps firing
            fire(producer, 0, 2, "x", "y");
            fire(producer, 1, 2, "x", "y");
            for (int d = 2; d < FIRST; d++) {
                fire(producer, d, 2, "x", "y", "z");
            }
            fire(producer, 6, 2, "x", "y");
            producer.flush();
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(retrainPartitions(second)).as("B owns every retrain task").isEqualTo(3);
                assertThat(triggersByCause(second).keySet()).hasSize((FIRST + 1) * SIGNALS.size());
            });

            // A comes back on its old data directory: the tasks are balanced again
            a2 = ItRuntime.start("retrain-rebalance", settingsA);
            GenaimonRuntime back = a2;
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
                assertThat(retrainPartitions(back)).as("retrain tasks back on A").isPositive();
                assertThat(retrainPartitions(back) + retrainPartitions(second)).isEqualTo(3);
            });
            // window 3: d2, d3 resolve (x, y, z); d0, d4 a new segment w fires; d7 is new; the rest keeps firing
            resolve(producer, 2, 3, "x", "y", "z");
            resolve(producer, 3, 3, "x", "y", "z");
            fire(producer, 0, 3, "x", "y", "w");
            fire(producer, 4, 3, "x", "y", "z", "w");
            fire(producer, 1, 3, "x", "y");
            fire(producer, 5, 3, "x", "y", "z");
            fire(producer, 6, 3, "x", "y");
            fire(producer, 7, 3, "x", "y");
            // window 4: d2, d3 fire again inside the cooldown
            fire(producer, 2, 4, "x", "y", "z");
            fire(producer, 3, 4, "x", "y", "z");
            producer.flush();

            int all = (FIRST + 2) * SIGNALS.size();
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(triggersByCause(second).keySet()).hasSize(all));
            // the re-fired alerts of window 4 reached the alerts topic: their retrain decisions are due now
            await().atMost(Duration.ofSeconds(60)).until(() -> ItRuntime.committedValues(second, second.kafka().topics().alerts())
                    .stream().filter(e -> e.getLabels().getOrDefault("model", "").startsWith(run)
                            && "firing".equals(e.getStatus()) && e.getTransitionAt().equals(end(4)))
                    .count() == 2 * 3 * SIGNALS.size());
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                Map<String, List<RetrainingTrigger>> byCause = triggersByCause(second);
                assertThat(byCause).hasSize(all);
                byCause.forEach((cause, triggers) -> assertThat(triggers).as(cause).hasSize(1));
            });
            triggersByCause(second).values().forEach(t -> assertEvidence(t.get(0)));
        } finally {
            for (GenaimonRuntime r : new GenaimonRuntime[] {a, a2, b}) {
                if (r != null) {
                    r.close();
                }
            }
        }
    }

    private void assertEvidence(RetrainingTrigger trigger) {
        String deployment = trigger.getModelDeployment();
        int window = firstWindow.get(deployment);
        Segment segment = trigger.getSegment();
        assertThat(segment).as("segment of %s", deployment).isNotNull();
        assertThat(segment.getLabels()).containsEntry("model", deployment);
        String signal = SIGNALS.stream().filter(s -> CAUSES.get(s).equals(trigger.getCause())).findFirst()
                .orElseThrow();
        assertThat(trigger.getTriggerId()).isNotBlank();
        assertThat(trigger.getRule()).isEqualTo(trigger.getCause().substring(0, trigger.getCause().indexOf('/')));
        assertThat(trigger.getAlertFingerprint()).isNotBlank();
        assertThat(trigger.getReason()).contains(signal + " in " + segment.getId());
        assertThat(trigger.getWindowStart()).isEqualTo(start(window));
        assertThat(trigger.getWindowEnd()).isEqualTo(end(window));
        assertThat(trigger.getCooldownUntil()).isEqualTo(end(window).plus(Duration.ofHours(24)));
        Evidence evidence = trigger.getEvidence();
        String ref = ref(segment, signal, window);
        assertThat(evidence.getSignals()).containsExactly(segment.getId() + "/" + signal + "@" + start(window));
        assertThat(evidence.getReportIds()).containsExactly("report-" + ref);
        assertThat(evidence.getInteractionIds()).containsExactly("interaction-" + ref);
        assertThat(evidence.getWindowStart()).isEqualTo(start(window));
        assertThat(evidence.getWindowEnd()).isEqualTo(end(window));
    }

    private void fire(KafkaProducer<String, Signal> producer, int deployment, int window, String... apps) {
        firstWindow.putIfAbsent(model(deployment), window);
        send(producer, deployment, window, 1, apps);
    }

    private void resolve(KafkaProducer<String, Signal> producer, int deployment, int window, String... apps) {
        send(producer, deployment, window, 0, apps);
    }

    private void send(KafkaProducer<String, Signal> producer, int deployment, int window, double value,
                      String... apps) {
        for (String app : apps) {
            String model = model(deployment);
            Segment segment = new Segment("it-rebalance/" + app + "/" + model,
                    Map.of("tenant", "it-rebalance", "app", app, "model", model));
            for (String name : SIGNALS) {
                String ref = ref(segment, name, window);
                Signal signal = Signal.newBuilder().setSegment(segment).setName(name).setWindowStart(start(window))
                        .setWindowEnd(end(window)).setValue(value).setSampleCount(50)
                        .setEvidence(Evidence.newBuilder().setReportIds(List.of("report-" + ref))
                                .setInteractionIds(List.of("interaction-" + ref)).build())
                        .setEmittedAt(end(window)).build();
                producer.send(new ProducerRecord<>(signalsTopic, segment.getId() + "/" + name, signal));
            }
        }
    }

    private String model(int deployment) {
        return run + "-d" + deployment;
    }

    private static String ref(Segment segment, String signal, int window) {
        return segment.getId() + "/" + signal + "/w" + window;
    }

    private static Instant start(int window) {
        return T0.plus(Duration.ofMinutes(window));
    }

    private static Instant end(int window) {
        return start(window + 1);
    }

    /** Active partitions of the retrain-by-cause repartition topic (the retrain-causes tasks) on one instance. */
    private static long retrainPartitions(GenaimonRuntime runtime) {
        return runtime.stage("alerting").streams().metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .flatMap(task -> task.topicPartitions().stream())
                .filter(p -> p.topic().endsWith(RetrainTriggers.REPARTITION + "-repartition")).count();
    }

    /** This run's committed triggers by {@code <deployment>|<cause>}. */
    private Map<String, List<RetrainingTrigger>> triggersByCause(GenaimonRuntime runtime) {
        return ItRuntime.committedValues(runtime, runtime.kafka().topics().retrainingTriggers()).stream()
                .filter(t -> t.getModelDeployment().startsWith(run + "-"))
                .collect(Collectors.groupingBy(t -> t.getModelDeployment() + "|" + t.getCause()));
    }
}
