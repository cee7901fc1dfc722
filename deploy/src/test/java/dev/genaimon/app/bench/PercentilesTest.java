package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PercentilesTest {

    @Test
    void nearestRankOnOneToHundred() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i; // unsorted input
        }
        Percentiles p = Percentiles.of(values);
        assertThat(p.count()).isEqualTo(100);
        assertThat(p.p50()).isEqualTo(50);
        assertThat(p.p90()).isEqualTo(90);
        assertThat(p.p99()).isEqualTo(99);
        assertThat(p.max()).isEqualTo(100);
        assertThat(values[0]).as("input left as it was").isEqualTo(100);
    }

    @Test
    void oneSlowRecordInTenIsTheP99() {
        long[] values = {5, 5, 5, 5, 5, 5, 5, 5, 5, 900};
        Percentiles p = Percentiles.of(values);
        assertThat(p.p50()).isEqualTo(5);
        assertThat(p.p90()).isEqualTo(5);
        assertThat(p.p99()).isEqualTo(900);
    }

    @Test
    void singleValueAndEmpty() {
        assertThat(Percentiles.of(new long[] {7})).isEqualTo(new Percentiles(1, 7, 7, 7, 7));
        assertThat(Percentiles.of(new long[0])).isEqualTo(new Percentiles(0, -1, -1, -1, -1));
    }
}
