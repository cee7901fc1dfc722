package dev.genaimon.processors.eval.worker;

import dev.genaimon.schemas.avro.EvaluationResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The worker's meters (Prometheus names in brackets):
 * <ul>
 *   <li>{@code genaimon.eval.worker.backlog} [genaimon_eval_worker_backlog]: requests not yet evaluated (consumer
 *   lag of the assigned partitions);</li>
 *   <li>{@code genaimon.eval.worker.oldest.age} [genaimon_eval_worker_oldest_age_seconds]: age of the oldest
 *   unevaluated request (0 without backlog);</li>
 *   <li>{@code genaimon.eval.results} {evaluator, outcome = pass|fail|scored|error}: results published;</li>
 *   <li>{@code genaimon.eval.judge.tokens} {evaluator, direction = input|output} and {@code genaimon.eval.judge.cost}
 *   {evaluator} (USD): what the judge spent;</li>
 *   <li>{@code genaimon.eval.worker.rate} [genaimon_eval_worker_rate]: sustainable requests per second (requests of
 *   the last report interval / time spent evaluating them), {@code genaimon.eval.worker.batch} (timer),
 *   {@code genaimon.eval.worker.dead.letters}, {@code genaimon.eval.worker.aborted} (transactions aborted).</li>
 * </ul>
 */
final class WorkerMetrics {

    private final MeterRegistry registry;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong(); // epoch millis of the oldest unevaluated, 0 = none
    private final Timer batch;
    private final Counter deadLetters;
    private final Counter aborted;
    private volatile double sustainableRate;
    private final java.time.Clock clock;

    WorkerMetrics(MeterRegistry registry, java.time.Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("genaimon.eval.worker.backlog", backlog, AtomicLong::get)
                .description("Evaluation requests not yet evaluated (consumer lag)").baseUnit("requests")
                .register(registry);
        Gauge.builder("genaimon.eval.worker.oldest.age", this, WorkerMetrics::oldestAgeSeconds)
                .description("Age of the oldest unevaluated evaluation request").baseUnit("seconds")
                .register(registry);
        Gauge.builder("genaimon.eval.worker.rate", this, m -> m.sustainableRate)
                .description("Requests per second the worker sustains (evaluated / time evaluating)")
                .baseUnit("requests.per.second").register(registry);
        batch = Timer.builder("genaimon.eval.worker.batch").description("Evaluation of one batch, poll to commit")
                .register(registry);
        deadLetters = Counter.builder("genaimon.eval.worker.dead.letters")
                .description("Undecodable evaluation requests sent to the DLQ").register(registry);
        aborted = Counter.builder("genaimon.eval.worker.aborted")
                .description("Transactions aborted (their batch is evaluated again)").register(registry);
    }

    void backlog(long requests, long oldestEpochMillis) {
        backlog.set(requests);
        oldestMillis.set(requests > 0 ? oldestEpochMillis : 0);
    }

    double oldestAgeSeconds() {
        long oldest = oldestMillis.get();
        return oldest <= 0 ? 0.0 : Math.max(0, clock.millis() - oldest) / 1000.0;
    }

    long backlog() {
        return backlog.get();
    }

    void result(EvaluationResult result) {
        String outcome = result.getError() != null ? "error"
                : result.getPassed() == null ? "scored" : result.getPassed() ? "pass" : "fail";
        registry.counter("genaimon.eval.results", "evaluator", result.getName(), "outcome", outcome).increment();
        if (result.getJudgeModel() != null) {
            if (result.getInputTokens() != null) {
                registry.counter("genaimon.eval.judge.tokens", "evaluator", result.getName(), "direction", "input")
                        .increment(result.getInputTokens());
            }
            if (result.getOutputTokens() != null) {
                registry.counter("genaimon.eval.judge.tokens", "evaluator", result.getName(), "direction", "output")
                        .increment(result.getOutputTokens());
            }
            if (result.getCostUsd() != null) {
                registry.counter("genaimon.eval.judge.cost", "evaluator", result.getName())
                        .increment(result.getCostUsd());
            }
        }
    }

    void batch(Duration took) {
        batch.record(took);
    }

    void deadLetter() {
        deadLetters.increment();
    }

    void aborted() {
        aborted.increment();
    }

    void sustainableRate(double perSecond) {
        sustainableRate = perSecond;
    }

    double sustainableRate() {
        return sustainableRate;
    }
}
