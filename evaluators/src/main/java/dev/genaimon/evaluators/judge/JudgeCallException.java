package dev.genaimon.evaluators.judge;

import java.time.Duration;

/** A failed judge call: what went wrong, whether trying again can help, and how long the service asked us to wait. */
public final class JudgeCallException extends RuntimeException {

    private final int status;
    private final boolean retryable;
    private final Duration retryAfter;

    /**
     * @param status     HTTP status, or 0 when no response arrived (timeout, connection refused)
     * @param retryAfter the service's {@code Retry-After} / {@code retry-after-ms}, or {@code null}
     */
    public JudgeCallException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
        // 408 request timeout, 429 throttled, 5xx server side, 0 no answer: the same request may succeed later.
        this.retryable = status == 0 || status == 408 || status == 429 || status >= 500;
    }

    public int status() {
        return status;
    }

    public boolean retryable() {
        return retryable;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
