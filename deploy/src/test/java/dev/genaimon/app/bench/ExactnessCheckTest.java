package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.eval.SampleHash;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The comparisons of the fault runs must be able to fail: each kind of inexactness is reported. */
class ExactnessCheckTest {

    @Test
    void shouldReportMissingDuplicatedAndUnexpectedKeys() {
        Set<String> expected = Set.of("a", "b", "c");
        assertThat(ExactnessCheck.keys("t", Map.of("a", 1, "b", 1, "c", 1), expected).ok()).isTrue();

        ExactnessCheck.Check missing = ExactnessCheck.keys("t", Map.of("a", 1, "b", 1), expected);
        assertThat(missing.ok()).isFalse();
        assertThat(missing.detail()).contains("missing 1 [c]");

        ExactnessCheck.Check twice = ExactnessCheck.keys("t", Map.of("a", 1, "b", 2, "c", 1), expected);
        assertThat(twice.ok()).isFalse();
        assertThat(twice.detail()).contains("duplicated 1 [b x2]");

        ExactnessCheck.Check extra = ExactnessCheck.keys("t", Map.of("a", 1, "b", 1, "c", 1, "d", 1), expected);
        assertThat(extra.ok()).isFalse();
        assertThat(extra.detail()).contains("unexpected 1 [d]");
    }

    @Test
    void shouldReportWindowsWhoseCountDiffersIsMissingOrUnexpected() {
        Map<String, Long> expected = Map.of("s|w1", 3L, "s|w2", 2L);
        assertThat(ExactnessCheck.windowCounts("c", Map.of("s|w1", 3.0, "s|w2", 2.0), expected).ok()).isTrue();
        assertThat(ExactnessCheck.windowCounts("c", Map.of("s|w1", 3.0, "s|w2", 1.0), expected).detail())
                .contains("s|w2 expected 2 got 1.0");
        assertThat(ExactnessCheck.windowCounts("c", Map.of("s|w1", 3.0), expected).ok()).isFalse();
        assertThat(ExactnessCheck.windowCounts("c", Map.of("s|w1", 3.0, "s|w2", 2.0, "s|w3", 1.0), expected)
                .detail()).contains("s|w3 unexpected");
    }

    @Test
    void shouldComputeTheExpectationFromTheInputAlone() {
        List<Interaction> data = BenchData.interactions(500, 512, 3);
        Instant base = Instant.parse("2026-11-23T10:00:00Z");
        for (int i = 0; i < data.size(); i++) {
            data.get(i).setTimestamp(base.plusSeconds(i)); // 500 s: windows 10:00 .. 10:08
        }
        Interaction closer = Interaction.newBuilder(data.get(0)).setInteractionId("closer-0")
                .setTimestamp(base.plusSeconds(7200)).build();
        Expected expected = Expected.of(data, List.of(closer), Segments.defaults(), Duration.ofMinutes(1), 0.1,
                List.of("length", "repetition"), "R");

        assertThat(expected.ids()).hasSize(501).contains("closer-0");
        long sampled = expected.ids().stream().filter(id -> SampleHash.unit(id) < 0.1).count();
        assertThat(expected.sampled()).hasSize((int) sampled);
        assertThat(expected.scoreKeys()).hasSize(2 * (int) sampled);
        // closers close windows but are not counted in them
        assertThat(expected.windowCounts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(500);
        assertThat(expected.windowCounts().keySet()).allMatch(k -> k.endsWith("Z") && !k.contains("T12:00"));
        assertThat(expected.segments()).hasSize(8);
        assertThat(expected.deployments()).containsExactlyInAnyOrder("gpt-4o-mini", "gpt-4o", "gpt-4.1",
                "claude-sonnet-4");
        assertThat(Expected.windowStart(Instant.parse("2026-11-23T10:03:59.999Z"), Duration.ofMinutes(1)))
                .isEqualTo(Instant.parse("2026-11-23T10:03:00Z"));
    }
}
