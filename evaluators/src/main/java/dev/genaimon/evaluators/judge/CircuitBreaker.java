package dev.genaimon.evaluators.judge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Stops calling a judge that keeps failing. Closed: calls go through; {@code threshold} consecutive failures open
 * it. Open: calls are refused until {@code coolDown} has passed, then it is half-open. Half-open: exactly one probe
 * call goes through; its success closes the breaker, its failure opens it for another cool-down.
 */
public final class CircuitBreaker {

    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int threshold;
    private final Duration coolDown;
    private final Clock clock;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private Instant openedAt = Instant.MIN;
    private boolean probeInFlight;

    public CircuitBreaker(int threshold, Duration coolDown, Clock clock) {
        this.threshold = threshold;
        this.coolDown = coolDown;
        this.clock = clock;
    }

    /** Whether a call may go out now; in half-open state only the first caller gets the probe. */
    public synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (clock.instant().isBefore(openedAt.plus(coolDown))) {
                    return false;
                }
                state = State.HALF_OPEN;
                probeInFlight = true;
                return true;
            default:
                if (probeInFlight) {
                    return false;
                }
                probeInFlight = true;
                return true;
        }
    }

    /** The service answered (even if the answer was unusable): it is up. */
    public synchronized void onSuccess() {
        consecutiveFailures = 0;
        probeInFlight = false;
        state = State.CLOSED;
    }

    /** The call failed in a way that says the service is unwell (timeout, 429, 5xx, connection). */
    public synchronized void onFailure() {
        consecutiveFailures++;
        probeInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
            state = State.OPEN;
            openedAt = clock.instant();
        }
    }

    /** An acquired call was not sent after all (e.g. the budget said no): free the probe slot. */
    public synchronized void onCancel() {
        probeInFlight = false;
    }

    public synchronized State state() {
        return state;
    }

    /** Why calls are refused, for the error result. */
    public synchronized String describe() {
        return describe("judge calls");
    }

    /** Why calls are refused, naming what failed (e.g. {@code content safety calls}). */
    public synchronized String describe(String calls) {
        Duration left = Duration.between(clock.instant(), openedAt.plus(coolDown));
        return "circuit breaker open after " + consecutiveFailures + " consecutive failed " + calls
                + "; next probe in " + Math.max(0, (left.toMillis() + 999) / 1000) + "s";
    }
}
