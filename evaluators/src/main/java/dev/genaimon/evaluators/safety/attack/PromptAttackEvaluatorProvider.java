package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import java.util.List;

/**
 * Offers the evaluator {@code prompt_attack} (the attack cascade of the batch scanner, on the sampled interaction's
 * prompt) when {@code prompt_attack.enabled=true} is among the evaluator settings, none otherwise. It runs in the
 * evaluation worker, never on a stream thread (an embedded prompt costs milliseconds of MiniLM).
 */
public final class PromptAttackEvaluatorProvider implements EvaluatorProvider {

    @Override
    public List<Evaluator> create(EvaluatorContext context) {
        if (!Boolean.parseBoolean(context.text("prompt_attack.enabled", "false"))) {
            return List.of();
        }
        double threshold = context.number("prompt_attack.threshold", PromptAttackDetector.DEFAULT_THRESHOLD);
        return List.of(new PromptAttackEvaluator(
                CascadeAttackDetector.createDefault(PromptAttackDetector.withThreshold(threshold))));
    }

    /**
     * Score in [0, 1], the cascade's attack probability of the question; higher = more likely an attack; passes
     * below the threshold; label {@code attack} or {@code no_attack}; explanation says whether MiniLM was needed.
     */
    static final class PromptAttackEvaluator implements Evaluator {
        private final CascadeAttackDetector detector;

        PromptAttackEvaluator(CascadeAttackDetector detector) {
            this.detector = detector;
        }

        @Override
        public String name() {
            return "prompt_attack";
        }

        @Override
        public String version() {
            return "1";
        }

        @Override
        public EvaluationScore evaluate(EvaluationInput input) {
            if (input.question().isBlank()) {
                return EvaluationScore.error(this, "missing_input: no prompt to check");
            }
            CascadeAttackDetector.Report r = detector.detectWithContext(input.question(), List.of());
            boolean attack = r.report().detected();
            return new EvaluationScore(name(), version(), r.report().score(), !attack, attack ? "attack" : "no_attack",
                    r.embedded() ? "linear model unsure; MiniLM embedding model combined" : "linear model decided",
                    null, EvaluationScore.JudgeUsage.NONE);
        }
    }
}
