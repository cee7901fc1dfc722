package dev.genaimon.alerting.rules;

import java.time.Duration;

/**
 * How long something must hold: either a number of consecutive windows or a duration (exactly one is set; both
 * zero means "immediately").
 */
public record Span(int windows, Duration duration) {

    public static final Span ZERO = new Span(0, Duration.ZERO);

    public Span {
        if (windows < 0 || duration.isNegative()) {
            throw new IllegalArgumentException("negative span");
        }
        if (windows > 0 && !duration.isZero()) {
            throw new IllegalArgumentException("a span is windows or a duration, not both");
        }
    }

    public static Span ofWindows(int windows) {
        return new Span(windows, Duration.ZERO);
    }

    public static Span of(Duration duration) {
        return new Span(0, duration);
    }

    public boolean isZero() {
        return windows == 0 && duration.isZero();
    }

    /**
     * @param count      consecutive windows so far (including the current one)
     * @param sinceStart event time (ms) the run of windows started
     * @param now        event time (ms) of the end of the current window
     */
    public boolean satisfied(int count, long sinceStart, long now) {
        if (windows > 0) {
            return count >= windows;
        }
        return now - sinceStart >= duration.toMillis();
    }

    @Override
    public String toString() {
        return windows > 0 ? windows + " windows" : DurationText.format(duration);
    }
}
