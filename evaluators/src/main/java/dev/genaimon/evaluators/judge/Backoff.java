package dev.genaimon.evaluators.judge;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": attempt n waits between half and all of {@code initial * 2^n} (capped at
 * {@code max}), so retries from many callers spread out but never come back sooner than half the nominal wait. A
 * service's own {@code Retry-After} wins over the computed wait.
 */
record Backoff(Duration initial, Duration max, DoubleSupplier random) {

    /** The wait before retry number {@code retry} (0-based), or the service's {@code retryAfter} when it gave one. */
    Duration delay(int retry, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter;
        }
        double nominal = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(retry, 30)));
        return Duration.ofMillis(Math.round(nominal / 2 + random.getAsDouble() * nominal / 2));
    }
}
