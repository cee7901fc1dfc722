package dev.genaimon.evaluators.judge;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;

import java.util.List;

/**
 * One rubric ({@code judge_groundedness}, ...) as an {@link Evaluator}. Scores are the judge's 1–5 value; a result
 * passes at {@code judge.pass-threshold} (default 4) or above.
 */
final class JudgeEvaluator implements Evaluator {

    private final Rubric rubric;
    private final Judge judge;

    JudgeEvaluator(Rubric rubric, Judge judge) {
        this.rubric = rubric;
        this.judge = judge;
    }

    @Override
    public String name() {
        return rubric.evaluatorName();
    }

    @Override
    public String version() {
        return rubric.version();
    }

    @Override
    public EvaluationScore evaluate(EvaluationInput input) {
        return judge.evaluate(rubric, input);
    }

    @Override
    public List<EvaluationScore> evaluateAll(List<EvaluationInput> inputs) {
        return judge.evaluateAll(rubric, inputs);
    }

    @Override
    public String toString() {
        return name() + "@" + version() + " (judge " + judge.model() + ")";
    }
}
