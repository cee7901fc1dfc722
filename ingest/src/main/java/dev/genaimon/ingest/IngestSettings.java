package dev.genaimon.ingest;

import dev.genaimon.schemas.validate.ItemLimits;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the ingest HTTP server (configuration keys under {@code ingest.}).
 *
 * @param host                bind address; dev mode (no API keys) always binds 127.0.0.1
 * @param port                HTTP port (0 picks a free one)
 * @param maxBodyBytes        largest request body, after decompression; larger answers 413
 * @param maxItemsPerRequest  largest number of interactions in one request
 * @param maxStringChars      longest single text field (prompt, response, context document, ...)
 * @param maxMessages         most request messages per interaction
 * @param maxContextDocuments most retrieval-context documents per interaction
 * @param maxToolCalls        most tool calls per interaction
 * @param maxFutureSkew       how far in the future a timestamp may be (client clock skew)
 * @param maxAge              how old a timestamp may be
 * @param ackTimeout          how long a request waits for Kafka to acknowledge before answering 503
 * @param idHashSalt          salt for hashing raw userId/sessionId into userIdHash/sessionIdHash
 * @param apiKeyHashes        tenant to SHA-256 hex hashes of its API keys; empty means dev mode (no auth)
 * @param rateLimit           per-tenant token buckets, in items per second
 */
public record IngestSettings(String host, int port, long maxBodyBytes, int maxItemsPerRequest, int maxStringChars,
                             int maxMessages, int maxContextDocuments, int maxToolCalls, Duration maxFutureSkew,
                             Duration maxAge, Duration ackTimeout, String idHashSalt,
                             Map<String, Set<String>> apiKeyHashes, RateLimitSettings rateLimit) {

    public static final String LOOPBACK = "127.0.0.1";

    public IngestSettings {
        apiKeyHashes = Map.copyOf(apiKeyHashes);
        if (rateLimit == null) {
            throw new IllegalArgumentException("ingest.rate-limit settings are required (see RateLimitSettings)");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("ingest.max-body-bytes must be at least 1024, got " + maxBodyBytes);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("ingest.port must be in [0, 65535], got " + port);
        }
    }

    /** The settings without rate limits in configuration: {@link RateLimitSettings#defaults()}. */
    public IngestSettings(String host, int port, long maxBodyBytes, int maxItemsPerRequest, int maxStringChars,
                          int maxMessages, int maxContextDocuments, int maxToolCalls, Duration maxFutureSkew,
                          Duration maxAge, Duration ackTimeout, String idHashSalt,
                          Map<String, Set<String>> apiKeyHashes) {
        this(host, port, maxBodyBytes, maxItemsPerRequest, maxStringChars, maxMessages, maxContextDocuments,
                maxToolCalls, maxFutureSkew, maxAge, ackTimeout, idHashSalt, apiKeyHashes,
                RateLimitSettings.defaults());
    }

    public static IngestSettings defaults() {
        return new IngestSettings(LOOPBACK, 8080, 1024 * 1024, 10_000, 256 * 1024, 256, 64, 128,
                Duration.ofHours(1), Duration.ofDays(7), Duration.ofSeconds(10), "genaimon", Map.of(),
                RateLimitSettings.defaults());
    }

    /** The per-item limits the validators enforce (shared with the client's direct Kafka mode). */
    public ItemLimits itemLimits() {
        return new ItemLimits(maxStringChars, maxMessages, maxContextDocuments, maxToolCalls, maxFutureSkew, maxAge,
                idHashSalt);
    }

    /** No API keys configured: no authentication, loopback only. */
    public boolean devMode() {
        return apiKeyHashes.isEmpty();
    }

    /** The address actually bound: loopback in dev mode whatever {@link #host()} says. */
    public String bindHost() {
        return devMode() ? LOOPBACK : host;
    }

    public IngestSettings withPort(int newPort) {
        return new IngestSettings(host, newPort, maxBodyBytes, maxItemsPerRequest, maxStringChars, maxMessages,
                maxContextDocuments, maxToolCalls, maxFutureSkew, maxAge, ackTimeout, idHashSalt, apiKeyHashes,
                rateLimit);
    }

    public IngestSettings withApiKeyHashes(Map<String, Set<String>> hashes) {
        return new IngestSettings(host, port, maxBodyBytes, maxItemsPerRequest, maxStringChars, maxMessages,
                maxContextDocuments, maxToolCalls, maxFutureSkew, maxAge, ackTimeout, idHashSalt, hashes, rateLimit);
    }

    public IngestSettings withMaxBodyBytes(long bytes) {
        return new IngestSettings(host, port, bytes, maxItemsPerRequest, maxStringChars, maxMessages,
                maxContextDocuments, maxToolCalls, maxFutureSkew, maxAge, ackTimeout, idHashSalt, apiKeyHashes,
                rateLimit);
    }

    public IngestSettings withRateLimit(RateLimitSettings limits) {
        return new IngestSettings(host, port, maxBodyBytes, maxItemsPerRequest, maxStringChars, maxMessages,
                maxContextDocuments, maxToolCalls, maxFutureSkew, maxAge, ackTimeout, idHashSalt, apiKeyHashes,
                limits);
    }
}
