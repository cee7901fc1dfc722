package dev.genaimon.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Segment;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live screen on a terminal, and the plain lines everywhere else. */
class DemoScreenTest {

    private static final Instant START = Instant.parse("2026-11-23T10:00:00Z");
    private static final DemoScenario SCENARIO = DemoScenario.standard(1);

    private static final AlertEvent FIRING = AlertEvent.newBuilder().setFingerprint("f1").setRule("PiiInResponses")
            .setStatus("firing").setSeverity("critical").setLabels(Map.of("incident", "pii-leak"))
            .setAnnotations(Map.of("summary", "PII in 58.00% of responses"))
            .setStartsAt(START.plusSeconds(55)).setTransitionAt(START.plusSeconds(57)).setValue(0.58)
            .setSegment(new Segment(DemoScenario.ACME_SUPPORT.id(), Map.of()))
            .setEvidence(Evidence.newBuilder().setInteractionIds(List.of("a", "b", "c", "d")).build()).build();
    private static final RetrainingTrigger TRIGGER = RetrainingTrigger.newBuilder().setTriggerId("t")
            .setModelDeployment("docs-gpt4o").setCause("drift.prompt_chars").setReason("prompt length drifted")
            .setRule("InputDrift").setWindowStart(START).setWindowEnd(START.plusSeconds(20))
            .setEvidence(Evidence.newBuilder().setFeatures(List.of("prompt_chars")).build())
            .setCooldownUntil(START.plusSeconds(120)).setCreatedAt(START.plusSeconds(80)).build();

    private static DemoScreen.Frame frame(List<AlertEvent> alerts) {
        return new DemoScreen.Frame(Duration.ofSeconds(60), Duration.ofSeconds(180), 18.2, 1090, 130, 0, List.of(),
                new DemoWatcher.View(List.of(), alerts, List.of(TRIGGER)));
    }

    @Test
    void terminalFramesRedrawWithAlertsEvidenceAndTriggers() {
        String screen = new DemoScreen(SCENARIO, START, true).render(frame(List.of(FIRING)));
        assertThat(screen).startsWith("\033[H\033[2J").contains("1:00 / 3:00", "18.2 interactions/s")
                .contains("alerts firing (1)", "PiiInResponses", "acme/support-bot/support-gpt4o-mini",
                        "PII in 58.00% of responses", "evidence: a, b, c …")
                .contains("retraining triggers (1)", "docs-gpt4o", "features: prompt_chars");
        assertThat(screen.lines().filter(l -> l.contains("prompt-attack surge"))).singleElement()
                .asString().contains("ACTIVE");
        assertThat(screen.lines().filter(l -> l.contains("cost burn"))).singleElement().asString()
                .contains("scheduled");
    }

    @Test
    void plainOutputHasNoEscapeCodes() {
        DemoScreen screen = new DemoScreen(SCENARIO, START, false);
        AlertEvent resolved = AlertEvent.newBuilder(FIRING).setStatus("resolved")
                .setTransitionAt(START.plusSeconds(97)).build();
        String line = screen.line(frame(List.of(FIRING, resolved)));
        assertThat(line).startsWith("[1:00]").contains("incidents active: prompt-attack,pii-leak,rollout")
                .contains("alerts firing 0, resolved 1").doesNotContain("\033");
        assertThat(screen.event(resolved)).startsWith("[1:37] alert resolved: PiiInResponses");
        assertThat(screen.render(frame(List.of(FIRING)))).doesNotContain("\033");
        List<DemoRecap.Row> rows = DemoRecap.of(SCENARIO, new DemoWatcher.View(List.of(), List.of(FIRING, resolved),
                List.of()), START);
        assertThat(screen.recap(rows, 1)).contains("PII in responses", "0:57", "1:37", "PiiInResponses")
                .contains("exit code 1").doesNotContain("\033");
    }
}
