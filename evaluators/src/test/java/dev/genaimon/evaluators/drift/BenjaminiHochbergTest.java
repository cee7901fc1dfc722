package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.genaimon.evaluators.drift.BenjaminiHochberg.Test;
import java.util.List;

class BenjaminiHochbergTest {

    @org.junit.jupiter.api.Test
    void shouldRejectUpToTheLargestRankWhosePValueIsUnderItsStepUpBound() {
        // m = 5, q = 0.05: bounds 0.01, 0.02, 0.03, 0.04, 0.05. p_(3) = 0.029 <= 0.03 is the largest
        // passing rank, so ranks 1..3 are rejected even though p_(2) = 0.021 > 0.02.
        List<Test> tests = List.of(
                new Test("a", 0.029), new Test("b", 0.001), new Test("c", 0.9),
                new Test("d", 0.021), new Test("e", 0.045));
        assertThat(BenjaminiHochberg.rejected(tests, 0.05)).containsExactly("a", "b", "d");
    }

    @org.junit.jupiter.api.Test
    void shouldComputeMonotoneAdjustedPValuesLikeStatsmodels() {
        // statsmodels multipletests(method="fdr_bh") on [0.01, 0.04, 0.03, 0.2]
        List<BenjaminiHochberg.Outcome> out = BenjaminiHochberg.apply(List.of(
                new Test("a", 0.01), new Test("b", 0.04), new Test("c", 0.03), new Test("d", 0.2)), 0.05);
        assertThat(out.get(0).adjustedPValue()).isCloseTo(0.04, within(1e-12));
        assertThat(out.get(1).adjustedPValue()).isCloseTo(0.04 * 4 / 3, within(1e-12));
        assertThat(out.get(2).adjustedPValue()).isCloseTo(0.04 * 4 / 3, within(1e-12));
        assertThat(out.get(3).adjustedPValue()).isCloseTo(0.2, within(1e-12));
        assertThat(out).extracting(BenjaminiHochberg.Outcome::rejected).containsExactly(true, false, false, false);
    }

    @org.junit.jupiter.api.Test
    void shouldRejectNothingWhenNoPValueIsSmallEnough() {
        assertThat(BenjaminiHochberg.rejected(List.of(new Test("a", 0.2), new Test("b", 0.5)), 0.05)).isEmpty();
        assertThat(BenjaminiHochberg.rejected(List.of(), 0.05)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void shouldLeaveUntestableFeaturesOutOfTheFamily() {
        // with the NaN counted m would be 2 and 0.04 > 0.05/2·1 would still pass; with m = 1 it passes
        // either way, so check the NaN is never rejected and its adjusted value stays NaN.
        List<BenjaminiHochberg.Outcome> out = BenjaminiHochberg.apply(
                List.of(new Test("a", 0.04), new Test("nan", Double.NaN)), 0.05);
        assertThat(out.get(0).rejected()).isTrue();
        assertThat(out.get(1).rejected()).isFalse();
        assertThat(out.get(1).adjustedPValue()).isNaN();
    }

    @org.junit.jupiter.api.Test
    void shouldRefuseALevelOutsideZeroOne() {
        assertThatThrownBy(() -> BenjaminiHochberg.apply(List.of(), 1.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
