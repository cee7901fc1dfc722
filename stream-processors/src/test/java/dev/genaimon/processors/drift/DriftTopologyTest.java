package dev.genaimon.processors.drift;

import static dev.genaimon.processors.drift.DriftHarness.SEGMENT;
import static dev.genaimon.processors.drift.DriftHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.EventTimeTooFarInFutureException;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.FeatureDrift;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import dev.genaimon.schemas.avro.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.junit.jupiter.api.Test;

class DriftTopologyTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final DriftTopologySettings SETTINGS = DriftTopologySettings.tumbling(WINDOW, Duration.ZERO);

    /**
     * Synthetic traffic: response length log-normal, prompt length log-normal, latency normal, finish reason and
     * language categorical. {@code shifted} makes responses ~16% longer and truncations (length) 2.5 times as common.
     */
    private static Map<String, Object> row(Random random, boolean shifted) {
        double response = Math.rint(Math.exp((shifted ? 7.15 : 7.0) + 0.5 * random.nextGaussian()));
        double prompt = Math.rint(Math.exp(6.0 + 0.7 * random.nextGaussian()));
        double latency = Math.rint(900 + 120 * random.nextGaussian());
        String finish = random.nextDouble() < (shifted ? 0.20 : 0.08) ? "length" : "stop";
        double l = random.nextDouble();
        String language = l < 0.7 ? "en" : l < 0.9 ? "de" : "fr";
        return Map.of("response_chars", response, "prompt_chars", prompt, "latency_ms", latency,
                "finish_reason", finish, "language", language);
    }

    private static BaselineProfile baseline(String id, String kind, int rows, long seed) {
        Random random = new Random(seed);
        List<Map<String, Object>> data = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            data.add(row(random, false));
        }
        return BaselineBuilder.fromRows(new BaselineBuilder.Spec(id, id, kind, "acme/bot/*/*", "synthetic",
                T0.minus(Duration.ofDays(1)), BaselineBuilder.Spec.DEFAULT_NUMERIC_K), data);
    }

    /** {@code count} interactions spread over window {@code index}. */
    private static void window(DriftHarness h, Random random, int index, int count, boolean shifted) {
        Instant start = T0.plus(WINDOW.multipliedBy(index));
        long step = WINDOW.toMillis() / count;
        for (int i = 0; i < count; i++) {
            h.send(start.plusMillis(i * step), row(random, shifted));
        }
    }

    private static Instant windowStart(int index) {
        return T0.plus(WINDOW.multipliedBy(index));
    }

    private static List<Signal> named(List<Signal> signals, String name) {
        return signals.stream().filter(s -> s.getName().equals(name)).toList();
    }

    @Test
    void shouldFlagShiftedFeaturesInTheFirstWindowAfterTheChangeAndSignalAfterTwo() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            h.baseline(baseline("prod-2026-11", BaselineBuilder.PRODUCTION, 4000, 1));
            Random random = new Random(2);
            window(h, random, 0, 400, false);
            window(h, random, 1, 400, true);
            window(h, random, 2, 400, true);
            h.tick(windowStart(3));

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(3);
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.getBaselineId()).isEqualTo("prod-2026-11");
                assertThat(r.getBaselineKind()).isEqualTo("production");
            });
            assertThat(DriftHarness.verdicts(reports.get(0))).doesNotContainValue("drift");
            Map<String, String> changed = DriftHarness.verdicts(reports.get(1));
            assertThat(changed).containsEntry("response_chars", "drift").containsEntry("finish_reason", "drift");
            assertThat(changed.get("prompt_chars")).isIn("no_drift", "warn");
            assertThat(changed.get("latency_ms")).isIn("no_drift", "warn");
            assertThat(changed.get("language")).isIn("no_drift", "warn");
            FeatureDrift response = DriftHarness.byFeature(reports.get(1)).get("response_chars");
            assertThat(response.getCurrentCount()).isEqualTo(400);
            assertThat(response.getReferenceCount()).isEqualTo(4000);
            assertThat(response.getStatistics().get("wasserstein_norm")).isGreaterThan(0.1);
            assertThat(response.getMethod()).contains("KLL k=200").contains("wasserstein_norm");
            assertThat(reports.get(1).getReportId()).isEqualTo(SEGMENT + "@" + windowStart(1));

            // N = 2 consecutive windows: the first drifting window does not yet make a signal, the second does
            List<Signal> detected = named(h.signals(), "drift.response_chars.detected");
            assertThat(detected).extracting(Signal::getValue).containsExactly(0.0, 0.0, 1.0);
            Signal fired = detected.get(2);
            assertThat(fired.getWindowStart()).isEqualTo(windowStart(2));
            assertThat(fired.getEvidence().getReportIds()).containsExactly(SEGMENT + "@" + windowStart(2));
            assertThat(fired.getEvidence().getBaselineIds()).containsExactly("prod-2026-11");
            assertThat(fired.getEvidence().getNote()).contains("drifting 2 of 2");
        }
    }

    @Test
    void shouldRaiseNoDriftSignalOverTwentyUnchangedWindows() {
        // the same traffic judged by effect size alone, to show what the significance requirement buys
        System.out.printf("false-alarm control without the significance requirement: %d detected signals = 1%n",
                controlRun(SETTINGS.withRequireSignificance(false)));
        assertThat(controlRun(SETTINGS)).isZero();
    }

    private static long controlRun(DriftTopologySettings settings) {
        try (DriftHarness h = new DriftHarness(settings)) {
            h.baseline(baseline("prod-control", BaselineBuilder.PRODUCTION, 4000, 11));
            Random random = new Random(12);
            for (int w = 0; w < 20; w++) {
                window(h, random, w, 400, false);
            }
            h.tick(windowStart(20));

            List<DriftReport> reports = h.reports();
            List<Signal> signals = h.signals();
            assertThat(reports).hasSize(20);
            long driftVerdicts = reports.stream().flatMap(r -> r.getFeatures().stream())
                    .filter(f -> f.getVerdict().equals("drift")).count();
            List<Signal> detected = signals.stream().filter(s -> s.getName().endsWith(".detected")).toList();
            long fired = detected.stream().filter(s -> s.getValue() == 1.0).count();
            System.out.printf("false-alarm control (require significance %s): 20 windows x 5 features, %d single-window "
                    + "drift verdicts, %d of %d detected signals = 1%n", settings.requireSignificance(), driftVerdicts,
                    fired, detected.size());
            assertThat(detected).hasSize(20 * 5);
            assertThat(named(signals, "drift.response_chars.psi")).hasSize(20)
                    .allSatisfy(s -> assertThat(s.getValue()).isLessThan(0.1));
            return fired;
        }
    }

    @Test
    void shouldSayInsufficientDataForSmallWindowsAndPublishNoSignal() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            h.baseline(baseline("prod-small", BaselineBuilder.PRODUCTION, 4000, 21));
            window(h, new Random(22), 0, 30, true);
            h.tick(windowStart(1));

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(1);
            assertThat(DriftHarness.verdicts(reports.get(0))).hasSize(5);
            assertThat(DriftHarness.verdicts(reports.get(0)).values()).containsOnly("insufficient_data");
            assertThat(DriftHarness.byFeature(reports.get(0)).get("response_chars").getCurrentCount()).isEqualTo(30);
            assertThat(h.signals()).isEmpty();
        }
    }

    @Test
    void shouldCompareWithTrailingWindowsWithoutABaseline() {
        DriftTopologySettings settings = SETTINGS.withTrailingWindows(3).withConsecutiveWindows(1);
        try (DriftHarness h = new DriftHarness(settings)) {
            Random random = new Random(31);
            for (int w = 0; w < 5; w++) {
                window(h, random, w, 400, false);
            }
            window(h, random, 5, 400, true);
            h.tick(windowStart(6));

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(6).allSatisfy(r -> {
                assertThat(r.getBaselineKind()).isEqualTo("trailing");
                assertThat(r.getBaselineId()).isNull();
            });
            // the first window has nothing to compare with
            assertThat(DriftHarness.verdicts(reports.get(0)).values()).containsOnly("insufficient_data");
            for (int w = 1; w < 5; w++) {
                assertThat(DriftHarness.verdicts(reports.get(w))).as("window %d", w).doesNotContainValue("drift");
            }
            // reference = the 3 previous windows merged
            assertThat(DriftHarness.byFeature(reports.get(4)).get("latency_ms").getReferenceCount()).isEqualTo(1200);
            Map<String, String> changed = DriftHarness.verdicts(reports.get(5));
            assertThat(changed).containsEntry("response_chars", "drift").containsEntry("finish_reason", "drift");
            List<Signal> signals = h.signals();
            assertThat(named(signals, "drift.response_chars.detected")).extracting(Signal::getValue)
                    .containsExactly(0.0, 0.0, 0.0, 0.0, 1.0);

            // only the newest 3 closed windows are kept per segment
            KeyValueStore<String, SegmentWindowProfile> trailing = h.driver.getKeyValueStore(DriftTopology.TRAILING_STORE);
            List<Instant> kept = new ArrayList<>();
            try (KeyValueIterator<String, SegmentWindowProfile> it = trailing.all()) {
                it.forEachRemaining(kv -> {
                    if (kv.value.getSegment().getId().equals(SEGMENT)) {
                        kept.add(kv.value.getWindowStart());
                    }
                });
            }
            assertThat(kept).containsExactly(windowStart(3), windowStart(4), windowStart(5));
        }
    }

    @Test
    void shouldReportSkewAgainstAnEvaluationBaseline() {
        try (DriftHarness h = new DriftHarness(SETTINGS.withConsecutiveWindows(1))) {
            h.baseline(baseline("eval-set", BaselineBuilder.EVALUATION, 4000, 41));
            window(h, new Random(42), 0, 400, true);
            h.tick(windowStart(1));

            DriftReport report = h.reports().get(0);
            assertThat(report.getBaselineKind()).isEqualTo("evaluation");
            List<Signal> signals = h.signals();
            assertThat(signals).allSatisfy(s -> assertThat(s.getName()).startsWith("skew."));
            assertThat(named(signals, "skew.response_chars.detected")).singleElement()
                    .satisfies(s -> assertThat(s.getValue()).isEqualTo(1.0));
            assertThat(named(signals, "skew.response_chars.psi")).singleElement()
                    .satisfies(s -> assertThat(s.getLabels()).containsEntry("reference", "evaluation"));
        }
    }

    @Test
    void shouldIgnoreInactiveAndNonMatchingBaselines() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            BaselineProfile inactive = baseline("old", BaselineBuilder.PRODUCTION, 500, 51);
            inactive.setActive(false);
            BaselineProfile otherApp = baseline("other-app", BaselineBuilder.PRODUCTION, 500, 52);
            otherApp.setSegmentPattern("acme/other/*/*");
            h.baseline(inactive);
            h.baseline(otherApp);
            window(h, new Random(53), 0, 100, false);
            h.tick(windowStart(1));

            assertThat(h.reports()).singleElement().satisfies(r -> assertThat(r.getBaselineKind()).isEqualTo("trailing"));
        }
    }

    @Test
    void shouldExpireOldWindowsFromTheWindowStore() {
        DriftTopologySettings settings = SETTINGS.withRetention(Duration.ofMinutes(30));
        try (DriftHarness h = new DriftHarness(settings)) {
            window(h, new Random(61), 0, 60, false);
            WindowStore<String, ValueAndTimestamp<SegmentWindowProfile>> store =
                    h.driver.getTimestampedWindowStore(DriftTopology.PROFILES_STORE);
            assertThat(fetch(store, windowStart(0))).isNotNull()
                    .satisfies(p -> assertThat(p.getInteractions()).isEqualTo(60));

            window(h, new Random(62), 2, 60, false);
            assertThat(fetch(store, windowStart(0))).as("within retention").isNotNull();

            window(h, new Random(63), 12, 60, false); // 2 h later: far beyond the 30 min retention
            assertThat(fetch(store, windowStart(0))).as("expired").isNull();
            assertThat(fetch(store, windowStart(12))).isNotNull();
        }
    }

    @Test
    void shouldDeadLetterEventTimesTooFarInTheFutureAndKeepComparingWindows() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            h.baseline(baseline("prod-future", BaselineBuilder.PRODUCTION, 4000, 71));
            Random random = new Random(72);
            window(h, random, 0, 400, false);
            // a client clock 2 h ahead (the harness clock is "now"): before the guard this record moved stream time
            // past every open window, so all later on-time traffic was dropped as late - and on a broker its
            // timestamp was rejected on the repartition topic (InvalidTimestampException), killing the thread
            h.send(DriftHarness.CLOCK.instant().plus(Duration.ofHours(2)), row(random, false));
            window(h, random, 1, 400, false);
            window(h, random, 2, 400, true);
            h.tick(windowStart(3));

            List<DriftReport> reports = h.reports();
            assertThat(reports).extracting(DriftReport::getWindowStart)
                    .containsExactly(windowStart(0), windowStart(1), windowStart(2));
            assertThat(reports).extracting(r -> DriftHarness.byFeature(r).get("response_chars").getCurrentCount())
                    .containsExactly(400L, 400L, 400L);
            assertThat(DriftHarness.verdicts(reports.get(2))).containsEntry("response_chars", "drift");
            List<DeadLetter> dead = h.deadLetters();
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.getReason()).isEqualTo(EventTimeTooFarInFutureException.REASON);
                assertThat(d.getMessage()).startsWith("event time too far in the future: 2026-11-24T02:00:00Z");
                assertThat(d.getStage()).isEqualTo("drift");
                assertThat(d.getSourceTopic()).isEqualTo(dev.genaimon.schemas.topics.Topics.INTERACTIONS);
            });
        }
    }

    private static SegmentWindowProfile fetch(WindowStore<String, ValueAndTimestamp<SegmentWindowProfile>> store,
                                              Instant start) {
        try (WindowStoreIterator<ValueAndTimestamp<SegmentWindowProfile>> it = store.fetch(SEGMENT, start, start)) {
            if (!it.hasNext()) {
                return null;
            }
            KeyValue<Long, ValueAndTimestamp<SegmentWindowProfile>> kv = it.next();
            return kv.value.value();
        }
    }
}
