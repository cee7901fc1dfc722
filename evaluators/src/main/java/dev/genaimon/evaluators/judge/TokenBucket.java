package dev.genaimon.evaluators.judge;

import java.time.Clock;
import java.time.Duration;

/**
 * A token bucket: holds up to {@code capacity}, refills continuously at {@code capacity} per {@code period}. Takes are
 * all-or-nothing, so the amount spent over any period is at most {@code capacity} plus what refilled in it. A spent
 * amount larger than was reserved may push the level below zero (a debt paid back by the refill).
 */
public final class TokenBucket {

    private final double capacity;
    private final double perMilli;
    private final Clock clock;
    private double level;
    private long updatedAt;

    public TokenBucket(double capacity, Duration period, Clock clock) {
        this.capacity = capacity;
        this.perMilli = capacity / Math.max(1, period.toMillis());
        this.clock = clock;
        this.level = capacity;
        this.updatedAt = clock.millis();
    }

    /** Takes {@code amount} when the bucket holds that much; otherwise takes nothing. */
    public synchronized boolean tryTake(double amount) {
        refill();
        if (level >= amount) {
            level -= amount;
            return true;
        }
        return false;
    }

    /** Puts back (refund, up to capacity) or takes more (debt) once the real amount is known. */
    public synchronized void adjust(double delta) {
        refill();
        level = Math.min(capacity, level + delta);
    }

    public synchronized double level() {
        refill();
        return level;
    }

    /** How long until {@code amount} is available at the refill rate (zero if it is now). */
    public synchronized Duration timeUntil(double amount) {
        refill();
        return level >= amount ? Duration.ZERO : Duration.ofMillis((long) Math.ceil((amount - level) / perMilli));
    }

    private void refill() {
        long now = clock.millis();
        if (now > updatedAt) {
            level = Math.min(capacity, level + (now - updatedAt) * perMilli);
            updatedAt = now;
        }
    }
}
