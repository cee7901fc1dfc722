package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;

/**
 * Throughput of the local evaluators against the bundled model's raw {@code embedAll}, in the same run: the
 * evaluators score the inputs in batches with a cold cache while every batch they send to the model is recorded;
 * then exactly those batches are sent to the raw model again. The ratio of the two times is what the evaluators add
 * beyond the embedding work. Measured batch by batch (evaluators, then the raw replay of their calls), best of two
 * rounds after a warm-up round.
 */
public final class LocalBench {

    private LocalBench() {
    }

    /**
     * @param inputs      inputs scored
     * @param texts       texts the evaluators sent to the model
     * @param rawSeconds  best time of the raw model on those texts, in the same batches
     * @param evalSeconds best time of all nine local evaluators on the inputs (cold cache)
     */
    public record Report(int inputs, long texts, double rawSeconds, double evalSeconds) {
        public double rawTextsPerSecond() {
            return texts / rawSeconds;
        }

        public double evalTextsPerSecond() {
            return texts / evalSeconds;
        }

        public double inputsPerSecond() {
            return inputs / evalSeconds;
        }

        /** Evaluator throughput as a share of raw model throughput (1.0 = no overhead). */
        public double ratio() {
            return rawSeconds / evalSeconds;
        }

        public String describe() {
            return String.format("raw embedAll: %d texts in %.2f s = %.0f texts/s%n"
                            + "local evaluators (all 9, cold cache): %d inputs in %.2f s = %.1f inputs/s = %.0f texts/s%n"
                            + "evaluators / raw throughput: %.1f%%",
                    texts, rawSeconds, rawTextsPerSecond(), inputs, evalSeconds, inputsPerSecond(),
                    evalTextsPerSecond(), 100 * ratio());
        }
    }

    public static Report run(EvaluatorContext settings, List<EvaluationInput> inputs, int batch) {
        Function<List<String>, List<float[]>> raw = SentenceEmbedder.bundledModel();
        List<List<String>> recorded = Collections.synchronizedList(new ArrayList<>());
        Function<List<String>, List<float[]>> recording = texts -> {
            recorded.add(List.copyOf(texts));
            return raw.apply(texts);
        };
        double bestRaw = Double.MAX_VALUE;
        double bestEval = Double.MAX_VALUE;
        long texts = 0;
        for (int round = 0; round < 3; round++) {
            // a fresh embedder each round: cold cache, as a stream of new interactions sees it
            SentenceEmbedder embedder = new SentenceEmbedder(recording, SentenceEmbedder.DEFAULT_CACHE_SIZE);
            List<Evaluator> evaluators = new LocalEvaluatorProvider().create(
                    new EvaluatorContext(settings.settings(), embedder));
            double evalSeconds = 0;
            double rawSeconds = 0;
            long roundTexts = 0;
            for (int i = 0; i < inputs.size(); i += batch) {
                List<EvaluationInput> b = inputs.subList(i, Math.min(inputs.size(), i + batch));
                // batch by batch, so both sides see the same machine load (shared CI runners are noisy)
                recorded.clear();
                long t0 = System.nanoTime();
                for (Evaluator e : evaluators) {
                    e.evaluateAll(b);
                }
                evalSeconds += (System.nanoTime() - t0) / 1e9;
                List<List<String>> calls = new ArrayList<>(recorded);
                long t1 = System.nanoTime();
                for (List<String> call : calls) {
                    raw.apply(call);
                }
                rawSeconds += (System.nanoTime() - t1) / 1e9;
                roundTexts += calls.stream().mapToLong(List::size).sum();
            }
            texts = roundTexts;
            if (round > 0) {
                bestRaw = Math.min(bestRaw, rawSeconds);
                bestEval = Math.min(bestEval, evalSeconds);
            }
        }
        return new Report(inputs.size(), texts, bestRaw, bestEval);
    }
}
