package dev.genaimon.ingest.http;

import java.util.List;

/**
 * A request that cannot be served, with its HTTP status, a stable error code and a message for humans. Thrown inside
 * handlers, rendered as {@code {"error": code, "message": ..., "details": [...]}}.
 */
final class HttpProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient List<?> details;
    private final String retryAfterSeconds;

    HttpProblem(int status, String code, String message, List<?> details, String retryAfterSeconds) {
        super(message);
        this.status = status;
        this.code = code;
        this.details = details == null ? List.of() : List.copyOf(details);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    HttpProblem(int status, String code, String message) {
        this(status, code, message, List.of(), null);
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    List<?> details() {
        return details;
    }

    String retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
