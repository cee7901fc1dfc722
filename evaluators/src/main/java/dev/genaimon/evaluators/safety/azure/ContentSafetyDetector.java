package dev.genaimon.evaluators.safety.azure;

import dev.genaimon.evaluators.judge.CircuitBreaker;
import dev.genaimon.evaluators.judge.Sleeper;
import dev.genaimon.evaluators.judge.TokenBucket;
import dev.genaimon.evaluators.safety.azure.ContentSafetyService.ShieldVerdict;
import dev.genaimon.evaluators.safety.harm.HarmResult;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Azure AI Content Safety as an additional detector: text analysis (harm categories, severities 0/2/4/6) of the
 * prompt and the response, and Prompt Shields on the prompt (jailbreak / direct injection) and on the context
 * documents (indirect injection). Network calls, so it runs off the stream threads: in the evaluation worker on
 * sampled interactions, and in the batch scanner.
 *
 * <p>Guards, in this order, before any request goes out: a {@code Retry-After} hold (after a 429 that asked for a
 * longer wait than {@code retry.max-wait}, every call is refused until it has passed), the circuit breaker
 * ({@code breaker.failure-threshold} consecutive failed inspections open it; after {@code breaker.cool-down} one
 * probe goes through), and the per-minute request budget (all requests of an inspection are taken at once, or none:
 * over budget the result is {@link ContentSafetyResult.Status#SKIPPED}, never a guess). A 429 whose
 * {@code Retry-After} is within {@code retry.max-wait} is waited out and retried (up to {@code max-retries}, each
 * retry paid from the budget). Timeouts, 5xx, 429 and refused connections count against the breaker; other 4xx
 * (bad key, bad request) do not, since the service is up, but still give an UNAVAILABLE result naming the status.
 */
public final class ContentSafetyDetector implements AutoCloseable {

    private final ContentSafetySettings settings;
    private final ContentSafetyService service;
    private final Clock clock;
    private final Sleeper sleeper;
    private final CircuitBreaker breaker;
    private final TokenBucket budget;
    private final ExecutorService pool;
    private Instant holdUntil = Instant.MIN;

    ContentSafetyDetector(ContentSafetySettings settings, ContentSafetyService service, Clock clock, Sleeper sleeper) {
        this.settings = settings;
        this.service = service;
        this.clock = clock;
        this.sleeper = sleeper;
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerCoolDown(), clock);
        this.budget = new TokenBucket(settings.requestsPerMinute(), Duration.ofMinutes(1), clock);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.maxConcurrency(), r -> {
            Thread t = new Thread(r, "content-safety-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The detector on the real service (SDK + shared pipeline), system clock. */
    public static ContentSafetyDetector create(ContentSafetySettings settings) {
        return new ContentSafetyDetector(settings, AzureContentSafetyService.create(settings), Clock.systemUTC(),
                Sleeper.THREAD);
    }

    public ContentSafetySettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    /**
     * Inspects one interaction. Blank parts are not sent; never throws for a service problem.
     *
     * @param prompt    the user's prompt (text analysis + Prompt Shields), may be empty
     * @param response  the model's response (text analysis), may be empty
     * @param documents context documents / tool results (Prompt Shields documents); at most 5 are sent
     */
    public ContentSafetyResult inspect(String prompt, String response, List<String> documents) {
        String p = prompt == null ? "" : prompt;
        String r = response == null ? "" : response;
        List<String> docs = documents == null ? List.of()
                : documents.stream().filter(d -> d != null && !d.isBlank())
                        .limit(AzureContentSafetyService.MAX_DOCUMENTS).toList();
        boolean analysePrompt = settings.textAnalysis() && !p.isBlank();
        boolean analyseResponse = settings.textAnalysis() && !r.isBlank();
        boolean shield = settings.promptShields() && (!p.isBlank() || !docs.isEmpty());
        int requests = (analysePrompt ? 1 : 0) + (analyseResponse ? 1 : 0) + (shield ? 1 : 0);
        if (requests == 0) {
            return new ContentSafetyResult(ContentSafetyResult.Status.OK, null, null, null, null, List.of());
        }
        Instant now = clock.instant();
        Instant hold = holdUntil();
        if (now.isBefore(hold)) {
            return ContentSafetyResult.unavailable("throttled: the service asked to wait until " + hold + " ("
                    + seconds(Duration.between(now, hold)) + "s left)");
        }
        if (!breaker.tryAcquire()) {
            return ContentSafetyResult.unavailable(breaker.describe("content safety calls"));
        }
        if (!budget.tryTake(requests)) {
            breaker.onCancel();
            return ContentSafetyResult.skipped("budget: content-safety.requests-per-minute=" + settings.requestsPerMinute()
                    + " spent; " + requests + " requests possible again in " + seconds(budget.timeUntil(requests)) + "s");
        }
        try {
            HarmResult promptHarm = analysePrompt ? call(() -> service.analyzeText(p)) : null;
            HarmResult responseHarm = analyseResponse ? call(() -> service.analyzeText(r)) : null;
            ShieldVerdict verdict = shield ? call(() -> service.shieldPrompt(p, docs)) : null;
            breaker.onSuccess();
            return new ContentSafetyResult(ContentSafetyResult.Status.OK, null, promptHarm, responseHarm,
                    verdict == null || p.isBlank() ? null : verdict.userPromptAttack(),
                    verdict == null ? List.of() : verdict.documentAttacks());
        } catch (ContentSafetyCallException e) {
            if (e.serviceUnwell()) {
                breaker.onFailure();
            } else {
                breaker.onSuccess();
            }
            return ContentSafetyResult.unavailable(e.getMessage());
        }
    }

    /** Inspects many interactions concurrently (up to {@code max-concurrency}); results in input order. */
    public List<ContentSafetyResult> inspectAll(List<Inspection> inspections) {
        List<Future<ContentSafetyResult>> futures = new ArrayList<>(inspections.size());
        for (Inspection i : inspections) {
            futures.add(pool.submit(() -> inspect(i.prompt(), i.response(), i.documents())));
        }
        List<ContentSafetyResult> results = new ArrayList<>(inspections.size());
        for (Future<ContentSafetyResult> future : futures) {
            try {
                results.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                results.add(ContentSafetyResult.unavailable("interrupted"));
            } catch (ExecutionException e) {
                results.add(ContentSafetyResult.unavailable("content safety failed: " + e.getCause()));
            }
        }
        return results;
    }

    /** One interaction to inspect. */
    public record Inspection(String prompt, String response, List<String> documents) {
    }

    /** One request; a 429 with a short enough {@code Retry-After} is waited out and retried. */
    private <T> T call(Supplier<T> request) {
        for (int attempt = 0; ; attempt++) {
            try {
                return request.get();
            } catch (ContentSafetyCallException e) {
                if (!e.throttled()) {
                    throw e;
                }
                Duration wait = e.retryAfter() == null ? Duration.ofSeconds(1) : e.retryAfter();
                if (attempt >= settings.maxRetries() || wait.compareTo(settings.retryMaxWait()) > 0
                        || !budget.tryTake(1)) {
                    hold(clock.instant().plus(wait));
                    throw new ContentSafetyCallException(e.getMessage() + "; the service asked to wait "
                            + seconds(wait) + "s, calls held until then", e.status(), e.retryAfter(), e);
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new ContentSafetyCallException("interrupted while waiting out Retry-After", 0, null,
                            interrupted);
                }
            }
        }
    }

    private synchronized Instant holdUntil() {
        return holdUntil;
    }

    private synchronized void hold(Instant until) {
        if (until.isAfter(holdUntil)) {
            holdUntil = until;
        }
    }

    private static long seconds(Duration d) {
        return Math.max(0, (d.toMillis() + 999) / 1000);
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
