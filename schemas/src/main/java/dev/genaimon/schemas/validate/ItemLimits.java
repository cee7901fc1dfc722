package dev.genaimon.schemas.validate;

import java.time.Duration;

/**
 * What {@link InteractionValidator} and {@link FeedbackValidator} enforce on one item, wherever it comes in: the
 * HTTP/OTLP ingest (from {@code ingest.*} configuration) and the Java client's direct Kafka mode (which must use the
 * values the server is configured with, so the downstream cannot tell the two apart).
 *
 * @param maxStringChars      longest single text field (prompt, response, context document, ...)
 * @param maxMessages         most request messages per interaction
 * @param maxContextDocuments most retrieval-context documents per interaction
 * @param maxToolCalls        most tool calls per interaction
 * @param maxFutureSkew       how far in the future a timestamp may be (client clock skew)
 * @param maxAge              how old a timestamp may be
 * @param idHashSalt          salt for hashing raw userId/sessionId into userIdHash/sessionIdHash
 */
public record ItemLimits(int maxStringChars, int maxMessages, int maxContextDocuments, int maxToolCalls,
                         Duration maxFutureSkew, Duration maxAge, String idHashSalt) {

    public ItemLimits {
        if (maxStringChars < 1 || maxMessages < 0 || maxContextDocuments < 0 || maxToolCalls < 0) {
            throw new IllegalArgumentException("item limits must not be negative (and maxStringChars at least 1)");
        }
        if (maxFutureSkew == null || maxAge == null || maxFutureSkew.isNegative() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxFutureSkew and maxAge must be non-negative durations");
        }
        if (idHashSalt == null) {
            throw new IllegalArgumentException("idHashSalt is required (ingest.id-hash-salt)");
        }
    }

    /** The defaults of the ingest configuration ({@code ingest.*}). */
    public static ItemLimits defaults() {
        return new ItemLimits(256 * 1024, 256, 64, 128, Duration.ofHours(1), Duration.ofDays(7), "genaimon");
    }

    public ItemLimits withIdHashSalt(String salt) {
        return new ItemLimits(maxStringChars, maxMessages, maxContextDocuments, maxToolCalls, maxFutureSkew, maxAge,
                salt);
    }
}
