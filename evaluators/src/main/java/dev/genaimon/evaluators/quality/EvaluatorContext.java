package dev.genaimon.evaluators.quality;

import java.util.Map;

/**
 * What providers need to build evaluators: per-evaluator settings (e.g. {@code groundedness.threshold}). The local
 * embedding model and the LLM judge are added here as they land.
 *
 * @param settings flat settings, keys prefixed with the evaluator name
 */
public record EvaluatorContext(Map<String, String> settings) {

    public EvaluatorContext {
        settings = Map.copyOf(settings);
    }

    public double number(String key, double fallback) {
        String value = settings.get(key);
        return value == null ? fallback : Double.parseDouble(value);
    }
}
