package dev.genaimon.ingest.limit;

import dev.genaimon.ingest.RateLimitSettings;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * One token bucket per tenant, counted in items. Lock-free: a bucket is an immutable (tokens, time) pair swapped with
 * compare-and-set, so concurrent requests of one tenant never block each other and tenants never touch each other's
 * state. Time comes from an injected monotonic ticker (nanoseconds), so tests are deterministic and a wall-clock jump
 * cannot hand out or take away tokens.
 */
public final class TenantRateLimiter {

    /**
     * The answer for one request.
     *
     * @param allowed           true when the tokens were taken
     * @param retryAfterSeconds when not allowed: whole seconds until the bucket holds enough tokens (at least 1)
     * @param neverFits         when not allowed: the request is larger than the bucket can ever hold (retrying cannot
     *                          help; split it)
     * @param rate              the tenant's rate, for messages
     */
    public record Decision(boolean allowed, long retryAfterSeconds, boolean neverFits, RateLimitSettings.Rate rate) {
    }

    private record State(double tokens, long atNanos) {
    }

    private final RateLimitSettings settings;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, AtomicReference<State>> buckets = new ConcurrentHashMap<>();

    /** @param nanoTime a monotonic ticker, {@code System::nanoTime} in production */
    public TenantRateLimiter(RateLimitSettings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** Takes {@code items} tokens from the tenant's bucket if it holds that many; otherwise takes nothing. */
    public Decision tryAcquire(String tenant, long items) {
        RateLimitSettings.Rate rate = settings.rateOf(tenant);
        if (!settings.enabled() || items <= 0) {
            return new Decision(true, 0, false, rate);
        }
        if (items > rate.burst()) {
            return new Decision(false, 0, true, rate);
        }
        // a new tenant starts with a full bucket, so the first burst of a freshly started client goes through
        AtomicReference<State> bucket = buckets.computeIfAbsent(tenant,
                t -> new AtomicReference<>(new State(rate.burst(), nanoTime.getAsLong())));
        while (true) {
            State current = bucket.get();
            long now = nanoTime.getAsLong();
            long at = Math.max(now, current.atNanos()); // another thread may have stored a later time already
            double refilled = (at - current.atNanos()) / 1e9 * rate.perSecond();
            double tokens = Math.min(rate.burst(), current.tokens() + refilled);
            if (tokens < items) {
                long seconds = (long) Math.ceil((items - tokens) / rate.perSecond());
                return new Decision(false, Math.max(1, seconds), false, rate);
            }
            if (bucket.compareAndSet(current, new State(tokens - items, at))) {
                return new Decision(true, 0, false, rate);
            }
        }
    }
}
