package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The guards one by one: token buckets, tenant budgets, circuit breaker, backoff, Retry-After, cache. */
class GuardsTest {

    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T12:00:00Z"));

    @Test
    void tokenBucketShouldRefillContinuouslyUpToItsCapacity() {
        TokenBucket bucket = new TokenBucket(60, Duration.ofMinutes(1), clock);

        assertThat(bucket.tryTake(60)).isTrue();
        assertThat(bucket.tryTake(1)).isFalse();
        assertThat(bucket.timeUntil(1)).isEqualTo(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(10));
        assertThat(bucket.tryTake(11)).isFalse();
        assertThat(bucket.tryTake(10)).isTrue();

        clock.advance(Duration.ofHours(5));
        assertThat(bucket.level()).isEqualTo(60.0);
    }

    @Test
    void tokenBucketShouldCarryADebtWhenMoreWasSpentThanReserved() {
        TokenBucket bucket = new TokenBucket(100, Duration.ofHours(1), clock);

        assertThat(bucket.tryTake(50)).isTrue();
        bucket.adjust(-80);

        assertThat(bucket.level()).isEqualTo(-30.0);
        assertThat(bucket.tryTake(1)).isFalse();
    }

    @Test
    void budgetsShouldBeSeparatePerTenantAndGiveBackWhatWasNotUsed() {
        TenantBudgets budgets = new TenantBudgets(2, 1_000, clock);

        assertThat(budgets.tryReserve("acme", 600)).isNull();
        budgets.settle("acme", 600, 100);
        assertThat(budgets.tryReserve("acme", 600)).isNull();
        assertThat(budgets.tryReserve("acme", 1)).contains("requests-per-minute budget (2) spent");
        assertThat(budgets.tryReserve("globex", 1_000)).isNull();
        assertThat(budgets.tryReserve("initech", 1_001)).contains("more than the whole tokens-per-hour budget");
    }

    @Test
    void budgetsShouldRefuseAReservationThatDoesNotFitAndKeepTheRequest() {
        TenantBudgets budgets = new TenantBudgets(10, 1_000, clock);

        assertThat(budgets.tryReserve("acme", 700)).isNull();
        assertThat(budgets.tryReserve("acme", 400)).contains("tokens-per-hour budget (1000) spent");
        budgets.cancel("acme", 700);
        assertThat(budgets.tryReserve("acme", 1_000)).isNull();
    }

    @Test
    void breakerShouldOpenAfterConsecutiveFailuresAndLetOneProbeThroughAfterTheCoolDown() {
        CircuitBreaker breaker = new CircuitBreaker(3, Duration.ofSeconds(30), clock);

        breaker.onFailure();
        breaker.onFailure();
        breaker.onSuccess();
        breaker.onFailure();
        breaker.onFailure();
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onFailure();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();
        assertThat(breaker.describe()).contains("3 consecutive").contains("30s");

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.HALF_OPEN);
        assertThat(breaker.tryAcquire()).as("only one probe at a time").isFalse();

        breaker.onFailure();
        assertThat(breaker.state()).as("a failed probe opens it again").isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(breaker.tryAcquire()).isFalse();

        clock.advance(Duration.ofSeconds(30));
        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onSuccess();
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void breakerShouldFreeTheProbeSlotWhenTheProbeIsNotSent() {
        CircuitBreaker breaker = new CircuitBreaker(1, Duration.ofSeconds(5), clock);
        breaker.onFailure();
        clock.advance(Duration.ofSeconds(5));

        assertThat(breaker.tryAcquire()).isTrue();
        breaker.onCancel();

        assertThat(breaker.tryAcquire()).isTrue();
    }

    @Test
    void backoffShouldDoubleWithJitterUpToTheCapAndDeferToTheService() {
        Backoff low = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(200), Duration.ofSeconds(1), () -> 1.0);

