package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.judge.JudgeClient.JudgeReply;
import dev.genaimon.evaluators.judge.JudgeClient.JudgeRequest;
import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.EvaluationScore.JudgeUsage;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;

/**
 * Runs rubric evaluations against a {@link JudgeClient} behind the guards every call shares: result cache, circuit
 * breaker, per-tenant budgets, concurrency limit, retries with backoff. One instance serves all judge evaluators of a
 * process, so they share one budget, one breaker and one cache.
 *
 * <p>Results: a 1–5 score with the judge's reason, or an error — {@link EvaluationScore#JUDGE_UNAVAILABLE} (budget
 * spent, breaker open, service failing after retries: the caller may fall back to a local evaluator),
 * {@link #INVALID_ANSWER} (the model answered malformed JSON twice), {@link #REJECTED} (the service refused the
 * request, e.g. 400/401/404: a configuration problem) or {@link #MISSING_INPUT}. Every result carries the judge model,
 * the tokens spent (also on errors), their cost and the latency.
 */
final class Judge implements AutoCloseable {

    static final String INVALID_ANSWER = "judge_invalid_answer";
    static final String REJECTED = "judge_rejected";
    static final String MISSING_INPUT = "missing_input";

    /** Chat framing tokens per call on top of the prompt bytes (role markers, separators). */
    private static final int FRAMING_TOKENS = 32;

    private final JudgeSettings settings;
    private final JudgeClient client;
    private final Sleeper sleeper;
    private final Backoff backoff;
    private final TenantBudgets budgets;
    private final CircuitBreaker breaker;
    private final ScoreCache cache;
    private final Semaphore inFlight;
    private final ExecutorService batchPool;

