package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LoadShapeTest {

    @Test
    void uniformSpacesRecordsByOneOverRate() {
        long[] due = LoadShape.uniform(5, 1000);
        assertThat(due).containsExactly(0, 1_000_000, 2_000_000, 3_000_000, 4_000_000);
    }

    @Test
    void scaledGapsKeepTheShapeAndHitTheAverageRate() {
        // a burst (1 ms gaps) then a lull (97 ms): mean gap 25 ms = 40/s in the trace
        List<Double> gaps = List.of(1.0, 1.0, 1.0, 97.0);
        long[] due = LoadShape.scaledGaps(gaps, 9, 400); // ten times faster: mean gap 2.5 ms
        assertThat(due[1] - due[0]).isEqualTo(100_000);
        assertThat(due[4] - due[3]).isEqualTo(9_700_000);
        // two full cycles of the trace (8 gaps) take 8 x 2.5 ms
        assertThat(due[8]).isEqualTo(20_000_000);
    }

    @Test
    void dueUntilCountsWhatIsDueFromWhereTheSenderIs() {
        long[] due = LoadShape.uniform(10, 100); // every 10 ms
        assertThat(LoadShape.dueUntil(due, 0, 0)).isEqualTo(1);
        assertThat(LoadShape.dueUntil(due, 0, 35_000_000)).isEqualTo(4);
        assertThat(LoadShape.dueUntil(due, 4, 35_000_000)).isEqualTo(4);
        assertThat(LoadShape.dueUntil(due, 4, 1_000_000_000)).isEqualTo(10);
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> LoadShape.uniform(3, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LoadShape.scaledGaps(List.of(), 3, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
