package dev.genaimon.client;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.DoubleSupplier;

/**
 * How long to wait before a retry: the server's Retry-After when it sent one, else exponential backoff with full
 * jitter (a uniform pick in [0, min(max, initial * 2^attempt)]), so many clients that failed together do not come
 * back together. Both are capped at {@code max}.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * @param attempt    0 for the first retry
     * @param retryAfter the server's Retry-After header value, or null
     */
    Duration delay(int attempt, String retryAfter, long nowEpochMillis) {
        Duration asked = parseRetryAfter(retryAfter, nowEpochMillis);
        if (asked != null) {
            return asked.compareTo(max) > 0 ? max : asked;
        }
        double ceiling = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(attempt, 30)));
        return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
    }

    /** Retry-After is either delay-seconds or an HTTP date (RFC 9110); anything else is ignored. */
    static Duration parseRetryAfter(String value, long nowEpochMillis) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - nowEpochMillis));
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
