package dev.genaimon.processors.eval.worker;

import dev.genaimon.evaluators.quality.Evaluator;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.evaluators.quality.EvaluatorProvider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The evaluators the worker can run, by name, and the default set a request without an explicit list gets. Names are
 * unique: two providers offering the same name is a configuration error reported at startup.
 */
public final class EvaluatorRegistry {

    /** Prefix of LLM-judge evaluators; {@code judge_groundedness} falls back to the local {@code groundedness}. */
    public static final String JUDGE_PREFIX = "judge_";

    private final Map<String, Evaluator> byName;
    private final List<Evaluator> defaults;

    /**
     * @param available    every evaluator that can run
     * @param defaultNames the evaluators of requests that name none; empty = all available
     */
    public EvaluatorRegistry(List<Evaluator> available, List<String> defaultNames) {
        Map<String, Evaluator> map = new LinkedHashMap<>();
        for (Evaluator evaluator : available) {
            Evaluator previous = map.putIfAbsent(evaluator.name(), evaluator);
            if (previous != null) {
                throw new IllegalArgumentException("two evaluators are named '" + evaluator.name() + "': "
                        + previous.getClass().getName() + " and " + evaluator.getClass().getName());
            }
        }
        List<Evaluator> chosen = new ArrayList<>();
        for (String name : defaultNames) {
            Evaluator evaluator = map.get(name);
            if (evaluator == null) {
                throw new IllegalArgumentException("eval.evaluators names '" + name + "', which no evaluator provides;"
                        + " available: " + map.keySet());
            }
            chosen.add(evaluator);
        }
        this.byName = Map.copyOf(map);
        this.defaults = defaultNames.isEmpty() ? List.copyOf(map.values()) : List.copyOf(chosen);
    }

    /** Every {@link EvaluatorProvider} on the class path ({@link ServiceLoader}), built with the given context. */
    public static EvaluatorRegistry load(EvaluatorContext context, List<String> defaultNames) {
        List<Evaluator> all = new ArrayList<>();
        for (EvaluatorProvider provider : ServiceLoader.load(EvaluatorProvider.class)) {
            all.addAll(provider.create(context));
        }
        return new EvaluatorRegistry(all, defaultNames);
    }

    public Evaluator get(String name) {
        return byName.get(name);
    }

    public List<Evaluator> defaults() {
        return defaults;
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** The local evaluator standing in for a judge evaluator, or null. */
    Evaluator localFallbackOf(String judgeName) {
        if (!judgeName.startsWith(JUDGE_PREFIX)) {
            return null;
        }
        return byName.get(judgeName.substring(JUDGE_PREFIX.length()));
    }
}