        assertThat(low.delay(0, null)).isEqualTo(Duration.ofMillis(100));
        assertThat(high.delay(0, null)).isEqualTo(Duration.ofMillis(200));
        assertThat(high.delay(2, null)).isEqualTo(Duration.ofMillis(800));
        assertThat(high.delay(10, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(low.delay(10, null)).isEqualTo(Duration.ofMillis(500));
        assertThat(low.delay(3, Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void retryAfterShouldReadMillisecondsSecondsAndDates() {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");

        assertThat(RetryAfter.parse(Map.of("retry-after-ms", "250", "Retry-After", "9")::get, now))
                .isEqualTo(Duration.ofMillis(250));
        assertThat(RetryAfter.parse(Map.of("Retry-After", "3")::get, now)).isEqualTo(Duration.ofSeconds(3));
        assertThat(RetryAfter.parse(Map.of("Retry-After", "Mon, 23 Nov 2026 12:00:20 GMT")::get, now))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(RetryAfter.parse(Map.of("Retry-After", "soon")::get, now)).isNull();
        assertThat(RetryAfter.parse(Map.<String, String>of()::get, now)).isNull();
    }

    @Test
    void aServerThatReportsNoUsageShouldBeChargedTheWorstCase() {
        JudgeSettings settings = JudgeSettings.from(Map.of("judge.endpoint", "http://127.0.0.1:1/v1",
                "judge.kind", "openai", "judge.model", "m", "judge.tokens-per-hour", "1500"), name -> null);
        // One fluency call's worst case is about 900 tokens: one fits in 1500, two do not unless usage is charged 0.
        JudgeClient noUsage = request -> new JudgeClient.JudgeReply("{\"score\": 5, \"reason\": \"ok\"}", 0, 0);
        try (Judge judge = new Judge(settings, noUsage, clock, duration -> { }, () -> 0.5)) {
            EvaluationScore first = judge.evaluate(Rubric.FLUENCY,
                    new EvaluationInput("1", "acme", "", "One fine answer.", null, null));
            EvaluationScore second = judge.evaluate(Rubric.FLUENCY,
                    new EvaluationInput("2", "acme", "", "Another fine answer.", null, null));

            assertThat(first.value()).isEqualTo(5.0);
            assertThat(first.usage().inputTokens()).isZero();
            assertThat(second.error()).isEqualTo(EvaluationScore.JUDGE_UNAVAILABLE);
            assertThat(second.explanation()).contains("tokens-per-hour budget (1500) spent");
        }
    }

    @Test
    void cacheKeyShouldDependOnVersionModelAndContentButNotOnIdOrTenant() {
        EvaluationInput input = new EvaluationInput("1", "acme", "q", "a", List.of("c"), null);
        String key = ScoreCache.key("judge_relevance", "1", "gpt", input);

        assertThat(ScoreCache.key("judge_relevance", "1", "gpt",
                new EvaluationInput("2", "globex", "q", "a", List.of("c"), null))).isEqualTo(key);
        assertThat(ScoreCache.key("judge_relevance", "2", "gpt", input)).isNotEqualTo(key);
        assertThat(ScoreCache.key("judge_relevance", "1", "llama", input)).isNotEqualTo(key);
        assertThat(ScoreCache.key("judge_relevance", "1", "gpt",
                new EvaluationInput("1", "acme", "qa", "", List.of("c"), null))).isNotEqualTo(key);
        assertThat(ScoreCache.key("judge_relevance", "1", "gpt",
                new EvaluationInput("1", "acme", "q", "a", List.of("c"), "a"))).isNotEqualTo(key);
    }

    @Test
    void cacheShouldEvictTheLeastRecentlyUsedEntry() {
        ScoreCache cache = new ScoreCache(2);
        EvaluationScore score = new EvaluationScore("judge_fluency", "1", 5.0, true, "pass", "ok", null,
                EvaluationScore.JudgeUsage.NONE);

        cache.put("a", score);
        cache.put("b", score);
        cache.get("a");
        cache.put("c", score);

        assertThat(cache.get("a")).isNotNull();
        assertThat(cache.get("b")).isNull();
        assertThat(cache.get("c")).isNotNull();
        assertThat(cache.size()).isEqualTo(2);
    }
}
