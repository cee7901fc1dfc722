package dev.genaimon.evaluators.quality;

import java.util.List;

/**
 * ServiceLoader entry point ({@code META-INF/services/dev.genaimon.evaluators.quality.EvaluatorProvider}): creates
 * the evaluators one module offers, from the shared {@link EvaluatorContext} (embedding model, judge, settings).
 */
public interface EvaluatorProvider {

    List<Evaluator> create(EvaluatorContext context);
}
