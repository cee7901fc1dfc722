package dev.genaimon.ingest.otlp;

/** The body is not an OTLP {@code ExportTraceServiceRequest} in the declared encoding; the message says why. */
public final class MalformedOtlpException extends Exception {

    private static final long serialVersionUID = 1L;

    MalformedOtlpException(String message, Throwable cause) {
        super(message, cause);
    }
}
