package dev.genaimon.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A value that cannot be decoded, with a machine-readable {@link Reason} for the dead-letter topic. Extends Kafka's
 * {@link SerializationException} so Kafka Streams' deserialization exception handlers see it.
 */
public final class AvroDecodingException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why decoding failed; the DLQ reason code. */
    public enum Reason {
        EMPTY,
        UNKNOWN_FORMAT,
        UNKNOWN_FINGERPRINT,
        UNKNOWN_SCHEMA_ID,
        REGISTRY_UNAVAILABLE,
        INCOMPATIBLE_SCHEMA,
        TRUNCATED,
        TRAILING_BYTES,
        MALFORMED
    }

    private final Reason reason;

    public AvroDecodingException(Reason reason, String message) {
        super(reason + ": " + message);
        this.reason = reason;
    }

    public AvroDecodingException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
