package dev.genaimon.processors.drift;

import static dev.genaimon.processors.drift.DriftHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.FeatureDrift;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The v2 drift stage: partial profiles pre-aggregated per task and flushed before each commit. */
class DriftPreAggregationTest {

    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final DriftTopologySettings SETTINGS = DriftTopologySettings.tumbling(WINDOW, Duration.ZERO);

    private static Map<String, Object> row(Random random, boolean shifted) {
        double response = Math.rint(Math.exp((shifted ? 7.15 : 7.0) + 0.5 * random.nextGaussian()));
        String finish = random.nextDouble() < (shifted ? 0.20 : 0.08) ? "length" : "stop";
        return Map.of("response_chars", response, "finish_reason", finish);
    }

    private static void send(DriftHarness h, Random random, int window, int from, int to, int perWindow,
                             boolean shifted) {
        Instant start = T0.plus(WINDOW.multipliedBy(window));
        long step = WINDOW.toMillis() / perWindow;
        for (int i = from; i < to; i++) {
            h.send(start.plusMillis(i * step), row(random, shifted));
        }
    }

    private static Map<String, Long> counts(DriftReport report) {
        return Map.of("response_chars", DriftHarness.byFeature(report).get("response_chars").getCurrentCount(),
                "finish_reason", DriftHarness.byFeature(report).get("finish_reason").getCurrentCount());
    }

    /**
     * The commit hook is what makes the in-memory pre-aggregation exactly-once: Kafka Streams must call it before it
     * commits (the driver commits after every input record). A restart over the same state cannot be shown here:
     * TopologyTestDriver.close() wipes its state directory; {@code DriftRestartIT} (deploy) does it on a broker.
     */
    @Test
    void shouldFlushThePreAggregatesBeforeEveryCommitAndCountEachInteractionOnce() {
        Random random = new Random(7);
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            PreAggregateStore hook = (PreAggregateStore) h.driver.getStateStore(DriftTopology.PRE_AGGREGATE_STORE);
            // the pre-aggregator found the internal context it needs to forward at a flush, so it buffers
            assertThat(hook.hooked()).isTrue();
            send(h, random, 0, 0, 300, 700, false);
            assertThat(hook.flushes()).isGreaterThanOrEqualTo(300);
            send(h, random, 0, 300, 700, 700, false);
            send(h, random, 1, 0, 700, 700, false);
            h.tick(T0.plus(WINDOW.multipliedBy(2)));
            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(2);
            assertThat(counts(reports.get(0))).containsEntry("response_chars", 700L).containsEntry("finish_reason", 700L);
            assertThat(counts(reports.get(1))).containsEntry("response_chars", 700L).containsEntry("finish_reason", 700L);
            // window 1 is compared with window 0 (trailing reference), which holds all 700
            FeatureDrift response = DriftHarness.byFeature(reports.get(1)).get("response_chars");
            assertThat(response.getReferenceCount()).isEqualTo(700);
            assertThat(response.getVerdict()).isNotEqualTo("drift");
        }
    }

    @Test
    void shouldProfileWindowsOfThousandsOfInteractions() {
        try (DriftHarness h = new DriftHarness(SETTINGS)) {
            Random random = new Random(3);
            send(h, random, 0, 0, 3_000, 3_000, false);
            send(h, random, 1, 0, 3_000, 3_000, true);
            h.tick(T0.plus(WINDOW.multipliedBy(2)));
            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(2);
            assertThat(counts(reports.get(0))).containsEntry("response_chars", 3_000L);
            FeatureDrift response = DriftHarness.byFeature(reports.get(1)).get("response_chars");
            assertThat(response.getCurrentCount()).isEqualTo(3_000);
            assertThat(response.getReferenceCount()).isEqualTo(3_000);
            // the 16 % longer responses are found in a 3,000-interaction window against the previous one
            assertThat(response.getVerdict()).isEqualTo("drift");
            assertThat(DriftHarness.byFeature(reports.get(1)).get("finish_reason").getVerdict()).isEqualTo("drift");
        }
    }

    /**
     * Hopping windows whose size is not a multiple of the advance (10 min every 4 min): partials are cut into slices
     * of gcd(size, advance) = 2 min, so each lands in exactly the windows of its rows.
     */
    @Test
    void shouldCountEachRowInEveryHoppingWindowThatContainsIt() {
        DriftTopologySettings hopping = SETTINGS.withAdvance(Duration.ofMinutes(4));
        Map<Instant, Long> expected = new java.util.TreeMap<>();
        try (DriftHarness h = new DriftHarness(hopping)) {
            Random random = new Random(5);
            for (int minute = 0; minute < 20; minute++) {
                Instant at = T0.plus(Duration.ofMinutes(minute)).plusSeconds(30);
                h.send(at, row(random, false));
                long advance = Duration.ofMinutes(4).toMillis();
                for (long start = at.toEpochMilli() / advance * advance; start > at.toEpochMilli() - WINDOW.toMillis();
                     start -= advance) {
                    expected.merge(Instant.ofEpochMilli(start), 1L, Long::sum);
                }
            }
            h.tick(T0.plus(Duration.ofHours(2)));
            Map<Instant, Long> actual = new java.util.TreeMap<>();
            for (DriftReport report : h.reports()) {
                actual.put(report.getWindowStart(), counts(report).get("response_chars"));
            }
            assertThat(expected).hasSize(7).containsEntry(T0, 10L).containsEntry(T0.plus(Duration.ofMinutes(16)), 4L);
            assertThat(actual).isEqualTo(expected);
        }
    }
}
