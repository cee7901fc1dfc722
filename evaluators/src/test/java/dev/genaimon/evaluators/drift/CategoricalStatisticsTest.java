package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

class CategoricalStatisticsTest {

    @Test
    void shouldTreatACategoryUnseenInTheReferenceAsAZeroCount() {
        // scipy.stats.chi2_contingency([[50, 50, 0], [40, 40, 20]], correction=False)
        CategoricalStatistics s = DriftStatistics.exactCategorical(
                Map.of("a", 50L, "b", 50L), Map.of("a", 40L, "b", 40L, "new", 20L));
        assertThat(s.chi2Statistic()).isCloseTo(22.22222222222222, within(1e-9));
        assertThat(s.chi2PValue()).isCloseTo(1.4945338524781447e-05, within(1e-12));
        assertThat(s.histogram().labels()).containsExactly("a", "b", "new");
        assertThat(s.psi()).isGreaterThan(0.25); // the floored 1e-4 reference share makes "new" dominate
    }

    @Test
    void shouldDropCategoriesWithZeroTotalLikeScipyWouldNeed() {
        CategoricalStatistics with = DriftStatistics.exactCategorical(
                Map.of("a", 30L, "b", 70L, "gone", 0L), Map.of("a", 60L, "b", 40L, "gone", 0L));
        CategoricalStatistics without = DriftStatistics.exactCategorical(
                Map.of("a", 30L, "b", 70L), Map.of("a", 60L, "b", 40L));
        assertThat(with.chi2Statistic()).isEqualTo(without.chi2Statistic());
        assertThat(with.chi2PValue()).isEqualTo(without.chi2PValue());
        assertThat(with.jsDistance()).isEqualTo(without.jsDistance());
    }

    @Test
    void shouldReturnNoEvidenceWhenOnlyOneCategoryExists() {
        CategoricalStatistics s = DriftStatistics.exactCategorical(Map.of("a", 30L), Map.of("a", 60L));
        assertThat(s.chi2Statistic()).isZero();
        assertThat(s.chi2PValue()).isEqualTo(1.0);
        assertThat(s.jsDistance()).isZero();
    }
}
