package dev.genaimon.evaluators.safety.azure;

import java.time.Duration;

/** A failed Content Safety request: what went wrong, whether the service is unwell, how long it asked us to wait. */
final class ContentSafetyCallException extends RuntimeException {

    private final int status;
    private final Duration retryAfter;

    /**
     * @param status     HTTP status, or 0 when no response arrived (timeout, connection refused)
     * @param retryAfter the service's {@code Retry-After} / {@code retry-after-ms}, or {@code null}
     */
    ContentSafetyCallException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    int status() {
        return status;
    }

    Duration retryAfter() {
        return retryAfter;
    }

    boolean throttled() {
        return status == 429;
    }

    /** 0 (no answer), 408, 429 and 5xx say the service is unwell; other statuses say the request was refused. */
    boolean serviceUnwell() {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }
}
