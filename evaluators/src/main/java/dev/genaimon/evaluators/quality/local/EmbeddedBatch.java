package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.EvaluationInput;
import dev.genaimon.evaluators.quality.EvaluationScore;
import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The shared shape of the embedding evaluators that score an input from a few texts of its own: check each input
 * once, embed the texts of every valid input in one model call ({@link SentenceEmbedder#embedGroups}), then score each
 * input with its own vectors. An input that fails the check gets an error result and sends nothing to the model.
 */
final class EmbeddedBatch {

    private EmbeddedBatch() {
    }

    /**
     * @param error  why an input cannot be scored, or null
     * @param texts  the texts to embed for a valid input
     * @param scorer the score of a valid input from its vectors (in the order of {@code texts})
     */
    static List<EvaluationScore> evaluate(Evaluator evaluator, SentenceEmbedder embedder, List<EvaluationInput> inputs,
                                          Function<EvaluationInput, String> error,
                                          Function<EvaluationInput, List<String>> texts,
                                          BiFunction<EvaluationInput, List<float[]>, EvaluationScore> scorer) {
        List<String> errors = new ArrayList<>(inputs.size());
        List<List<String>> groups = new ArrayList<>(inputs.size());
        for (EvaluationInput in : inputs) {
            String why = error.apply(in);
            errors.add(why);
            groups.add(why == null ? texts.apply(in) : List.of());
        }
        List<List<float[]>> vectors = embedder.embedGroups(groups);
        List<EvaluationScore> out = new ArrayList<>(inputs.size());
        for (int i = 0; i < inputs.size(); i++) {
            out.add(errors.get(i) != null ? EvaluationScore.error(evaluator, errors.get(i))
                    : scorer.apply(inputs.get(i), vectors.get(i)));
        }
        return out;
    }
}
