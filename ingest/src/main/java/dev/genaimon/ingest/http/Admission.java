package dev.genaimon.ingest.http;

import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.limit.TenantRateLimiter;
import io.javalin.http.Context;
import java.util.List;

/**
 * What every ingest endpoint checks before it writes anything: who is calling, and whether the tenant's rate limit
 * leaves room for this many items.
 */
final class Admission {

    /** Bucket of requests without an authenticated tenant (dev mode): records default to this tenant too. */
    static final String DEV_TENANT = "default";

    private final ApiKeyAuthenticator auth;
    private final TenantRateLimiter limiter;
    private final IngestMetrics metrics;

    Admission(ApiKeyAuthenticator auth, TenantRateLimiter limiter, IngestMetrics metrics) {
        this.auth = auth;
        this.limiter = limiter;
        this.metrics = metrics;
    }

    /** @return the API key's tenant, or null in dev mode */
    String authenticate(Context ctx) {
        try {
            return auth.authenticate(ctx.header("Authorization"), ctx.header("X-Api-Key")).orElse(null);
        } catch (ApiKeyAuthenticator.Unauthorized e) {
            throw new HttpProblem(401, "unauthorized", e.getMessage());
        }
    }

    /**
     * Takes {@code items} tokens from the tenant's bucket or refuses the whole request: 429 with Retry-After when
     * waiting helps, 413 when the request is larger than the bucket could ever hold.
     *
     * @param kind items metric kind, for counting the refused items
     */
    void rateLimit(String tenant, int items, String kind) {
        String bucket = tenant == null ? DEV_TENANT : tenant;
        TenantRateLimiter.Decision decision = limiter.tryAcquire(bucket, items);
        if (decision.allowed()) {
            return;
        }
        double perSecond = decision.rate().perSecond();
        String rate = perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
        String limit = rate + " items/s, burst " + decision.rate().burst();
        if (decision.neverFits()) {
            metrics.items(kind, tenant, "rejected", "over_burst", items);
            throw new HttpProblem(413, "over_burst", "a request of " + items + " items can never fit the rate limit"
                    + " of tenant '" + bucket + "' (" + limit + "); send batches of at most " + decision.rate().burst()
                    + " items");
        }
        metrics.items(kind, tenant, "rejected", "rate_limited", items);
        throw new HttpProblem(429, "rate_limited", "tenant '" + bucket + "' is over its rate limit (" + limit
                + "); nothing was written; retry this request of " + items + " items after "
                + decision.retryAfterSeconds() + " s, or send less", List.of(),
                Long.toString(decision.retryAfterSeconds()));
    }
}
