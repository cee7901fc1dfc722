package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ResourceSamplerTest {

    @Test
    void readsVmRssFromProcStatus() {
        String status = "Name:\tjava\nVmPeak:\t 9000000 kB\nVmRSS:\t  123456 kB\nThreads:\t80\n";
        assertThat(ResourceSampler.rssKb(status)).isEqualTo(123456);
        assertThat(ResourceSampler.rssKb("Name:\tjava\n")).isEqualTo(-1);
    }

    @Test
    void directBufferMemoryIsCounted() {
        long before = ResourceSampler.directBytes();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocateDirect(4 << 20);
        assertThat(ResourceSampler.directBytes()).isGreaterThanOrEqualTo(before + (4 << 20));
        assertThat(buffer.capacity()).isEqualTo(4 << 20); // keeps the buffer reachable until here
    }

    @Test
    void slopeOfALine() {
        double[] x = {0, 10, 20, 30};
        assertThat(ResourceSampler.slope(x, new double[] {100, 105, 110, 115})).isCloseTo(0.5, within(1e-9));
        assertThat(ResourceSampler.slope(x, new double[] {7, 7, 7, 7})).isCloseTo(0, within(1e-9));
        assertThat(ResourceSampler.slope(new double[] {1}, new double[] {1})).isZero();
    }

    @Test
    void lagCountsAssignedPartitionsOnlyAndAMissingCommitFromZero() {
        TopicPartition a0 = new TopicPartition("a", 0);
        TopicPartition a1 = new TopicPartition("a", 1);
        TopicPartition b0 = new TopicPartition("b", 0);
        Map<TopicPartition, Long> end = Map.of(a0, 100L, a1, 50L, b0, 1000L);
        Map<TopicPartition, Long> committed = Map.of(a0, 90L, b0, 0L);
        assertThat(ResourceSampler.lag(List.of(a0, a1), end, committed)).isEqualTo(10 + 50);
        assertThat(ResourceSampler.lag(List.of(a0), end, Map.of(a0, 120L))).as("never negative").isZero();
    }

    @Test
    void soakGrowthIsTheSlopeAfterTheWarmUpInMbPerMinute() {
        ObjectMapper json = new ObjectMapper();
        ArrayNode samples = json.createArrayNode();
        long[] heap = {50, 400, 300, 300, 301, 302}; // start-up spike, then +1 MB per 10 s after the warm-up
        for (int i = 0; i < heap.length; i++) {
            samples.add(json.createObjectNode().put("t_s", i * 10.0).put("heap_after_gc_mb", heap[i]));
        }
        var growth = Soak.growth(samples, "heap_after_gc_mb", 25);
        assertThat(growth.get("fit_from_s").asDouble()).isEqualTo(30.0);
        assertThat(growth.get("points").asInt()).isEqualTo(3);
        assertThat(growth.get("slope_mb_per_min").asDouble()).isCloseTo(6.0, within(1e-9));
        assertThat(growth.get("slope_ci95_mb_per_min").get(0).asDouble()).as("a straight line: no spread").isCloseTo(6.0, within(1e-9));
        assertThat(growth.get("max").asLong()).isEqualTo(400);
        assertThat(growth.get("first").asLong()).isEqualTo(50);
        assertThat(growth.get("last").asLong()).isEqualTo(302);
        // a warm-up longer than the run leaves fewer than three points: the second half is fitted instead
        assertThat(Soak.growth(samples, "heap_after_gc_mb", 1000).get("fit_from_s").asDouble()).isEqualTo(30.0);
    }

    @Test
    void noisyFlatSeriesHasAnIntervalAroundZeroAndASteadyRiseOneThatExcludesIt() {
        double[] x = new double[60];
        double[] flat = new double[60];
        double[] rising = new double[60];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 10.0;
            double noise = (i % 3 - 1) * 20.0; // -20, 0, +20 MB, repeating
            flat[i] = 1000 + noise;
            rising[i] = 1000 + noise + 0.05 * x[i]; // +3 MB/min
        }
        ResourceSampler.Fit flatFit = ResourceSampler.fit(x, flat);
        assertThat(flatFit.slope() - flatFit.halfWidth95()).isNegative();
        assertThat(flatFit.slope() + flatFit.halfWidth95()).isPositive();
        ResourceSampler.Fit risingFit = ResourceSampler.fit(x, rising);
        assertThat(risingFit.slope() * 60).isCloseTo(3.0, within(0.5)); // the repeating noise tilts the fit a little
        assertThat(risingFit.slope() - risingFit.halfWidth95()).isPositive();
        assertThat(ResourceSampler.fit(new double[] {0, 1}, new double[] {0, 1}).halfWidth95()).isNaN();
    }

    @Test
    void studentTQuantilesMatchTheTable() {
        assertThat(ResourceSampler.t975(1)).isCloseTo(12.706, within(1e-3));
        assertThat(ResourceSampler.t975(6)).isCloseTo(2.447, within(2e-3));
        assertThat(ResourceSampler.t975(10)).isCloseTo(2.228, within(2e-3));
        assertThat(ResourceSampler.t975(30)).isCloseTo(2.042, within(2e-3));
        assertThat(ResourceSampler.t975(120)).isCloseTo(1.980, within(2e-3));
    }

    @Test
    void nativeMemorySummaryIsReadPerCategory() {
        String summary = """
                Native Memory Tracking:

                Total: reserved=3413347KB, committed=1880443KB
                       malloc: 72791KB #514345

                -                 Java Heap (reserved=1572864KB, committed=1572864KB)
                                            (mmap: reserved=1572864KB, committed=1572864KB)

                -                    Thread (reserved=233251KB, committed=24927KB)
                                            (thread #228)

                -    Native Memory Tracking (reserved=8275KB, committed=8275KB)
                """;
        assertThat(NativeMemory.committedKb(summary)).containsExactly(Map.entry("Total", 1880443L),
                Map.entry("Java Heap", 1572864L), Map.entry("Thread", 24927L),
                Map.entry("Native Memory Tracking", 8275L));
        assertThat(NativeMemory.committedKb("Native memory tracking is not enabled")).isEmpty();
        assertThat(NativeMemory.committedKb(null)).isEmpty();
        ObjectMapper json = new ObjectMapper();
        var diff = Soak.difference(json.createObjectNode().put("Total", 100).put("Thread", 10),
                json.createObjectNode().put("Total", 150).put("Thread", 5).put("Code", 1));
        assertThat(diff.get("Total").asLong()).isEqualTo(50);
        assertThat(diff.get("Thread").asLong()).isEqualTo(-5);
        assertThat(diff.has("Code")).isFalse();
    }
}
