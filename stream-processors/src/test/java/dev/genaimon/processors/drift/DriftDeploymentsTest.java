package dev.genaimon.processors.drift;

import static dev.genaimon.processors.drift.DriftHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeploymentEvent;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@code DeploymentEvent}s on {@code genaimon.deployments.v1} choose the baseline and start settling periods. */
class DriftDeploymentsTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final DriftTopologySettings SETTINGS = DriftTopologySettings.tumbling(WINDOW, Duration.ZERO);

    private static Map<String, Object> row(Random random, boolean shifted) {
        double response = Math.rint(Math.exp((shifted ? 7.3 : 7.0) + 0.5 * random.nextGaussian()));
        String finish = random.nextDouble() < (shifted ? 0.25 : 0.08) ? "length" : "stop";
        return Map.of("response_chars", response, "finish_reason", finish);
    }

    private static BaselineProfile baseline(String id, String kind, String pattern, boolean active, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            rows.add(row(random, false));
        }
        BaselineProfile b = BaselineBuilder.fromRows(new BaselineBuilder.Spec(id, id, kind, pattern, "synthetic",
                T0.minus(Duration.ofDays(1)), BaselineBuilder.Spec.DEFAULT_NUMERIC_K), rows);
        b.setActive(active);
        return b;
    }

    private static DeploymentEvent event(String id, String deployment, String kind, String baselineId,
                                         String pattern, Instant at) {
        return DeploymentEvent.newBuilder().setEventId(id).setDeployment(deployment).setKind(kind)
                .setBaselineId(baselineId).setSegmentPattern(pattern).setActor("test").setAt(at).build();
    }

    private static Instant windowStart(int index) {
        return T0.plus(WINDOW.multipliedBy(index));
    }

    private static void window(DriftHarness h, Random random, int index, int count, boolean shifted) {
        long step = WINDOW.toMillis() / count;
        for (int i = 0; i < count; i++) {
            h.send(windowStart(index).plusMillis(i * step), row(random, shifted));
        }
    }

    private static List<String> detected(List<Signal> signals, Instant windowStart) {
        return signals.stream().filter(s -> s.getWindowStart().equals(windowStart)
                && s.getName().endsWith(".detected") && s.getValue() == 1.0).map(Signal::getName).sorted().toList();
    }

    @Test
    void shouldActivateTheBaselineARolloutNamesForWindowsAfterIt() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            h.baseline(baseline("prod", Baselines.PRODUCTION, "acme/bot/*/*", true, 1));
            h.baseline(baseline("eval-v2", Baselines.EVALUATION, "acme/*/*/*", false, 2)); // inactive until named
            h.baseline(baseline("other", Baselines.EVALUATION, "acme/*/*/*", false, 3));
            // rolled out mid-window 1: window 0 ended before it and keeps the operator's baseline
            h.deployment(event("e-1", "chat", Deployments.ROLLOUT, "eval-v2", null, windowStart(1).plusSeconds(60)));
            h.deployment(event("e-2", "other-deployment", Deployments.ROLLOUT, "other", null, T0));
            Random random = new Random(4);
            for (int w = 0; w < 3; w++) {
                window(h, random, w, 300, false);
            }
            h.tick(windowStart(3));

            List<DriftReport> reports = h.reports();
            assertThat(reports).extracting(DriftReport::getBaselineId).containsExactly("prod", "eval-v2", "eval-v2");
            assertThat(reports).extracting(DriftReport::getBaselineKind)
                    .containsExactly("production", "evaluation", "evaluation");
            assertThat(reports.get(1).getFeatures()).allSatisfy(f -> assertThat(f.getMethod())
                    .contains("evaluation baseline eval-v2, after rollout e-1 of chat"));
            assertThat(h.signals()).filteredOn(s -> s.getWindowStart().equals(windowStart(1)))
                    .isNotEmpty().allSatisfy(s -> assertThat(s.getName()).startsWith("skew."));
        }
    }

    @Test
    void shouldUseTheDeploymentsEvaluationBaselineWhenARolloutNamesNone() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            // the production baseline is more specific and would win the usual selection
            h.baseline(baseline("prod", Baselines.PRODUCTION, "acme/bot/chat/-", true, 1));
            h.baseline(baseline("eval-set", Baselines.EVALUATION, "acme/*/*/*", true, 2));
            h.deployment(event("e-1", "chat", Deployments.ROLLOUT, null, null, windowStart(1)));
            Random random = new Random(5);
            for (int w = 0; w < 2; w++) {
                window(h, random, w, 300, false);
            }
            h.tick(windowStart(2));
            assertThat(h.reports()).extracting(DriftReport::getBaselineId).containsExactly("prod", "eval-set");

            // a later rollback without a baseline id falls back to the usual selection
            h.deployment(event("e-3", "chat", Deployments.ROLLBACK, null, null, windowStart(2)));
            window(h, random, 2, 300, false);
            h.tick(windowStart(3));
            assertThat(h.reports()).extracting(DriftReport::getBaselineId).containsExactly("prod");
        }
    }

    @Test
    void shouldRaiseNoDetectionDuringACanaryAndRestartTheStreakAfterIt() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            h.baseline(baseline("prod", Baselines.PRODUCTION, "acme/bot/*/*", true, 1));
            h.deployment(event("c-1", "chat", Deployments.CANARY_START, "prod", null, windowStart(0)));
            Random random = new Random(6);
            window(h, random, 0, 400, true);
            window(h, random, 1, 400, true);
            h.tick(windowStart(2));
            List<DriftReport> canary = h.reports();
            List<Signal> canarySignals = h.signals();
            // the canary's windows are compared and show the drift, but page nobody
            assertThat(canary).hasSize(2).allSatisfy(r -> assertThat(DriftHarness.verdicts(r))
                    .containsEntry("response_chars", "drift"));
            assertThat(canary.get(0).getFeatures()).allSatisfy(f -> assertThat(f.getMethod())
                    .contains("settling after canary_start c-1 of chat"));
            assertThat(canarySignals).isNotEmpty().noneMatch(s -> s.getName().endsWith(".detected"));
            assertThat(canarySignals).extracting(Signal::getName).contains("drift.response_chars.psi");

            h.deployment(event("c-2", "chat", Deployments.CANARY_END, null, null, windowStart(2)));
            window(h, random, 2, 400, true);
            window(h, random, 3, 400, true);
            h.tick(windowStart(4));
            List<Signal> after = h.signals();
            // the streak starts after the canary: the first window after it is one of the two required
            assertThat(detected(after, windowStart(2))).isEmpty();
            assertThat(detected(after, windowStart(3))).contains("drift.response_chars.detected");
        }
    }

    @Test
    void shouldSettleForTheConfiguredTimeAfterARollout() {
        try (DriftHarness h = new DriftHarness(SETTINGS.withConsecutiveWindows(1).withSettling(WINDOW))) {
            h.baseline(baseline("prod", Baselines.PRODUCTION, "acme/bot/*/*", true, 1));
            h.deployment(event("r-1", "chat", Deployments.ROLLOUT, "prod", null, windowStart(1)));
            Random random = new Random(7);
            for (int w = 0; w < 3; w++) {
                window(h, random, w, 400, true);
            }
            h.tick(windowStart(3));
            List<Signal> signals = h.signals();
            assertThat(detected(signals, windowStart(0))).contains("drift.response_chars.detected");
            assertThat(signals).filteredOn(s -> s.getWindowStart().equals(windowStart(1)))
                    .isNotEmpty().noneMatch(s -> s.getName().endsWith(".detected"));
            assertThat(detected(signals, windowStart(2))).contains("drift.response_chars.detected");
        }
    }

    @Test
    void shouldNameTheDeploymentsStoreAndTheEventTimeGuard() {
        org.apache.kafka.streams.StreamsBuilder builder = new org.apache.kafka.streams.StreamsBuilder();
        dev.genaimon.schemas.serde.AvroSerdes serdes = dev.genaimon.schemas.serde.AvroSerdes.singleObject();
        DriftTopology.build(builder, SETTINGS, new dev.genaimon.schemas.topics.Topics(
                dev.genaimon.schemas.topics.TopicSettings.defaults(), serdes), serdes, DriftHarness.CLOCK);
        String description = builder.build().describe().toString();
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-").contains(DriftTopology.DEPLOYMENTS_STORE, "drift-deployments-source",
                "drift-event-time-guard");
    }
}
