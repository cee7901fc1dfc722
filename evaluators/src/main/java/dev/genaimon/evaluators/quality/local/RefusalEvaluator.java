package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.safety.refusal.RefusalDetector;

/**
 * Refusal: did the model decline instead of answering? The refusal evidence of the safety stage's
 * {@link RefusalDetector} (a refusal phrase in the opening counts most; long answers that go on to comply count less).
 *
 * <p>Score in [0, 1], higher = MORE refusal (the one evaluator where higher is worse); passes when the score is below
 * {@code refusal.threshold} (default 0.5); label {@code refusal} or {@code answered}. An empty answer scores 0 with
 * label {@code empty} and fails (a silent model is not an answer either).
 */
final class RefusalEvaluator implements Evaluator {

    private final RefusalDetector detector = new RefusalDetector();
    private final double threshold;

    RefusalEvaluator(double threshold) {
        this.threshold = threshold;
    }

    @Override
    public String name() {
        return "refusal";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        if (input.answer().isBlank()) {
            return new EvaluationScore(name(), version(), 0.0, false, "empty", "empty answer", null,
                    EvaluationScore.JudgeUsage.NONE);
        }
        double score = detector.score(Texts.clip(input.answer()));
        boolean refused = score >= threshold;
        return new EvaluationScore(name(), version(), score, !refused, refused ? "refusal" : "answered",
                String.format("refusal evidence %.2f", score), null, EvaluationScore.JudgeUsage.NONE);
    }
}
