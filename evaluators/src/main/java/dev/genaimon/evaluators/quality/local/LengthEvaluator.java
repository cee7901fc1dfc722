package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;

/**
 * Length: the answer's length in words. Score in [0, ∞) words (not normalised); passes when it lies within
 * {@code length.min_words} (default 1) and {@code length.max_words} (default 500); label {@code too_short},
 * {@code ok} or {@code too_long}. An empty answer scores 0 (and fails with the default minimum).
 */
final class LengthEvaluator implements Evaluator {

    private final double min;
    private final double max;

    LengthEvaluator(double min, double max) {
        this.min = min;
        this.max = max;
    }

    @Override
    public String name() {
        return "length";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        int words = Texts.words(input.answer()).size();
        String label = words < min ? "too_short" : words > max ? "too_long" : "ok";
        return new EvaluationScore(name(), version(), (double) words, label.equals("ok"), label,
                String.format("%d words (allowed %.0f to %.0f)", words, min, max), null,
                EvaluationScore.JudgeUsage.NONE);
    }
}
