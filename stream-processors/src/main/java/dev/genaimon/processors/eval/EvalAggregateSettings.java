package dev.genaimon.processors.eval;

import java.time.Duration;

/**
 * Settings of the eval-aggregate stage.
 *
 * @param window tumbling event-time window of the {@code eval.*} signals ({@code eval.window}, default 5 min)
 * @param grace  how late a score (by its interaction's time) may arrive and still count ({@code eval.grace}, default
 *               2 min)
 */
public record EvalAggregateSettings(Duration window, Duration grace) {

    public EvalAggregateSettings {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("eval.window must be positive, got " + window);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("eval.grace must not be negative, got " + grace);
        }
    }

    public static EvalAggregateSettings defaults() {
        return new EvalAggregateSettings(Duration.ofMinutes(5), Duration.ofMinutes(2));
    }
}
