package dev.genaimon.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final long NOW = Instant.parse("2026-11-23T12:00:00Z").toEpochMilli();

    @Test
    void shouldGrowExponentiallyUpToTheCapWithFullJitter() {
        Backoff top = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), () -> 0.999_999);
        assertThat(top.delay(0, null, NOW)).isEqualTo(Duration.ofMillis(99));
        assertThat(top.delay(1, null, NOW)).isEqualTo(Duration.ofMillis(199));
        assertThat(top.delay(4, null, NOW)).isEqualTo(Duration.ofMillis(1599));
        assertThat(top.delay(5, null, NOW)).isEqualTo(Duration.ofMillis(2999));
        assertThat(top.delay(60, null, NOW)).isEqualTo(Duration.ofMillis(2999));

        Backoff bottom = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(3), () -> 0.0);
        assertThat(bottom.delay(5, null, NOW)).as("full jitter reaches down to zero").isZero();
    }

    @Test
    void shouldWaitWhatRetryAfterSaysInSecondsOrAsADateUpToTheCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(30), () -> 0.5);
        assertThat(backoff.delay(0, "7", NOW)).isEqualTo(Duration.ofSeconds(7));
        assertThat(backoff.delay(0, "Mon, 23 Nov 2026 12:00:12 GMT", NOW)).isEqualTo(Duration.ofSeconds(12));
        assertThat(backoff.delay(0, "3600", NOW)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(2, "soon", NOW)).as("unreadable: jitter").isEqualTo(Duration.ofMillis(200));
    }
}
