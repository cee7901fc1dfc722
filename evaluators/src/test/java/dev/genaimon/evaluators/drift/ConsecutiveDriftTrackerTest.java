package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConsecutiveDriftTrackerTest {

    @Test
    void shouldSignalOnlyAfterTheRequiredConsecutiveDriftingWindows() {
        ConsecutiveDriftTracker t = ConsecutiveDriftTracker.start(3);
        t = t.observe(10, true);
        assertThat(t.isSignal()).isFalse();
        t = t.observe(11, true);
        assertThat(t.isSignal()).isFalse();
        t = t.observe(12, true);
        assertThat(t.isSignal()).isTrue();
        assertThat(t.observe(13, false).isSignal()).isFalse();
    }

    @Test
    void shouldRestartTheStreakAfterACleanOrMissingWindow() {
        ConsecutiveDriftTracker t = ConsecutiveDriftTracker.start(2).observe(1, true).observe(2, false).observe(3, true);
        assertThat(t.streak()).isEqualTo(1);
        ConsecutiveDriftTracker gap = ConsecutiveDriftTracker.start(2).observe(1, true).observe(3, true);
        assertThat(gap.streak()).isEqualTo(1);
        assertThat(gap.isSignal()).isFalse();
    }

    @Test
    void shouldIgnoreReplayedOrLateWindows() {
        ConsecutiveDriftTracker t = ConsecutiveDriftTracker.start(2).observe(5, true);
        assertThat(t.observe(5, true)).isEqualTo(t);
        assertThat(t.observe(4, false)).isEqualTo(t);
    }

    @Test
    void shouldRoundTripThroughBytes() {
        ConsecutiveDriftTracker t = ConsecutiveDriftTracker.start(4).observe(7, true).observe(8, true);
        assertThat(ConsecutiveDriftTracker.fromBytes(t.toBytes())).isEqualTo(t);
        ConsecutiveDriftTracker fresh = ConsecutiveDriftTracker.start(1);
        assertThat(ConsecutiveDriftTracker.fromBytes(fresh.toBytes())).isEqualTo(fresh);
    }
}
