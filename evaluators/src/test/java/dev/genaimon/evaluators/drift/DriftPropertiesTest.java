package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;

class DriftPropertiesTest {

    @Property(tries = 200)
    void statisticsOfIdenticalSamplesShowNoDrift(
            @ForAll @Size(min = 2, max = 300) double[] sample) {
        double[] finite = java.util.Arrays.stream(sample).filter(Double::isFinite).map(v -> v % 1e6).toArray();
        if (finite.length < 2) {
            return;
        }
        NumericStatistics s = DriftStatistics.exactNumeric(finite, finite.clone());
        assertThat(s.ksStatistic()).isZero();
        assertThat(s.ksPValue()).isEqualTo(1.0);
        assertThat(s.wasserstein()).isZero();
        assertThat(s.psi()).isZero();
        assertThat(s.jsDistance()).isCloseTo(0.0, within(1e-7));
        assertThat(s.hellinger()).isZero();
    }

    @Property(tries = 200)
    void ksAndWassersteinAreSymmetricAndBounded(
            @ForAll @Size(min = 1, max = 200) double[] a,
            @ForAll @Size(min = 1, max = 200) double[] b) {
        double[] x = java.util.Arrays.stream(a).filter(Double::isFinite).map(v -> v % 1e6).toArray();
        double[] y = java.util.Arrays.stream(b).filter(Double::isFinite).map(v -> v % 1e6).toArray();
        if (x.length < 2 || y.length < 2) {
            return;
        }
        NumericStatistics xy = DriftStatistics.exactNumeric(x, y);
        NumericStatistics yx = DriftStatistics.exactNumeric(y, x);
        assertThat(xy.ksStatistic()).isEqualTo(yx.ksStatistic());
        assertThat(xy.ksPValue()).isEqualTo(yx.ksPValue());
        assertThat(xy.wasserstein()).isCloseTo(yx.wasserstein(), within(1e-9 * Math.max(1, xy.wasserstein())));
        assertThat(xy.ksStatistic()).isBetween(0.0, 1.0);
        assertThat(xy.ksPValue()).isBetween(0.0, 1.0);
        assertThat(xy.jsDistance()).isBetween(0.0, 1.0);
        assertThat(xy.hellinger()).isBetween(0.0, 1.0);
        assertThat(xy.psi()).isGreaterThanOrEqualTo(0.0);
    }

    @Property(tries = 100)
    void kolmogorovSurvivalIsAProbabilityThatFallsWithTheStatistic(
            @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 5000) int n,
            @ForAll @DoubleRange(min = 0.0, max = 1.0) double d) {
        double p = KolmogorovDistribution.sf(n, d);
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(KolmogorovDistribution.sf(n, Math.min(1.0, d + 0.01))).isLessThanOrEqualTo(p + 1e-9);
    }
}
