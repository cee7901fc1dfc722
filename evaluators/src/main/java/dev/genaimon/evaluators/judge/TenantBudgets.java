package dev.genaimon.evaluators.judge;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Requests-per-minute and tokens-per-hour budgets, one pair of token buckets per tenant.
 *
 * <p>Token use is only known after a call, so a call reserves its worst case first: the UTF-8 size of the prompt
 * (a byte-level BPE token covers at least one byte) plus a little for the chat framing, plus the completion cap. What
 * the service then reports is charged and the rest refunded. The worst case is admitted only if it fits, so reported
 * usage cannot exceed the budget (a service that reports more than the prompt's bytes would overdraw it and the debt
 * delays later calls).
 */
final class TenantBudgets {

    private final int requestsPerMinute;
    private final long tokensPerHour;
    private final Clock clock;
    private final Map<String, Buckets> tenants = new ConcurrentHashMap<>();

    TenantBudgets(int requestsPerMinute, long tokensPerHour, Clock clock) {
        this.requestsPerMinute = requestsPerMinute;
        this.tokensPerHour = tokensPerHour;
        this.clock = clock;
    }

    /**
     * Reserves one request and {@code tokens} for {@code tenant}.
     *
     * @return {@code null} when granted, otherwise why not (for the error result)
     */
    String tryReserve(String tenant, long tokens) {
        Buckets buckets = buckets(tenant);
        if (tokens > tokensPerHour) {
            return "tenant " + tenant + ": one call may use up to " + tokens + " tokens, more than the whole "
                    + "tokens-per-hour budget (" + tokensPerHour + ")";
        }
        if (!buckets.requests.tryTake(1)) {
            return "tenant " + tenant + ": requests-per-minute budget (" + requestsPerMinute + ") spent; next call in "
                    + seconds(buckets.requests.timeUntil(1));
        }
        if (!buckets.tokens.tryTake(tokens)) {
            buckets.requests.adjust(1);
            return "tenant " + tenant + ": tokens-per-hour budget (" + tokensPerHour + ") spent; " + tokens
                    + " tokens free again in " + seconds(buckets.tokens.timeUntil(tokens));
        }
        return null;
    }

    /** Settles a reservation with the tokens the service reported (0 when the call failed). */
    void settle(String tenant, long reserved, long used) {
        buckets(tenant).tokens.adjust(reserved - used);
    }

    /** Gives a reservation back whole: the call was never sent. */
    void cancel(String tenant, long reserved) {
        Buckets buckets = buckets(tenant);
        buckets.tokens.adjust(reserved);
        buckets.requests.adjust(1);
    }

    private Buckets buckets(String tenant) {
        return tenants.computeIfAbsent(tenant, t -> new Buckets(
                new TokenBucket(requestsPerMinute, Duration.ofMinutes(1), clock),
                new TokenBucket(tokensPerHour, Duration.ofHours(1), clock)));
    }

    private static String seconds(Duration duration) {
        return Math.max(1, (duration.toMillis() + 999) / 1000) + "s";
    }

    private record Buckets(TokenBucket requests, TokenBucket tokens) {
    }
}
