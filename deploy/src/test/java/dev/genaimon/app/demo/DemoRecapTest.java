package dev.genaimon.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching alerts to incidents, signal checks and the exit code, on hand-made records. */
class DemoRecapTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final DemoScenario SCENARIO = DemoScenario.standard(1);

    @Test
    void anIncidentCountsWhenItsLabelledAlertFiresAndResolves() {
        List<AlertEvent> alerts = new ArrayList<>();
        for (DemoScenario.Scheduled incident : SCENARIO.incidents()) {
            alerts.add(alert(incident.segment(), incident.kind().code(), "firing", incident.start().plusSeconds(15)));
        }
        for (DemoScenario.Scheduled incident : SCENARIO.incidents()) {
            alerts.add(alert(incident.segment(), incident.kind().code(), "resolved", incident.end().plusSeconds(20)));
        }
        List<DemoRecap.Row> rows = DemoRecap.of(SCENARIO, new DemoWatcher.View(List.of(), alerts, List.of()), START);
        assertThat(rows).allMatch(DemoRecap.Row::firedAndResolved);
        assertThat(rows.get(0).firedAt()).isEqualTo(Duration.ofSeconds(50));
        assertThat(rows.get(0).resolvedAt()).isEqualTo(Duration.ofSeconds(95));
        assertThat(DemoRecap.exitCode(rows)).isZero();
    }

    @Test
    void anAlertStillFiringOrOnAnotherSegmentOrIncidentDoesNotCount() {
        DemoScenario.Scheduled attack = SCENARIO.incidents().get(0);
        List<AlertEvent> alerts = List.of(
                alert(attack.segment(), "prompt-attack", "firing", Duration.ofSeconds(50)),
                // the same rule on the control segment, resolved: not the incident's alert
                alert(DemoScenario.INITECH_DOCS, "prompt-attack", "firing", Duration.ofSeconds(50)),
                alert(DemoScenario.INITECH_DOCS, "prompt-attack", "resolved", Duration.ofSeconds(90)),
                // a rollout-labelled drift alert on the attacked segment is not the attack's alert
                alert(attack.segment(), "rollout", "resolved", Duration.ofSeconds(90)));
        List<DemoRecap.Row> rows = DemoRecap.of(SCENARIO, new DemoWatcher.View(List.of(), alerts, List.of()), START);
        assertThat(rows.get(0).firedAt()).isEqualTo(Duration.ofSeconds(50));
        assertThat(rows.get(0).resolvedAt()).isNull();
        assertThat(rows.get(0).alertRule()).isEqualTo("Rule-prompt-attack");
        assertThat(rows.subList(1, rows.size())).allMatch(r -> r.firedAt() == null);
        assertThat(DemoRecap.exitCode(rows)).isEqualTo(1);
    }

    @Test
    void anAlertFiringBeforeTheIncidentIsNotItsAlertAndOneThatResolvedIsPreferred() {
        DemoScenario.Scheduled rollout = SCENARIO.incidents().get(2);
        AlertEvent early = alert(rollout.segment(), "rollout", "firing", Duration.ofSeconds(5));
        AlertEvent stuck = AlertEvent.newBuilder(alert(rollout.segment(), "rollout", "firing", Duration.ofSeconds(60)))
                .setFingerprint("stuck").build();
        AlertEvent drift = AlertEvent.newBuilder(alert(rollout.segment(), "rollout", "firing", Duration.ofSeconds(70)))
                .setFingerprint("drift").setRule("InputDrift").build();
        AlertEvent driftResolved = AlertEvent.newBuilder(drift).setStatus("resolved")
                .setTransitionAt(START.plusSeconds(125)).build();
        List<DemoRecap.Row> rows = DemoRecap.of(SCENARIO, new DemoWatcher.View(List.of(),
                List.of(early, stuck, drift, driftResolved), List.of()), START);
        assertThat(rows.get(2).alertRule()).isEqualTo("InputDrift");
        assertThat(rows.get(2).firedAt()).isEqualTo(Duration.ofSeconds(70));
        assertThat(rows.get(2).resolvedAt()).isEqualTo(Duration.ofSeconds(125));

        List<DemoRecap.Row> onlyEarly = DemoRecap.of(SCENARIO, new DemoWatcher.View(List.of(), List.of(early),
                List.of()), START);
        assertThat(onlyEarly.get(2).firedAt()).as("fired 50 s before the rollout began").isNull();
    }

    @Test
    void signalsMoveWhenTheIncidentWindowsStandOutFromTheWarmUp() {
        DemoScenario.Scheduled attack = SCENARIO.incidents().get(0);
        List<Signal> quiet = new ArrayList<>();
        List<Signal> moved = new ArrayList<>();
        for (int second = 0; second < 120; second += 10) {
            boolean during = second >= 40 && second < 70;
            quiet.add(signal(attack.segment(), "safety.injection.rate", second, 0.01));
            moved.add(signal(attack.segment(), "safety.injection.rate", second, during ? 0.6 : 0.01));
        }
        assertThat(DemoRecap.signalCheck(attack, quiet, START).moved()).isFalse();
        DemoRecap.SignalCheck check = DemoRecap.signalCheck(attack, moved, START);
        assertThat(check.moved()).isTrue();
        assertThat(check.summary()).isEqualTo("safety.injection.rate 0.01 → 0.60");

        DemoScenario.Scheduled cost = SCENARIO.incidents().get(4);
        List<Signal> spend = new ArrayList<>();
        for (int second = 0; second < 150; second += 10) {
            spend.add(signal(cost.segment(), "cost.usd", second, second >= 90 && second < 120 ? 6.0 : 0.2));
        }
        assertThat(DemoRecap.signalCheck(cost, spend, START).moved()).isTrue();
        assertThat(DemoRecap.signalCheck(cost, spend.subList(0, 8), START).moved()).as("before the burn").isFalse();
    }

    private static AlertEvent alert(DemoSegment segment, String incident, String status, Duration at) {
        return AlertEvent.newBuilder().setFingerprint(segment.id() + incident).setRule("Rule-" + incident)
                .setStatus(status).setSeverity("critical")
                .setLabels(Map.of("incident", incident, "tenant", segment.tenant(), "app", segment.app(),
                        "model", segment.deployment()))
                .setStartsAt(START.plus(at)).setTransitionAt(START.plus(at))
                .setSegment(new Segment(segment.id(), Map.of())).build();
    }

    private static Signal signal(DemoSegment segment, String name, int second, double value) {
        return Signal.newBuilder().setSegment(new Segment(segment.id(), Map.of())).setName(name)
                .setWindowStart(START.plusSeconds(second)).setWindowEnd(START.plusSeconds(second + 10))
                .setValue(value).setSampleCount(30).setEmittedAt(START.plusSeconds(second + 12)).build();
    }
}
