package dev.genaimon.processors;

import java.time.Duration;
import java.time.Instant;

/** Thrown by {@link EventTimeGuard} for a record whose event time is too far ahead; it ends up in the DLQ. */
public final class EventTimeTooFarInFutureException extends RuntimeException {

    /** The dead letter's reason code. */
    public static final String REASON = "EVENT_TIME_TOO_FAR_IN_FUTURE";

    public EventTimeTooFarInFutureException(Instant eventTime, Instant now, Duration maxSkew) {
        super("event time too far in the future: " + eventTime + " is " + Duration.between(now, eventTime)
                + " ahead of " + now + " (max skew " + maxSkew + ")");
    }
}
