package dev.genaimon.alerting.retrain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.alerting.state.AlertHarness;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RetrainTriggersTest {

    private static final String RULES = """
            rules:
              - name: FeatureDrift
                signal: "drift.*.detected"
                condition: "== 1"
                retrain: true
                retrain_cooldown: 30m
                annotations: {summary: "{{ signal }} in {{ segment }}"}
              - {name: Errors, signal: ops.error_rate, condition: "> 0.1"}
            """;

    private AlertHarness harness;

    @AfterEach
    void close() {
        harness.close();
    }

    private static Signal drift(Segment segment, String feature, int window, double value) {
        Signal s = AlertHarness.signal(segment, "drift." + feature + ".detected", window, value);
        s.setEvidence(Evidence.newBuilder().setReportIds(List.of("report-" + window))
                .setBaselineIds(List.of("baseline-7")).setFeatures(List.of(feature))
                .setInteractionIds(List.of("i-" + window)).build());
        return s;
    }

    @Test
    void shouldEmitOneTriggerWithEvidenceForAFiringRetrainRule() {
        harness = new AlertHarness(RULES);
        harness.send(drift(AlertHarness.SEGMENT, "prompt_tokens", 0, 1));
        harness.series("ops.error_rate", 0.9);
        List<KeyValue<String, RetrainingTrigger>> triggers = harness.triggers.readKeyValuesToList();
        assertThat(triggers).hasSize(1);
        RetrainingTrigger t = triggers.get(0).value;
        assertThat(triggers.get(0).key).isEqualTo("gpt-4o");
        assertThat(t.getModelDeployment()).isEqualTo("gpt-4o");
        assertThat(t.getCause()).isEqualTo("FeatureDrift/drift.prompt_tokens.detected");
        assertThat(t.getRule()).isEqualTo("FeatureDrift");
        assertThat(t.getReason()).startsWith("drift.prompt_tokens.detected in acme/bot/gpt-4o/answer:v1");
        assertThat(t.getAlertFingerprint()).hasSize(16);
        assertThat(t.getSegment()).isEqualTo(AlertHarness.SEGMENT);
        assertThat(t.getEvidence().getReportIds()).containsExactly("report-0");
        assertThat(t.getEvidence().getBaselineIds()).containsExactly("baseline-7");
        assertThat(t.getEvidence().getFeatures()).containsExactly("prompt_tokens");
        assertThat(t.getEvidence().getInteractionIds()).containsExactly("i-0");
        assertThat(t.getEvidence().getSignals()).containsExactly(
                "acme/bot/gpt-4o/answer:v1/drift.prompt_tokens.detected@2026-11-23T10:00:00Z");
        assertThat(t.getWindowStart()).isEqualTo(AlertHarness.T0);
        assertThat(t.getWindowEnd()).isEqualTo(AlertHarness.T0.plus(AlertHarness.WINDOW));
        assertThat(t.getCooldownUntil()).isEqualTo(Instant.parse("2026-11-23T10:31:00Z"));
        assertThat(t.getCreatedAt()).isEqualTo(AlertHarness.CLOCK.instant());
    }

    @Test
    void shouldTriggerOncePerCauseAcrossSegmentsOfOneDeploymentAndSeparatelyPerCause() {
        harness = new AlertHarness(RULES);
        Segment otherTenant = new Segment("beta/bot/gpt-4o/answer:v1", Map.of("tenant", "beta", "model", "gpt-4o"));
        Segment otherModel = new Segment("acme/bot/llama/answer:v1", Map.of("tenant", "acme", "model", "llama"));
        harness.send(drift(AlertHarness.SEGMENT, "prompt_tokens", 0, 1));
        harness.send(drift(otherTenant, "prompt_tokens", 0, 1));
        harness.send(drift(otherModel, "prompt_tokens", 0, 1));
        harness.send(drift(AlertHarness.SEGMENT, "response_chars", 0, 1));
        assertThat(harness.alerts.readKeyValuesToList()).hasSize(4);
        assertThat(harness.triggers.readKeyValuesToList()).extracting(kv -> kv.key + " " + kv.value.getCause())
                .containsExactlyInAnyOrder("gpt-4o FeatureDrift/drift.prompt_tokens.detected",
                        "llama FeatureDrift/drift.prompt_tokens.detected",
                        "gpt-4o FeatureDrift/drift.response_chars.detected");
    }

    @Test
    void shouldNotRetriggerUntilResolvedAndCooledDown() {
        harness = new AlertHarness(RULES);
        // fires at window 0, flaps; the cooldown is 30 windows
        double[] values = {1, 1, 0, 1, 0, 1};
        for (int i = 0; i < values.length; i++) {
            harness.send(drift(AlertHarness.SEGMENT, "prompt_tokens", i, values[i]));
        }
        assertThat(harness.alerts.readKeyValuesToList()).extracting(kv -> kv.value.getStatus())
                .containsExactly("firing", "resolved", "firing", "resolved", "firing");
        assertThat(harness.triggers.readKeyValuesToList()).as("resolved and fired again inside the cooldown")
                .hasSize(1);
        // still firing past the cooldown: no new trigger without a resolve (hysteresis)
        harness.send(drift(AlertHarness.SEGMENT, "prompt_tokens", 40, 1));
        assertThat(harness.triggers.readKeyValuesToList()).isEmpty();
        // resolved, then firing again after the cooldown: a second trigger
        harness.send(drift(AlertHarness.SEGMENT, "prompt_tokens", 41, 0));
        harness.send(drift(AlertHarness.SEGMENT, "prompt_tokens", 42, 1));
        List<KeyValue<String, RetrainingTrigger>> second = harness.triggers.readKeyValuesToList();
        assertThat(second).hasSize(1);
        assertThat(second.get(0).value.getEvidence().getReportIds()).containsExactly("report-42");
    }
}
