package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadDeathPolicyTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-24T03:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };

    @Test
    void shouldReplaceAThreadKilledByATransientTransactionFailureWrappedByStreams() {
        ThreadDeathPolicy policy = new ThreadDeathPolicy(2, Duration.ofMinutes(10), clock);
        Throwable commitRace = new StreamsException("commit failed",
                new InvalidTxnStateException("The producer attempted a transactional operation in an invalid state"));

        assertThat(policy.decide(commitRace)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(policy.decide(new StreamsException(new TimeoutException("metadata"))))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldStopTheStageWhenTransientDeathsRepeatWithinTheWindowAndReplaceAgainLater() {
        ThreadDeathPolicy policy = new ThreadDeathPolicy(2, Duration.ofMinutes(10), clock);
        Throwable death = new StreamsException(new InvalidTxnStateException("x"));
        policy.decide(death);
        now.set(now.get().plusSeconds(60));
        policy.decide(death);

        assertThat(policy.decide(death)).as("third within 10 minutes: a broken broker, fail loudly")
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        now.set(now.get().plus(Duration.ofMinutes(10)));
        assertThat(policy.decide(death)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    @Test
    void shouldStopTheStageForAnythingElse() {
        ThreadDeathPolicy policy = ThreadDeathPolicy.defaults();
        assertThat(policy.decide(new IllegalStateException("a bug"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(policy.decide(new StreamsException(new NullPointerException())))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }
}
