package dev.genaimon.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.OpsWindow;
import dev.genaimon.schemas.avro.ToolCall;
import dev.genaimon.schemas.serde.AvroSerdes;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllSketch;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class OpsWindowsTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Segments SEGMENTS = Segments.defaults();

    @Test
    void shouldMergeWindowsFromTwoPartitionsIntoOneDistribution() {
        // what the repartition achieves: two partial windows of one segment become one, sketches included
        Serde<OpsWindow> serde = AvroSerdes.singleObject().valueSerde(OpsWindow.class);
        Random random = new Random(7);
        double[] all = new double[2000];
        OpsWindow[] halves = new OpsWindow[2];
        for (int i = 0; i < all.length; i++) {
            all[i] = Math.round(Math.exp(Math.log(600) + 0.8 * random.nextGaussian()));
            OpsWindow one = OpsWindows.of(interaction("i-" + i, (long) all[i]), SEGMENTS, 200, 3);
            int half = i % 2;
            halves[half] = halves[half] == null ? one : OpsWindows.merge(halves[half], one);
        }
        // through the store serde, as the reduce sees its aggregate
        OpsWindow left = serde.deserializer().deserialize("t", serde.serializer().serialize("t", halves[0]));
        OpsWindow leftCopy = OpsWindow.newBuilder(left).build();

        OpsWindow merged = OpsWindows.merge(left, halves[1]);

        assertThat(left).as("inputs are never modified").isEqualTo(leftCopy);
        assertThat(merged.getInteractions()).isEqualTo(2000);
        KllDoublesSketch sketch = OpsWindows.heapify(merged.getLatency());
        assertThat(sketch.getN()).isEqualTo(2000);
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double epsilon = KllSketch.getNormalizedRankError(200, false);
        for (double q : new double[] {0.5, 0.95, 0.99}) {
            double estimate = sketch.getQuantile(q);
            long rank = Arrays.stream(sorted).filter(v -> v <= estimate).count();
            assertThat(Math.abs((double) rank / sorted.length - q)).as("q=%s", q).isLessThanOrEqualTo(epsilon);
        }
        assertThat(merged.getSlowest()).hasSize(OpsWindows.MAX_SAMPLES);
        assertThat(merged.getSlowest().get(0).getLatencyMs()).isEqualTo(sorted[sorted.length - 1]);
    }

    @Test
    void shouldPublishOnlyCountsAndSumsForWindowsBelowTheMinimumSampleCount() {
        OpsWindow window = null;
        for (int i = 0; i < 9; i++) {
            OpsWindow one = OpsWindows.of(interaction("s-" + i, 100L + i), SEGMENTS, 200, 3);
            window = window == null ? one : OpsWindows.merge(window, one);
        }
        List<String> small = OpsWindows.signals(window, T0, T0.plusSeconds(60), T0.plusSeconds(61), 10).stream()
                .map(s -> s.getName()).toList();
        assertThat(small).containsExactlyInAnyOrder("ops.request_count", "ops.error_rate", "ops.tokens_in",
                "ops.tokens_out", "cost.usd");
        assertThat(OpsWindows.ADDITIVE).containsExactlyInAnyOrderElementsOf(small);

        OpsWindow tenth = OpsWindows.merge(window, OpsWindows.of(interaction("s-9", 120L), SEGMENTS, 200, 3));
        List<String> full = OpsWindows.signals(tenth, T0, T0.plusSeconds(60), T0.plusSeconds(61), 10).stream()
                .map(s -> s.getName()).toList();
        assertThat(full).as("at the minimum every signal is published").contains("ops.latency.p95_ms",
                "ops.throttle_rate").containsAll(small);
        assertThat(OpsWindows.signals(window, T0, T0.plusSeconds(60), T0.plusSeconds(61)))
                .as("without a minimum (the default 1) a small window publishes everything").hasSameSizeAs(full);
    }

    @Test
    void shouldCountALoopAtTheConfiguredNumberOfRepeats() {
        List<ToolCall> twice = List.of(call("search", "{}"), call("search", "{}"), call("fetch", "{}"));

        assertThat(OpsWindows.isLoop(twice, 3)).isFalse();
        assertThat(OpsWindows.isLoop(twice, 2)).isTrue();
        assertThat(OpsWindows.isLoop(List.of(call("a", "{}"), call("b", "{}"), call("c", "{}")), 2))
                .as("same arguments, different tools").isFalse();
    }

    @Test
    void shouldFallBackToTheInteractionFieldsWithoutEnrichFeatures() {
        Interaction raw = interaction("raw-1", 450L);
        raw.setFeatures(null);
        raw.setUsage(new dev.genaimon.schemas.avro.TokenUsage(30L, 12L, 42L, null));
        raw.setStatus(new dev.genaimon.schemas.avro.CallStatus("error", 429, null, "slow down"));

        OpsWindow one = OpsWindows.of(raw, SEGMENTS, 200, 3);

        assertThat(one.getTokensIn()).isEqualTo(30);
        assertThat(one.getTokensOut()).isEqualTo(12);
        assertThat(one.getErrorsByType()).containsEntry(OpsWindows.UNKNOWN_ERROR, 1L);
        assertThat(one.getThrottled()).isEqualTo(1);
        assertThat(OpsWindows.heapify(one.getLatency()).getQuantile(0.5)).isEqualTo(450.0);
        assertThat(one.getSegment().getId()).isEqualTo("acme/support-bot/gpt-4o-mini/answer:v3");
    }

    private static ToolCall call(String name, String arguments) {
        return ToolCall.newBuilder().setName(name).setArguments(arguments).build();
    }

    private static Interaction interaction(String id, long latencyMs) {
        return OpsMetricsTopologyTest.interaction(id, T0, latencyMs, null).build();
    }
}
