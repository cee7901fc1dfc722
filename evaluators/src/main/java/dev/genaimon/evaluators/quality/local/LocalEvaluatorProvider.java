package dev.genaimon.evaluators.quality.local;

import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import java.util.List;

/**
 * The local evaluators (no network): groundedness, relevance, similarity, coherence, fluency, refusal, format,
 * length, repetition. Pass thresholds come from {@code <name>.threshold} settings (see docs/evaluation.md); the
 * embedding evaluators share {@link EvaluatorContext#embedder()}.
 */
public final class LocalEvaluatorProvider implements EvaluatorProvider {

    /** Names of the local evaluators, in the order they are created. */
    public static final List<String> NAMES = List.of("groundedness", "relevance", "similarity", "coherence",
            "fluency", "refusal", "format", "length", "repetition");

    @Override
    public List<Evaluator> create(EvaluatorContext context) {
        var embedder = context.embedder();
        return List.of(
                new GroundednessEvaluator(embedder, context.number("groundedness.threshold", 0.5)),
                new RelevanceEvaluator(embedder, context.number("relevance.threshold", 0.5)),
                new SimilarityEvaluator(embedder, context.number("similarity.threshold", 0.5)),
                new CoherenceEvaluator(embedder, context.number("coherence.threshold", 0.5)),
                new FluencyEvaluator(context.number("fluency.threshold", 0.5)),
                new RefusalEvaluator(context.number("refusal.threshold", 0.5)),
                new FormatEvaluator(context.text("format.type", "auto"), context.settings().get("format.schema"),
                        context.settings().get("format.regex"), context.number("format.threshold", 1.0)),
                new LengthEvaluator(context.number("length.min_words", 1), context.number("length.max_words", 500)),
                new RepetitionEvaluator(context.number("repetition.threshold", 0.8)));
    }
}
