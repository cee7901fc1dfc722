package dev.genaimon.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.safety.attack.PromptAttackDetector;
import dev.genaimon.evaluators.safety.pii.PiiDetector;
import dev.genaimon.processors.enrich.EnrichSettings;
import dev.genaimon.processors.enrich.InteractionAnalyzer;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The demo's records go through the real enrich analysis: incidents trip the real detectors, normal traffic not. */
class DemoTrafficTest {

    private static final DemoTemplates TEMPLATES = DemoTemplates.load();
    private static final InteractionAnalyzer ANALYZER = InteractionAnalyzer.create(EnrichSettings.defaults(),
            Segments.defaults());
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void everyAttackPromptScoresAboveTheDetectorsThreshold() {
        PromptAttackDetector detector = PromptAttackDetector.withThreshold(EnrichSettings.defaults().attackThreshold());
        for (String attack : TEMPLATES.attacks()) {
            assertThat(detector.detect(attack).detected()).as("attack prompt flagged: %s (score %s)", attack,
                    detector.detect(attack).score()).isTrue();
        }
    }

    @Test
    void everyLeakedAnswerHoldsPiiTheDetectorFinds() {
        DemoTraffic traffic = new DemoTraffic(TEMPLATES, 1, "t");
        PiiDetector pii = PiiDetector.createDefault();
        for (String email : TEMPLATES.pii().emails()) {
            assertThat(types(pii, "Write to " + email + " today.")).contains("EMAIL_ADDRESS");
        }
        for (String phone : TEMPLATES.pii().phones()) {
            assertThat(types(pii, "Call " + phone + " today.")).as(phone).contains("PHONE_NUMBER");
        }
        for (String card : TEMPLATES.pii().cards()) {
            assertThat(types(pii, "The card " + card + " was charged.")).as(card).contains("CREDIT_CARD");
        }
        assertThat(traffic.fill("{email}", new java.util.HashMap<>(Map.of("email", "a@b.c")))).isEqualTo("a@b.c");
    }

    @Test
    void attackSurgeIsFlaggedOnTheSegmentAndNormalTrafficIsNot() {
        List<Interaction> attacked = analyzed(DemoScenario.GLOBEX_SUPPORT, Set.of(IncidentKind.PROMPT_ATTACK), 200, 7);
        double rate = attacked.stream().filter(i -> i.getSafety().getAttack().getDetected()).count() / 200.0;
        assertThat(rate).as("share of attacks flagged").isBetween(DemoTraffic.ATTACK_SHARE - 0.12,
                DemoTraffic.ATTACK_SHARE + 0.12);
        for (DemoSegment segment : DemoScenario.standard(1).segments()) {
            List<String> flagged = analyzed(segment, Set.of(), 150, 11).stream()
                    .filter(i -> i.getSafety().getAttack().getDetected())
                    .map(i -> i.getSafety().getAttack().getLocation() + ": " + i.getMessages().get(0).getContent()
                            + " | " + (i.getContext() == null ? "" : i.getContext().get(0).getId()))
                    .distinct().toList();
            assertThat(flagged).as("false attack flags on %s", segment.id()).isEmpty();
        }
    }

    @Test
    void piiLeakPutsPiiInResponsesAndNormalResponsesHaveNone() {
        List<Interaction> leaking = analyzed(DemoScenario.ACME_SUPPORT, Set.of(IncidentKind.PII_LEAK), 200, 3);
        double rate = leaking.stream().filter(DemoTrafficTest::piiInResponse).count() / 200.0;
        assertThat(rate).isBetween(DemoTraffic.PII_SHARE - 0.12, DemoTraffic.PII_SHARE + 0.12);
        assertThat(leaking.stream().filter(DemoTrafficTest::piiInResponse).findFirst().orElseThrow().getResponse())
                .as("redacted by enrich").contains("<EMAIL_ADDRESS>");
        for (DemoSegment segment : DemoScenario.standard(1).segments()) {
            List<String> flagged = analyzed(segment, Set.of(), 150, 5).stream()
                    .filter(i -> !i.getSafety().getPii().isEmpty())
                    .map(i -> i.getSafety().getPii() + " in " + i.getResponse() + " | "
                            + (i.getContext() == null ? "" : i.getContext().get(0).getContent()))
                    .distinct().toList();
            assertThat(flagged).as("PII in normal traffic of %s", segment.id()).isEmpty();
        }
    }