    Judge(JudgeSettings settings, JudgeClient client, Clock clock, Sleeper sleeper, DoubleSupplier random) {
        this.settings = settings;
        this.client = client;
        this.sleeper = sleeper;
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), random);
        this.budgets = new TenantBudgets(settings.requestsPerMinute(), settings.tokensPerHour(), clock);
        this.breaker = new CircuitBreaker(settings.breakerFailures(), settings.breakerCoolDown(), clock);
        this.cache = new ScoreCache(settings.cacheSize());
        this.inFlight = new Semaphore(settings.maxConcurrency(), true);
        // More threads than permits: a thread waiting out a backoff holds no permit, so others keep the limit full.
        this.batchPool = Executors.newFixedThreadPool(settings.maxConcurrency() * 2, daemonThreads());
    }

    String model() {
        return settings.model();
    }

    CircuitBreaker.State breakerState() {
        return breaker.state();
    }

    /** Judges inputs concurrently (up to the concurrency limit); results in input order. */
    List<EvaluationScore> evaluateAll(Rubric rubric, List<EvaluationInput> inputs) {
        List<Future<EvaluationScore>> futures = new ArrayList<>(inputs.size());
        for (EvaluationInput input : inputs) {
            futures.add(batchPool.submit(() -> evaluate(rubric, input)));
        }
        List<EvaluationScore> scores = new ArrayList<>(inputs.size());
        for (Future<EvaluationScore> future : futures) {
            try {
                scores.add(future.get());
            } catch (InterruptedException | CancellationException e) {
                Thread.currentThread().interrupt();
                futures.forEach(f -> f.cancel(true));
                scores.add(error(rubric, EvaluationScore.JUDGE_UNAVAILABLE, "interrupted", new Spent(),
                        System.nanoTime()));
            } catch (ExecutionException e) {
                // evaluate() does not throw; should it ever, the input still gets a result instead of a gap.
                scores.add(error(rubric, EvaluationScore.JUDGE_UNAVAILABLE, "judge failed: " + e.getCause(),
                        new Spent(), System.nanoTime()));
            }
        }
        return scores;
    }

    EvaluationScore evaluate(Rubric rubric, EvaluationInput input) {
        long started = System.nanoTime();
        Spent spent = new Spent();
        String missing = rubric.missing(input);
        if (missing != null) {
            return error(rubric, MISSING_INPUT, missing, spent, started);
        }
        String key = ScoreCache.key(rubric.evaluatorName(), rubric.version(), settings.model(), input);
        EvaluationScore cached = cache.get(key);
        if (cached != null) {
            // Nothing was paid for this result: zero tokens and cost, only the lookup time.
            return withUsage(cached, spent, started);
        }
        JudgeRequest request = new JudgeRequest(input.tenant(), rubric.systemPrompt(), rubric.userPrompt(input),
                settings.maxOutputTokens());
        String problem = null;
        // A malformed answer is asked again once (models are not deterministic even at temperature 0), then given up.
        for (int answer = 0; answer < 2; answer++) {
            Outcome outcome = call(request, spent);
            if (outcome.error() != null) {
                return error(rubric, outcome.error(), outcome.reason(), spent, started);
            }
            JudgeVerdict verdict = JudgeVerdict.parse(outcome.text());
            if (verdict.valid()) {
                boolean passed = verdict.score() >= settings.passThreshold();
                EvaluationScore score = new EvaluationScore(rubric.evaluatorName(), rubric.version(),
                        (double) verdict.score(), passed, passed ? "pass" : "fail", verdict.reason(), null,
                        usage(spent, started));
                cache.put(key, score);
                return score;
            }
            problem = verdict.problem();
            request = new JudgeRequest(request.tenant(), request.system() + "\n\nYour previous reply was rejected ("
                    + problem + "). Reply with the JSON object only.", request.user(), request.maxOutputTokens());
        }
        return error(rubric, INVALID_ANSWER, "judge answer malformed twice (" + problem + ")", spent, started);
    }

    /** One judge answer: attempts until success, a non-retryable failure, a guard refusing, or retries spent. */
    private Outcome call(JudgeRequest request, Spent spent) {
        long reserve = worstCaseTokens(request);
        String tenant = request.tenant();
        JudgeCallException last = null;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                Duration wait = backoff.delay(attempt - 1, last.retryAfter());
                if (wait.compareTo(settings.backoffMax()) > 0) {
                    return Outcome.failed(EvaluationScore.JUDGE_UNAVAILABLE, last.getMessage() + "; the service asked "
                            + "to wait " + wait.toSeconds() + "s, longer than judge.backoff.max");
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Outcome.failed(EvaluationScore.JUDGE_UNAVAILABLE, "interrupted while backing off");
                }
            }
            if (!breaker.tryAcquire()) {
                return Outcome.failed(EvaluationScore.JUDGE_UNAVAILABLE, breaker.describe());
            }
            String denied = budgets.tryReserve(tenant, reserve);
            if (denied != null) {
                breaker.onCancel();
                return Outcome.failed(EvaluationScore.JUDGE_UNAVAILABLE, denied);
            }
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                budgets.cancel(tenant, reserve);
                breaker.onCancel();
                return Outcome.failed(EvaluationScore.JUDGE_UNAVAILABLE, "interrupted while waiting for a judge slot");
            }
            JudgeReply reply;
            try {
                reply = client.complete(request);
            } catch (JudgeCallException e) {
                // A failed call's tokens are unknown and, for 429/5xx, not billed: refund the reservation.
                budgets.settle(tenant, reserve, 0);
                if (!e.retryable()) {
                    breaker.onSuccess(); // the service answered; the request itself is wrong
                    return Outcome.failed(REJECTED, e.getMessage());
                }
                breaker.onFailure();
                last = e;
                continue;
            } catch (RuntimeException e) {
                budgets.settle(tenant, reserve, 0);
                breaker.onFailure();
                last = new JudgeCallException("judge client failed: " + e, 0, null, e);
                continue;
            } finally {
                inFlight.release();
            }
            // A server that reports no usage (some local servers) is charged the worst case, so budgets still hold.
            budgets.settle(tenant, reserve, reply.totalTokens() > 0 ? reply.totalTokens() : reserve);
            breaker.onSuccess();
            spent.add(reply);
            return Outcome.answered(reply.text());
        }
        return Outcome.failed(EvaluationScore.JUDGE_UNAVAILABLE,
                last.getMessage() + " (after " + (settings.maxRetries() + 1) + " attempts)");
    }

    private long worstCaseTokens(JudgeRequest request) {
        return request.system().getBytes(StandardCharsets.UTF_8).length
                + request.user().getBytes(StandardCharsets.UTF_8).length
                + FRAMING_TOKENS + request.maxOutputTokens();
    }

    private EvaluationScore error(Rubric rubric, String error, String reason, Spent spent, long started) {
        return new EvaluationScore(rubric.evaluatorName(), rubric.version(), null, null, null, reason, error,
                usage(spent, started));
    }

    private EvaluationScore withUsage(EvaluationScore score, Spent spent, long started) {
        return new EvaluationScore(score.name(), score.version(), score.value(), score.passed(), score.label(),
                score.explanation(), score.error(), usage(spent, started));
    }

    private JudgeUsage usage(Spent spent, long started) {
        long latencyMs = (System.nanoTime() - started) / 1_000_000;
        return new JudgeUsage(settings.model(), spent.promptTokens, spent.completionTokens,
                settings.cost(spent.promptTokens, spent.completionTokens), latencyMs);
    }

    @Override
    public void close() {
        batchPool.shutdownNow();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "genaimon-judge-" + n.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Tokens spent by one evaluation over all its calls (a retried malformed answer costs twice). */
    private static final class Spent {
        long promptTokens;
        long completionTokens;

        void add(JudgeReply reply) {
            promptTokens += reply.promptTokens();
            completionTokens += reply.completionTokens();
        }
    }

    private record Outcome(String text, String error, String reason) {
        static Outcome answered(String text) {
            return new Outcome(text, null, null);
        }

        static Outcome failed(String error, String reason) {
            return new Outcome(null, error, reason);
        }
    }
}
