package dev.genaimon.processors.eval.worker;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ToolCall;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores a batch of requests: groups them by evaluator, runs each evaluator's {@code evaluateAll} once per batch
 * (local evaluators batch their embeddings; the judge runs its calls concurrently), the evaluators in parallel on
 * {@code threads} threads, and maps every score to an {@link EvaluationResult}. No Kafka here.
 *
 * <p>Never stops for an evaluator: one that throws gets a second chance input by input, and what still fails becomes
 * an error result ({@code evaluator_failed: ...}). A judge result with error {@link EvaluationScore#JUDGE_UNAVAILABLE}
 * (budget spent, breaker open) falls back to the local evaluator of the same dimension ({@code judge_groundedness} →
 * {@code groundedness}) when one exists: its result is published under its own name with an explanation saying it
 * stands in for the judge, and the judge's error result says which local evaluator was used.
 */
public final class EvaluationRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EvaluationRunner.class);
    static final String UNKNOWN_EVALUATOR = "unknown_evaluator";

    private final EvaluatorRegistry registry;
    private final ExecutorService pool;
    private final Clock clock;

    public EvaluationRunner(EvaluatorRegistry registry, int threads, Clock clock) {
        if (threads < 1) {
            throw new IllegalArgumentException("eval.worker.threads must be >= 1, got " + threads);
        }
        this.registry = registry;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "genaimon-eval-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The results of a batch, request by request, evaluator by evaluator (per request in evaluator order). */
    public List<EvaluationResult> evaluate(List<EvaluationRequest> requests) {
        // evaluator name -> indexes of the requests it scores
        Map<String, List<Integer>> plan = new LinkedHashMap<>();
        List<List<EvaluationResult>> perRequest = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            perRequest.add(new ArrayList<>());
            for (String name : evaluatorsOf(requests.get(i))) {
                plan.computeIfAbsent(name, k -> new ArrayList<>()).add(i);
            }
        }
        List<EvaluationInput> inputs = requests.stream().map(r -> input(r.getInteraction())).toList();

        Map<String, Future<Timed>> running = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> entry : plan.entrySet()) {
            Evaluator evaluator = registry.get(entry.getKey());
            if (evaluator == null) {
                continue;
            }
            List<EvaluationInput> batch = entry.getValue().stream().map(inputs::get).toList();
            running.put(entry.getKey(), pool.submit(() -> {
                long started = System.nanoTime();
                List<EvaluationScore> scores = scoreAll(evaluator, batch);
                return new Timed(scores, (System.nanoTime() - started) / 1_000_000);
            }));
        }

        Map<String, List<Integer>> fallbacks = new LinkedHashMap<>();
        Map<Integer, Map<String, EvaluationResult>> byRequest = new LinkedHashMap<>();
        for (Map.Entry<String, List<Integer>> entry : plan.entrySet()) {
            String name = entry.getKey();
            List<Integer> indexes = entry.getValue();
            Evaluator evaluator = registry.get(name);
            Timed timed;
            if (evaluator == null) {
                timed = new Timed(indexes.stream().map(i -> new EvaluationScore(name, "-", null, null, null,
                        "no evaluator named " + name + " is installed; available: " + registry.names(),
                        UNKNOWN_EVALUATOR, EvaluationScore.JudgeUsage.NONE)).toList(), 0);
            } else {
                timed = await(running.get(name), evaluator, indexes.size());
            }
            List<EvaluationScore> scores = timed.scores();
            long perInputMs = timed.millis() / Math.max(1, indexes.size());
            for (int k = 0; k < indexes.size(); k++) {
                int i = indexes.get(k);
                EvaluationScore score = scores.get(k);
                String explanation = score.explanation();
                if (EvaluationScore.JUDGE_UNAVAILABLE.equals(score.error())) {
                    Evaluator local = registry.localFallbackOf(name);
                    if (local != null) {
                        explanation = "judge unavailable (" + score.error() + "); degraded to the local "
                                + local.name() + " evaluator" + (explanation == null ? "" : ": " + explanation);
                        if (!evaluatorsOf(requests.get(i)).contains(local.name())) {
                            fallbacks.computeIfAbsent(local.name(), x -> new ArrayList<>()).add(i);
                        }
                    }
                }
                byRequest.computeIfAbsent(i, x -> new LinkedHashMap<>()).put(name,
                        result(requests.get(i), score, name, explanation, perInputMs, null));
            }
        }

        for (Map.Entry<String, List<Integer>> entry : fallbacks.entrySet()) {
            Evaluator local = registry.get(entry.getKey());
            List<Integer> indexes = entry.getValue();
            long started = System.nanoTime();
            List<EvaluationScore> scores = scoreAll(local, indexes.stream().map(inputs::get).toList());
            long perInputMs = (System.nanoTime() - started) / 1_000_000 / Math.max(1, indexes.size());
            for (int k = 0; k < indexes.size(); k++) {
                int i = indexes.get(k);
                EvaluationScore score = scores.get(k);
                String note = "fallback for " + EvaluatorRegistry.JUDGE_PREFIX + local.name()
                        + " (judge unavailable)";
                String explanation = score.explanation() == null ? note : note + ": " + score.explanation();
                byRequest.computeIfAbsent(i, x -> new LinkedHashMap<>()).putIfAbsent(local.name(),
                        result(requests.get(i), score, local.name(), explanation, perInputMs, "fallback"));
            }
        }

        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            Map<String, EvaluationResult> own = byRequest.get(i);
            if (own != null) {
                results.addAll(own.values());
            }
        }
        return results;
    }

    private List<String> evaluatorsOf(EvaluationRequest request) {
        if (request.getEvaluators() != null && !request.getEvaluators().isEmpty()) {
            return request.getEvaluators().stream().distinct().toList();
        }
        return registry.defaults().stream().map(Evaluator::name).toList();
    }

    /** An evaluator's scores for its part of a batch, and how long they took. */
    private record Timed(List<EvaluationScore> scores, long millis) {
    }

    private Timed await(Future<Timed> future, Evaluator evaluator, int size) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating", e);
        } catch (ExecutionException e) {
            // scoreAll never throws; this is an Error in the evaluator: record it, do not stop
            String error = failure(e.getCause());
            List<EvaluationScore> scores = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                scores.add(EvaluationScore.error(evaluator, error));
            }
            return new Timed(scores, 0);
        }
    }

    /** {@code evaluateAll}; when it throws or answers the wrong number of scores, input by input. */
    static List<EvaluationScore> scoreAll(Evaluator evaluator, List<EvaluationInput> inputs) {
        try {
            List<EvaluationScore> scores = evaluator.evaluateAll(inputs);
            if (scores != null && scores.size() == inputs.size() && scores.stream().allMatch(s -> s != null)) {
                return scores;
            }
            LOG.warn("evaluator {} returned {} scores for {} inputs; scoring one by one", evaluator.name(),
                    scores == null ? "no" : scores.size(), inputs.size());
        } catch (RuntimeException e) {
            LOG.warn("evaluator {} failed on a batch of {}; scoring one by one: {}", evaluator.name(), inputs.size(),
                    e.toString());
        }
        List<EvaluationScore> scores = new ArrayList<>(inputs.size());
        for (EvaluationInput input : inputs) {
            try {
                EvaluationScore score = evaluator.evaluate(input);
                scores.add(score == null ? EvaluationScore.error(evaluator, "evaluator_failed: no score") : score);
            } catch (RuntimeException e) {
                scores.add(EvaluationScore.error(evaluator, failure(e)));
            }
        }
        return scores;
    }

    private static String failure(Throwable e) {
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "…";
        }
        return "evaluator_failed: " + e.getClass().getSimpleName() + message;
    }

    private EvaluationResult result(EvaluationRequest request, EvaluationScore score, String name,
                                    String explanation, long measuredMs, String extraReason) {
        EvaluationScore.JudgeUsage usage = score.usage() == null ? EvaluationScore.JudgeUsage.NONE : score.usage();
        boolean judged = usage.judgeModel() != null;
        List<String> reasons = new ArrayList<>(request.getReasons());
        if (extraReason != null) {
            reasons.add(extraReason);
        }
        Interaction interaction = request.getInteraction();
        return EvaluationResult.newBuilder()
                .setInteractionId(request.getInteractionId())
                .setName(name)
                .setEvaluatorVersion(score.version() == null ? "-" : score.version())
                .setScoreValue(score.error() == null ? score.value() : null)
                .setScoreLabel(score.error() == null ? score.label() : null)
                .setPassed(score.error() == null ? score.passed() : null)
                .setExplanation(explanation)
                .setError(score.error() == null && score.value() == null ? "evaluator_failed: no score value"
                        : score.error())
                .setJudgeModel(usage.judgeModel())
                .setInputTokens(judged ? usage.inputTokens() : null)
                .setOutputTokens(judged ? usage.outputTokens() : null)
                .setCostUsd(judged ? usage.costUsd() : null)
                .setLatencyMs(usage.latencyMs() > 0 ? usage.latencyMs() : measuredMs)
                .setSamplingReasons(reasons)
                .setSegment(request.getSegment())
                .setInteractionTimestamp(interaction.getTimestamp())
                .setEvaluatedAt(clock.instant())
                .build();
    }

    /** What evaluators see of an interaction: the user's last message, the answer, the context, the ground truth. */
    static EvaluationInput input(Interaction interaction) {
        String question = "";
        if (interaction.getMessages() != null) {
            for (int i = interaction.getMessages().size() - 1; i >= 0; i--) {
                Message m = interaction.getMessages().get(i);
                if ("user".equals(m.getRole())) {
                    question = m.getContent();
                    break;
                }
            }
        }
        List<String> context = new ArrayList<>();
        if (interaction.getContext() != null) {
            for (ContextDocument document : interaction.getContext()) {
                context.add(document.getContent());
            }
        }
        if (interaction.getToolCalls() != null) {
            for (ToolCall call : interaction.getToolCalls()) {
                if (call.getOutput() != null && !call.getOutput().isBlank()) {
                    context.add(call.getOutput());
                }
            }
        }
        return new EvaluationInput(interaction.getInteractionId(), interaction.getTenant(), question,
                interaction.getResponse(), context, interaction.getGroundTruth());
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