    @Test
    void rolloutShiftsPromptsAndAnswersLeaveTheContext() {
        List<Interaction> before = analyzed(DemoScenario.ACME_DOCS, Set.of(), 100, 9);
        List<Interaction> after = analyzed(DemoScenario.ACME_DOCS, Set.of(IncidentKind.ROLLOUT), 100, 9);
        assertThat(after).allMatch(i -> i.getPromptTemplate().getVersion().equals(DemoScenario.ROLLOUT_VERSION));
        assertThat(before).allMatch(i -> i.getPromptTemplate().getVersion().equals("v4"));
        assertThat(mean(after, "prompt_chars")).isGreaterThan(3 * mean(before, "prompt_chars"));
        assertThat(mean(after, "system_prompt_chars")).isGreaterThan(mean(before, "system_prompt_chars"));
        // grounded: normal answers are sentences of their context; the rollout's answers share little with it
        assertThat(before).allMatch(i -> overlap(i) > 0.8);
        assertThat(after).allMatch(i -> overlap(i) < 0.5);
    }

    @Test
    void latencySpikeThrottlesAndSlowsAndCostBurnMultipliesTokens() {
        List<Interaction> normal = analyzed(DemoScenario.GLOBEX_SHOP, Set.of(), 200, 2);
        List<Interaction> spike = analyzed(DemoScenario.GLOBEX_SHOP, Set.of(IncidentKind.LATENCY_THROTTLE), 200, 2);
        assertThat(normal.stream().filter(i -> mean(List.of(i), "throttled") > 0).count()).isZero();
        double throttled = spike.stream().filter(i -> i.getStatus() != null
                && Integer.valueOf(429).equals(i.getStatus().getHttpStatus())).count() / 200.0;
        assertThat(throttled).isBetween(DemoTraffic.THROTTLE_SHARE - 0.12, DemoTraffic.THROTTLE_SHARE + 0.12);
        assertThat(p95(spike.stream().filter(i -> i.getStatus() == null).toList()))
                .isGreaterThan(3 * p95(normal));

        List<Interaction> calm = analyzed(DemoScenario.INITECH_RESEARCH, Set.of(), 100, 4);
        List<Interaction> burn = analyzed(DemoScenario.INITECH_RESEARCH, Set.of(IncidentKind.COST_BURN), 100, 4);
        assertThat(mean(calm, "cost_usd")).as("priced by enrich").isPositive();
        assertThat(mean(burn, "cost_usd")).isGreaterThan(10 * mean(calm, "cost_usd"));
    }

    @Test
    void sameSeedSameTraffic() {
        DemoTraffic a = new DemoTraffic(TEMPLATES, 99, "r");
        DemoTraffic b = new DemoTraffic(TEMPLATES, 99, "r");
        for (int i = 0; i < 20; i++) {
            assertThat(a.interaction(DemoScenario.ACME_DOCS, T0, Set.of()))
                    .isEqualTo(b.interaction(DemoScenario.ACME_DOCS, T0, Set.of()));
        }
    }

    private static List<Interaction> analyzed(DemoSegment segment, Set<IncidentKind> active, int n, long seed) {
        DemoTraffic traffic = new DemoTraffic(TEMPLATES, seed, "test");
        List<Interaction> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(ANALYZER.analyze(DemoBaselines.toAvro(traffic.interaction(segment, T0.plusSeconds(i), active)))
                    .interaction());
        }
        return out;
    }

    private static boolean piiInResponse(Interaction interaction) {
        return interaction.getSafety().getPii().stream().anyMatch(f -> f.getLocation().equals("response"));
    }

    private static List<String> types(PiiDetector detector, String text) {
        return detector.detect(text).stream().map(e -> e.type()).toList();
    }

    private static double mean(List<Interaction> interactions, String feature) {
        return interactions.stream().mapToDouble(i -> i.getFeatures().getNumeric().getOrDefault(feature, 0.0))
                .average().orElse(0);
    }

    private static double p95(List<Interaction> interactions) {
        double[] latencies = interactions.stream().mapToDouble(i -> i.getLatencyMs()).sorted().toArray();
        return latencies[(int) Math.floor(0.95 * (latencies.length - 1))];
    }

    /** Share of the response's words that occur in its context documents. */
    private static double overlap(Interaction interaction) {
        Set<String> context = new java.util.HashSet<>();
        interaction.getContext().forEach(d -> context.addAll(words(d.getContent())));
        List<String> response = words(interaction.getResponse());
        return response.stream().filter(context::contains).count() / (double) response.size();
    }

    private static List<String> words(String text) {
        return List.of(text.toLowerCase(java.util.Locale.ROOT).split("[^a-z0-9]+")).stream()
                .filter(w -> w.length() > 3).toList();
    }
}
