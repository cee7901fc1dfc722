package dev.genaimon.ingest.limit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.ingest.RateLimitSettings;
import dev.genaimon.ingest.RateLimitSettings.Rate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TenantRateLimiterTest {

    private final AtomicLong ticker = new AtomicLong(123_456_789L);

    @Test
    void shouldRefillAtTheRateUpToTheBurst() {
        TenantRateLimiter limiter = new TenantRateLimiter(
                new RateLimitSettings(true, new Rate(1000, 20_000), Map.of()), ticker::get);

        assertThat(limiter.tryAcquire("a", 20_000).allowed()).isTrue();
        TenantRateLimiter.Decision empty = limiter.tryAcquire("a", 10_000);
        assertThat(empty.allowed()).isFalse();
        assertThat(empty.retryAfterSeconds()).isEqualTo(10);

        ticker.addAndGet(TimeUnit.SECONDS.toNanos(3600)); // an hour idle refills to the burst, not beyond
        assertThat(limiter.tryAcquire("a", 20_000).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 1).allowed()).isFalse();
        ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(limiter.tryAcquire("a", 1).allowed()).isTrue();
    }

    @Test
    void shouldKeepTenantsApartAndApplyOverrides() {
        TenantRateLimiter limiter = new TenantRateLimiter(new RateLimitSettings(true, new Rate(10, 10),
                Map.of("big", new Rate(1000, 5000))), ticker::get);

        assertThat(limiter.tryAcquire("a", 10).allowed()).isTrue();
        assertThat(limiter.tryAcquire("a", 1).allowed()).isFalse();
        assertThat(limiter.tryAcquire("b", 10).allowed()).isTrue();
        assertThat(limiter.tryAcquire("big", 5000).allowed()).isTrue();
        TenantRateLimiter.Decision tooBig = limiter.tryAcquire("a", 11);
        assertThat(tooBig.allowed()).isFalse();
        assertThat(tooBig.neverFits()).isTrue();
    }

    @Test
    void shouldNeverGrantMoreThanTheBucketHoldsUnderContention() throws Exception {
        TenantRateLimiter limiter = new TenantRateLimiter(
                new RateLimitSettings(true, new Rate(1, 5_000), Map.of()), ticker::get);
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> granted = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            granted.add(pool.submit(() -> {
                go.await();
                int mine = 0;
                for (int i = 0; i < 2_000; i++) {
                    if (limiter.tryAcquire("shared", 1).allowed()) {
                        mine++;
                    }
                }
                return mine;
            }));
        }
        go.countDown();
        int total = 0;
        for (Future<Integer> f : granted) {
            total += f.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(total).as("16,000 attempts, time frozen: exactly the burst").isEqualTo(5_000);
    }
}
