package dev.genaimon.alerting.notify;

import java.time.Duration;

/**
 * How long a notification is retried: exponential backoff from {@code initialBackoff} doubling to
 * {@code maxBackoff}, with "equal jitter" (half fixed, half random), until {@code maxAttempts} attempts or
 * {@code maxAge} since it was enqueued; then it goes to the delivery DLQ.
 */
public record RetryPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts, Duration maxAge) {

    public static RetryPolicy defaults() {
        return new RetryPolicy(Duration.ofSeconds(5), Duration.ofMinutes(5), 500, Duration.ofHours(24));
    }

    public RetryPolicy {
        if (initialBackoff.isNegative() || initialBackoff.isZero() || maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("need 0 < initial backoff <= max backoff, got " + initialBackoff
                    + " and " + maxBackoff);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be >= 1, got " + maxAttempts);
        }
    }

    /**
     * @param attempts attempts made so far (>= 1)
     * @param random   uniform in [0, 1)
     */
    public Duration backoff(int attempts, double random) {
        long base = initialBackoff.toMillis();
        for (int i = 1; i < attempts && base < maxBackoff.toMillis(); i++) {
            base *= 2;
        }
        base = Math.min(base, maxBackoff.toMillis());
        return Duration.ofMillis(base / 2 + (long) (random * (base - base / 2)));
    }

    public boolean exhausted(int attempts, Duration age) {
        return attempts >= maxAttempts || age.compareTo(maxAge) >= 0;
    }
}
