package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.topics.TopicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Synthetic signals → the alerting stage on a real broker (exactly-once): an alert fires and resolves on
 * genaimon.alerts.v1, one retraining trigger appears, and after a restart of the runtime (state restored from the
 * changelog) the same cause firing again does not trigger a second time.
 */
@ExtendWith(SharedKafka.class)
class AlertingIT {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String RULES = """
            rules:
              - name: ItRetrain
                signal: it.alerting.detected
                match: {tenant: it-alerting}
                condition: "== 1"
                severity: warning
                retrain: true
                retrain_cooldown: 24h
                annotations: {summary: "{{ signal }} in {{ segment }}"}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldFireResolveAndTriggerOnceAcrossARestart() throws Exception {
        Path rules = dir.resolve("rules.yaml");
        Files.writeString(rules, RULES);
        String model = "it-model-" + UUID.randomUUID().toString().substring(0, 8);
        Segment segment = new Segment("it-alerting/app/" + model, Map.of("tenant", "it-alerting", "model", model));
        Map<String, String> settings = Map.of(ConfigKeys.ALERTING_RULES_FILE.name(), rules.toString(),
                ConfigKeys.ENRICH_ENABLED.name(), "false", ConfigKeys.DRIFT_ENABLED.name(), "false",
                ConfigKeys.OPS_ENABLED.name(), "false");

        try (GenaimonRuntime runtime = ItRuntime.start("alerting", settings)) {
            send(runtime, signal(segment, 0, 1));
            send(runtime, signal(segment, 1, 0));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(alerts(runtime, model)).extracting(AlertEvent::getStatus)
                            .containsExactly("firing", "resolved"));
            List<AlertEvent> alerts = alerts(runtime, model);
            assertThat(alerts.get(0).getFingerprint()).isEqualTo(alerts.get(1).getFingerprint());
            assertThat(alerts.get(0).getAnnotations()).containsEntry("summary",
                    "it.alerting.detected in " + segment.getId());
            assertThat(alerts.get(1).getEndsAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));

            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(triggers(runtime, model)).hasSize(1));
            RetrainingTrigger trigger = triggers(runtime, model).get(0);
            assertThat(trigger.getCause()).isEqualTo("ItRetrain/it.alerting.detected");
            assertThat(trigger.getEvidence().getReportIds()).containsExactly("report-0");
            assertThat(trigger.getEvidence().getInteractionIds()).containsExactly("it-interaction-0");
            assertThat(trigger.getAlertFingerprint()).isEqualTo(alerts.get(0).getFingerprint());
        }

        // a new runtime (new local state directory): the stores come back from their changelogs
        try (GenaimonRuntime runtime = ItRuntime.start("alerting", settings)) {
            send(runtime, signal(segment, 2, 1));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(alerts(runtime, model)).extracting(AlertEvent::getStatus)
                            .containsExactly("firing", "resolved", "firing"));
            await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(triggers(runtime, model)).as("still inside the cooldown of the first").hasSize(1));
        }
    }

    private static Signal signal(Segment segment, int window, double value) {
        Instant start = T0.plus(Duration.ofMinutes(window));
        return Signal.newBuilder().setSegment(segment).setName("it.alerting.detected").setWindowStart(start)
                .setWindowEnd(start.plus(Duration.ofMinutes(1))).setValue(value).setSampleCount(50)
                .setEvidence(Evidence.newBuilder().setReportIds(List.of("report-" + window))
                        .setInteractionIds(List.of("it-interaction-" + window)).build())
                .setEmittedAt(start.plus(Duration.ofMinutes(1))).build();
    }

    private static void send(GenaimonRuntime runtime, Signal signal) throws Exception {
        TopicSpec<String, Signal> topic = runtime.kafka().topics().signals();
        try (KafkaProducer<String, Signal> producer = new KafkaProducer<>(runtime.kafka().clientProperties(Map.of()),
                new StringSerializer(), topic.value().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), signal.getSegment().getId() + "/" + signal.getName(),
                    signal)).get();
        }
    }

    private static List<AlertEvent> alerts(GenaimonRuntime runtime, String model) {
        return ItRuntime.committedValues(runtime, runtime.kafka().topics().alerts()).stream()
                .filter(a -> model.equals(a.getLabels().get("model")) && a.getRule().equals("ItRetrain")).toList();
    }

    private static List<RetrainingTrigger> triggers(GenaimonRuntime runtime, String model) {
        return ItRuntime.committedValues(runtime, runtime.kafka().topics().retrainingTriggers()).stream()
                .filter(t -> t.getModelDeployment().equals(model)).toList();
    }
}
