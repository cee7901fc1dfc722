package dev.genaimon.alerting.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ConditionTest {

    @Test
    void shouldCompareWithEveryOperator() {
        assertThat(Condition.parse("> 0.05").test(0.06)).isTrue();
        assertThat(Condition.parse("> 0.05").test(0.05)).isFalse();
        assertThat(Condition.parse(">= 0.05").test(0.05)).isTrue();
        assertThat(Condition.parse("<0.8").test(0.79)).isTrue();
        assertThat(Condition.parse("< 0.8").test(0.8)).isFalse();
        assertThat(Condition.parse("<= 0.8").test(0.8)).isTrue();
        assertThat(Condition.parse("== 1").test(1)).isTrue();
        assertThat(Condition.parse("!= 1").test(1)).isFalse();
        assertThat(Condition.parse("> -1e3").test(-999)).isTrue();
    }

    @Test
    void shouldTestRangesInclusively() {
        Condition outside = Condition.parse("outside [0.2, 0.8]");
        assertThat(outside.test(0.1)).isTrue();
        assertThat(outside.test(0.2)).isFalse();
        assertThat(outside.test(0.9)).isTrue();
        Condition inside = Condition.parse("inside [ 1 , 2 ]");
        assertThat(inside.test(1)).isTrue();
        assertThat(inside.test(2)).isTrue();
        assertThat(inside.test(2.01)).isFalse();
    }

    @Test
    void shouldNeverHoldForNaN() {
        assertThat(Condition.parse("!= 1").test(Double.NaN)).isFalse();
        assertThat(Condition.parse("outside [0, 1]").test(Double.NaN)).isFalse();
    }

    @Test
    void shouldRejectBadSyntax() {
        assertThatThrownBy(() -> Condition.parse("=> 1")).hasMessageContaining("bad condition '=> 1'");
        assertThatThrownBy(() -> Condition.parse("> abc")).hasMessageContaining("expected one of");
        assertThatThrownBy(() -> Condition.parse("outside [1]")).hasMessageContaining("bad condition");
    }
}
