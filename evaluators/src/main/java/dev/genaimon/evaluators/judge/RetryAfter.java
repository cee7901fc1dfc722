package dev.genaimon.evaluators.judge;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.function.Function;

/** Reads how long a throttled service asked us to wait: {@code retry-after-ms}, then {@code Retry-After}. */
public final class RetryAfter {

    private RetryAfter() {
    }

    /**
     * @param header header lookup by name (case-insensitive), returning {@code null} when absent
     * @param now    the current time, for the HTTP-date form of {@code Retry-After}
     * @return the requested wait, or {@code null} when the service gave none we can read
     */
    public static Duration parse(Function<String, String> header, Instant now) {
        for (String name : new String[] {"retry-after-ms", "x-ms-retry-after-ms"}) {
            String value = header.apply(name);
            if (value != null) {
                try {
                    return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(value.trim()))));
                } catch (NumberFormatException ignored) {
                    // fall through to Retry-After
                }
            }
        }
        String value = header.apply("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofMillis(Math.max(0, Math.round(Double.parseDouble(value.trim()) * 1000)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(now, at);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
