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
    void soakGrowthIsTheSlopeOfTheSecondHalfInMbPerMinute() {
        ObjectMapper json = new ObjectMapper();
        ArrayNode samples = json.createArrayNode();
        long[] heap = {50, 400, 300, 300, 301, 302}; // start-up spike, then +1 MB per 10 s in the second half
        for (int i = 0; i < heap.length; i++) {
            samples.add(json.createObjectNode().put("t_s", i * 10.0).put("heap_after_gc_mb", heap[i]));
        }
        var growth = Soak.growth(samples, "heap_after_gc_mb");
        assertThat(growth.get("slope_mb_per_min_second_half").asDouble()).isCloseTo(6.0, within(1e-9));
        assertThat(growth.get("max").asLong()).isEqualTo(400);
        assertThat(growth.get("first").asLong()).isEqualTo(50);
        assertThat(growth.get("last").asLong()).isEqualTo(302);
    }
}
