package dev.genaimon.ingest;

import java.util.Map;

/**
 * Per-tenant rate limits of the ingest API (configuration keys under {@code ingest.rate-limit.}). Each tenant has a
 * token bucket measured in items (interactions, feedback records, GenAI spans mapped to interactions), not requests:
 * a batch of 10,000 costs 10,000 tokens.
 *
 * @param enabled  {@code ingest.rate-limit.enabled}; false lets everything through
 * @param standard {@code ingest.rate-limit.per-second} and {@code ingest.rate-limit.burst}: every tenant's bucket
 *                 unless overridden
 * @param tenants  {@code ingest.rate-limit.tenants.<tenant>.per-second} / {@code .burst}: per-tenant overrides
 */
public record RateLimitSettings(boolean enabled, Rate standard, Map<String, Rate> tenants) {

    /**
     * One token bucket's shape.
     *
     * @param perSecond sustained items per second (the refill rate); must be positive
     * @param burst     bucket capacity: the most items accepted at once after a quiet period; at least 1
     */
    public record Rate(double perSecond, long burst) {
        public Rate {
            if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
                throw new IllegalArgumentException("ingest.rate-limit per-second must be a positive number, got "
                        + perSecond);
            }
            if (burst < 1) {
                throw new IllegalArgumentException("ingest.rate-limit burst must be at least 1, got " + burst);
            }
        }
    }

    public RateLimitSettings {
        tenants = Map.copyOf(tenants);
    }

    /** 1,000 items/s with bursts of 20,000 per tenant: never in the way of one developer, stops a runaway loop. */
    public static RateLimitSettings defaults() {
        return new RateLimitSettings(true, new Rate(1_000, 20_000), Map.of());
    }

    /** The rate of a tenant: its override, else the default. */
    public Rate rateOf(String tenant) {
        return tenants.getOrDefault(tenant, standard);
    }
}
