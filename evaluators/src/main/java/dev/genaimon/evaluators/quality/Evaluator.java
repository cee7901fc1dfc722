package dev.genaimon.evaluators.quality;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores interactions on one quality dimension (groundedness, relevance, ...). Implementations are discovered with
 * {@link java.util.ServiceLoader} through {@link EvaluatorProvider}, are thread-safe, and never throw for bad input:
 * a failure is an {@link EvaluationScore} with {@code error} set and no value (never a made-up score).
 */
public interface Evaluator {

    /** Stable name, e.g. {@code groundedness}; the {@code gen_ai.evaluation.name} of its results. */
    String name();

    /** Version of the scoring logic; part of cache keys and of every result. */
    String version();

    /** Scores one input. */
    EvaluationScore evaluate(EvaluationInput input);

    /**
     * Scores a batch. Evaluators that embed text override this to batch the model calls ({@code embedAll});
     * results are in input order.
     */
    default List<EvaluationScore> evaluateAll(List<EvaluationInput> inputs) {
        List<EvaluationScore> scores = new ArrayList<>(inputs.size());
        for (EvaluationInput input : inputs) {
            scores.add(evaluate(input));
        }
        return scores;
    }
}
