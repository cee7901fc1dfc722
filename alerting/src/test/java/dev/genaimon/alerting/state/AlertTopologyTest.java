package dev.genaimon.alerting.state;

import static dev.genaimon.alerting.state.AlertHarness.SEGMENT;
import static dev.genaimon.alerting.state.AlertHarness.T0;
import static dev.genaimon.alerting.state.AlertHarness.WINDOW;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AlertTopologyTest {

    private AlertHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    private AlertHarness start(String yaml) {
        harness = new AlertHarness(yaml);
        return harness;
    }

    private List<KeyValue<String, AlertEvent>> alerts() {
        return harness.alerts.readKeyValuesToList();
    }

    private static List<String> statuses(List<KeyValue<String, AlertEvent>> events) {
        return events.stream().map(e -> e.value.getStatus()).toList();
    }

    @Test
    void shouldFireAfterForWindowsAndResolveAfterKeepFiringFor() {
        start("""
                rules:
                  - name: Errors
                    signal: ops.error_rate
                    condition: "> 0.1"
                    for: 2
                    keep_firing_for: 2
                    severity: critical
                    labels: {team: sre}
                    annotations:
                      summary: "{{ value | pct }} errors in {{ segment }} for {{ labels.tenant }}"
                """);
        harness.series("ops.error_rate", 0.2);
        assertThat(alerts()).as("pending after one window: nothing published").isEmpty();
        harness.send("ops.error_rate", 1, 0.3);
        List<KeyValue<String, AlertEvent>> firing = alerts();
        assertThat(statuses(firing)).containsExactly("firing");
        AlertEvent fired = firing.get(0).value;
        assertThat(firing.get(0).key).isEqualTo(fired.getFingerprint()).hasSize(16);
        assertThat(fired.getRule()).isEqualTo("Errors");
        assertThat(fired.getSeverity()).isEqualTo("critical");
        assertThat(fired.getValue()).isEqualTo(0.3);
        assertThat(fired.getStartsAt()).isEqualTo(T0.plus(WINDOW.multipliedBy(2)));
        assertThat(fired.getEndsAt()).isNull();
        assertThat(fired.getLabels()).containsEntry("alertname", "Errors").containsEntry("team", "sre")
                .containsEntry("tenant", "acme").containsEntry("severity", "critical")
                .containsEntry("signal", "ops.error_rate");
        assertThat(fired.getAnnotations()).containsEntry("summary",
                "30.00% errors in acme/bot/gpt-4o/answer:v1 for acme");
        assertThat(fired.getSegment()).isEqualTo(SEGMENT);
        assertThat(fired.getEvidence().getInteractionIds()).containsExactly("i-ops.error_rate-0", "i-ops.error_rate-1");
        assertThat(fired.getEvidence().getWindowStart()).isEqualTo(T0);
        assertThat(fired.getEvidence().getSignals()).hasSize(2);

        harness.send("ops.error_rate", 2, 0.4);
        harness.send("ops.error_rate", 3, 0.01);
        assertThat(alerts()).as("still firing, one good window of two").isEmpty();
        harness.send("ops.error_rate", 4, 0.02);
        List<KeyValue<String, AlertEvent>> resolved = alerts();
        assertThat(statuses(resolved)).containsExactly("resolved");
        assertThat(resolved.get(0).key).isEqualTo(fired.getFingerprint());
        assertThat(resolved.get(0).value.getStartsAt()).isEqualTo(fired.getStartsAt());
        assertThat(resolved.get(0).value.getEndsAt()).isEqualTo(T0.plus(WINDOW.multipliedBy(5)));
    }

    @Test
    void shouldNotFireRepeatedlyForAFlappingSignal() {
        start("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.1", keep_firing_for: 3}
                """);
        harness.series("ops.error_rate", 0.5, 0.0, 0.5, 0.0, 0.0, 0.5, 0.0, 0.5, 0.0, 0.0, 0.0);
        assertThat(statuses(alerts())).containsExactly("firing", "resolved");
    }

    @Test
    void shouldFlapWithoutHysteresis() {
        start("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.1"}
                """);
        harness.series("ops.error_rate", 0.5, 0.0, 0.5, 0.0);
        assertThat(statuses(alerts())).containsExactly("firing", "resolved", "firing", "resolved");
    }

    @Test
    void shouldMeasureForAsADurationOfEventTime() {
        start("""
                rules:
                  - {name: Slow, signal: ops.latency.p95_ms, condition: "> 900", for: 3m, keep_firing_for: 2m}
                """);
        harness.series("ops.latency.p95_ms", 1000, 1000);
        assertThat(alerts()).as("2 minutes so far").isEmpty();
        harness.send("ops.latency.p95_ms", 2, 1200);
        assertThat(statuses(alerts())).containsExactly("firing");
        harness.send("ops.latency.p95_ms", 3, 100);
        assertThat(alerts()).isEmpty();
        harness.send("ops.latency.p95_ms", 4, 100);
        assertThat(statuses(alerts())).containsExactly("resolved");
    }

    @Test
    void shouldResetPendingWhenTheConditionStopsHolding() {
        start("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.1", for: 2}
                """);
        harness.series("ops.error_rate", 0.5, 0.0, 0.5, 0.0, 0.5);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void shouldIgnoreWindowsBelowMinSamplesAndReplayedWindows() {
        start("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.1", min_samples: 50}
                """);
        Signal small = Signal.newBuilder(AlertHarness.signal(SEGMENT, "ops.error_rate", 0, 0.9)).setSampleCount(3)
                .build();
        harness.send(small);
        assertThat(alerts()).isEmpty();
        harness.send("ops.error_rate", 1, 0.9);
        assertThat(statuses(alerts())).containsExactly("firing");
        harness.send("ops.error_rate", 2, 0.0);
        harness.send("ops.error_rate", 1, 0.9); // a replay of an older window decides nothing
        assertThat(statuses(alerts())).containsExactly("resolved");
    }

    @Test
    void shouldWriteNoStateForWindowsTooSmallToEvaluateNorForSignalsNoRuleReads() {
        start("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.1", min_samples: 50, for: 2}
                """);
        var store = harness.driver.<String, Object>getKeyValueStore(AlertTopology.STATES_STORE);
        harness.send("ops.latency.p50_ms", 0, 9999);
        harness.send(Signal.newBuilder(AlertHarness.signal(SEGMENT, "ops.error_rate", 0, 0.9)).setSampleCount(1)
                .build());
        try (var all = store.all()) {
            assertThat(all.hasNext()).as("small windows of a new alert create no state").isFalse();
        }
        harness.send("ops.error_rate", 1, 0.9);
        harness.send(Signal.newBuilder(AlertHarness.signal(SEGMENT, "ops.error_rate", 2, 0.0)).setSampleCount(1)
                .build());
        harness.send("ops.error_rate", 3, 0.9);
        assertThat(statuses(alerts())).as("the small window between neither broke nor advanced the run")
                .containsExactly("firing");
    }

    @Test
    void shouldKeepSegmentsAndSignalLabelsApartAndApplyMatchers() {
        start("""
                rules:
                  - name: ErrorsByType
                    signal: ops.errors_by_type
                    match: {tenant: "=~ac.*", error_type: "!=timeout"}
                    condition: "> 0.1"
                """);
        Segment other = new Segment("beta/bot/gpt-4o/answer:v1", Map.of("tenant", "beta", "model", "gpt-4o"));
        harness.send(labelled(SEGMENT, "rate_limit", 0.5));
        harness.send(labelled(SEGMENT, "server", 0.5));
        harness.send(labelled(SEGMENT, "timeout", 0.5));
        harness.send(labelled(other, "server", 0.5));
        List<KeyValue<String, AlertEvent>> fired = alerts();
        assertThat(fired).extracting(kv -> kv.value.getLabels().get("error_type"))
                .containsExactlyInAnyOrder("rate_limit", "server");
        assertThat(fired.get(0).key).isNotEqualTo(fired.get(1).key);
    }

    private static Signal labelled(Segment segment, String errorType, double value) {
        return Signal.newBuilder(AlertHarness.signal(segment, "ops.errors_by_type", 0, value))
                .setLabels(Map.of("error_type", errorType)).build();
    }

    @Test
    void shouldFireOnRateOfChange() {
        start("""
                rules:
                  - {name: CostBurn, kind: rate_of_change, signal: cost.usd, condition: "> 3", mode: ratio}
                  - {name: CostJump, kind: rate_of_change, signal: cost.usd, condition: "> 40", mode: delta}
                """);
        harness.series("cost.usd", 10, 20, 70);
        List<KeyValue<String, AlertEvent>> fired = alerts();
        assertThat(fired).extracting(kv -> kv.value.getRule()).containsExactlyInAnyOrder("CostBurn", "CostJump");
        assertThat(fired).filteredOn(kv -> kv.value.getRule().equals("CostBurn"))
                .extracting(kv -> kv.value.getValue()).containsExactly(3.5);
        harness.send("cost.usd", 3, 70);
        assertThat(statuses(alerts())).containsExactly("resolved", "resolved");
    }

    @Test
    void shouldFireOnMultiwindowBurnRateOnlyWhenBothWindowsBurn() {
        start("""
                rules:
                  - name: Budget
                    kind: burn_rate
                    objective: 0.99
                    windows: [{short: 2m, long: 10m, factor: 10}]
                """);
        // 8 healthy minutes at 0.1 % errors
        for (int i = 0; i < 8; i++) {
            harness.send("ops.request_count", i, 1000);
            harness.send("ops.error_rate", i, 0.001);
        }
        // a short spike: short window burns (25x) but the long one does not yet (~(2*250 + 8)/10000 / 0.01 = 5x)
        harness.send("ops.request_count", 8, 1000);
        harness.send("ops.error_rate", 8, 0.25);
        harness.send("ops.request_count", 9, 1000);
        harness.send("ops.error_rate", 9, 0.25);
        assertThat(alerts()).as("long window below the factor").isEmpty();
        // the errors go on: the long window reaches the factor too
        for (int i = 10; i < 14; i++) {
            harness.send("ops.error_rate", i, 0.25); // error rate first: the window is complete with its count
            harness.send("ops.request_count", i, 1000);
        }
        List<KeyValue<String, AlertEvent>> fired = alerts();
        assertThat(statuses(fired)).containsExactly("firing");
        assertThat(fired.get(0).value.getValue()).isGreaterThan(10);
        assertThat(fired.get(0).value.getLabels()).containsEntry("signal", "ops.error_rate");
        // recovery: the short window drops under the factor first
        for (int i = 14; i < 17; i++) {
            harness.send("ops.request_count", i, 1000);
            harness.send("ops.error_rate", i, 0.0);
        }
        assertThat(statuses(alerts())).containsExactly("resolved");
    }

    @Test
    void shouldFireOnAbsenceByWallClockAndResolveWhenTheSignalReturns() {
        start("""
                rules:
                  - {name: Silent, kind: absence, signal: ops.request_count, for: 5m}
                """);
        harness.send("ops.request_count", 0, 12);
        harness.driver.advanceWallClockTime(Duration.ofMinutes(4));
        assertThat(alerts()).isEmpty();
        harness.driver.advanceWallClockTime(Duration.ofMinutes(2));
        List<KeyValue<String, AlertEvent>> fired = alerts();
        assertThat(statuses(fired)).containsExactly("firing");
        assertThat(fired.get(0).value.getValue()).isGreaterThanOrEqualTo(300);
        assertThat(fired.get(0).value.getEvidence().getNote()).startsWith("no ops.request_count since");
        harness.driver.advanceWallClockTime(Duration.ofMinutes(10));
        assertThat(alerts()).as("fires once").isEmpty();
        harness.send("ops.request_count", 30, 3);
        assertThat(statuses(alerts())).containsExactly("resolved");
    }

    @Test
    void shouldApplyReloadedRulesWithoutRestartAndResolveAlertsOfRemovedRules() {
        start("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.5"}
                """);
        harness.send("ops.error_rate", 0, 0.3);
        assertThat(alerts()).isEmpty();
        harness.rules.set(AlertHarness.parse("""
                rules:
                  - {name: Errors, signal: ops.error_rate, condition: "> 0.2"}
                """));
        harness.send("ops.error_rate", 1, 0.3);
        assertThat(statuses(alerts())).containsExactly("firing");
        harness.rules.set(AlertHarness.parse("""
                rules:
                  - {name: Other, signal: ops.throttle_rate, condition: "> 0.2"}
                """));
        harness.driver.advanceWallClockTime(Duration.ofSeconds(11));
        List<KeyValue<String, AlertEvent>> resolved = alerts();
        assertThat(statuses(resolved)).containsExactly("resolved");
        assertThat(resolved.get(0).value.getAnnotations()).containsEntry("summary", "rule Errors was removed");
    }

    @Test
    void shouldExpireAlertsOfSegmentsSilentForAWeek() {
        start("""
                rules:
                  - {name: Silent, kind: absence, signal: ops.request_count, for: 15m}
                """);
        harness.send("ops.request_count", 0, 12);
        harness.driver.advanceWallClockTime(Duration.ofMinutes(20));
        assertThat(statuses(alerts())).containsExactly("firing");
        harness.driver.advanceWallClockTime(Duration.ofDays(7));
        List<KeyValue<String, AlertEvent>> expired = alerts();
        assertThat(statuses(expired)).containsExactly("resolved");
        assertThat(expired.get(0).value.getAnnotations().get("summary")).endsWith("for 7 days: expired");
        harness.driver.advanceWallClockTime(Duration.ofDays(1));
        assertThat(alerts()).as("the state is gone: no second firing").isEmpty();
        assertThat(harness.driver.<String, Object>getKeyValueStore(AlertTopology.STATES_STORE)
                .get(expired.get(0).key)).isNull();
    }
}
