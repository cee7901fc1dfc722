package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.ArrayList;
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
     * @param overheadSeconds best time of the nine evaluators on a model that costs nothing: their own work
     */
    public record Report(int inputs, long texts, double rawSeconds, double evalSeconds, double overheadSeconds) {
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
                            + "evaluators / raw throughput: %.1f%%%n"
                            + "evaluators' own work (model cost excluded): %.3f s = %.1f%% of the raw embedding time",
                    texts, rawSeconds, rawTextsPerSecond(), inputs, evalSeconds, inputsPerSecond(),
                    evalTextsPerSecond(), 100 * ratio(), overheadSeconds, 100 * overheadSeconds / rawSeconds);
        }
    }

    public static Report run(EvaluatorContext settings, List<EvaluationInput> inputs, int batch) {
        Function<List<String>, List<float[]>> raw = SentenceEmbedder.bundledModel();
        double bestRaw = Double.MAX_VALUE;
        double bestEval = Double.MAX_VALUE;
        double bestOverhead = Double.MAX_VALUE;
        long texts = 0;
        for (int round = 0; round < 3; round++) {
            // 1. the evaluators on a model that costs nothing: their own work, and the exact batches they embed
            List<List<List<String>>> callsPerBatch = new ArrayList<>();
            List<List<String>> recorded = new ArrayList<>();
            Function<List<String>, List<float[]>> free = t -> {
                recorded.add(List.copyOf(t));
                List<float[]> out = new ArrayList<>(t.size());
                for (int i = 0; i < t.size(); i++) {
                    out.add(new float[] {1f});
                }
                return out;
            };
            List<Evaluator> dry = evaluators(settings, new SentenceEmbedder(free, SentenceEmbedder.DEFAULT_CACHE_SIZE));
            double overhead = 0;
            for (int i = 0; i < inputs.size(); i += batch) {
                recorded.clear();
                long t0 = System.nanoTime();
                scoreBatch(dry, inputs.subList(i, Math.min(inputs.size(), i + batch)));
                overhead += (System.nanoTime() - t0) / 1e9;
                callsPerBatch.add(new ArrayList<>(recorded));
            }
            // 2. the evaluators on the real model (cold cache) and the raw model on exactly their batches, batch by
            // batch and in alternating order, so both sides see the same machine load (shared runners are noisy)
            List<Evaluator> real = evaluators(settings, new SentenceEmbedder(raw, SentenceEmbedder.DEFAULT_CACHE_SIZE));
            double evalSeconds = 0;
            double rawSeconds = 0;
            long roundTexts = 0;
            for (int b = 0, i = 0; i < inputs.size(); b++, i += batch) {
                List<EvaluationInput> slice = inputs.subList(i, Math.min(inputs.size(), i + batch));
                List<List<String>> calls = callsPerBatch.get(b);
                if (b % 2 == 0) {
                    evalSeconds += time(() -> scoreBatch(real, slice));
                    rawSeconds += time(() -> calls.forEach(raw::apply));
                } else {
                    rawSeconds += time(() -> calls.forEach(raw::apply));
                    evalSeconds += time(() -> scoreBatch(real, slice));
                }
                roundTexts += calls.stream().mapToLong(List::size).sum();
            }
            texts = roundTexts;
            if (round > 0) {
                bestRaw = Math.min(bestRaw, rawSeconds);
                bestEval = Math.min(bestEval, evalSeconds);
                bestOverhead = Math.min(bestOverhead, overhead);
            }
        }
        return new Report(inputs.size(), texts, bestRaw, bestEval, bestOverhead);
    }

    private static List<Evaluator> evaluators(EvaluatorContext settings, SentenceEmbedder embedder) {
        return new LocalEvaluatorProvider().create(new EvaluatorContext(settings.settings(), embedder));
    }

    private static void scoreBatch(List<Evaluator> evaluators, List<EvaluationInput> batch) {
        for (Evaluator e : evaluators) {
            e.evaluateAll(batch);
        }
    }

    private static double time(Runnable r) {
        long t0 = System.nanoTime();
        r.run();
        return (System.nanoTime() - t0) / 1e9;
    }
}
