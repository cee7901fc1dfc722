package dev.genaimon.evaluators.quality;

import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What providers need to build evaluators: per-evaluator settings (e.g. {@code groundedness.threshold}) and the
 * sentence embedder the local evaluators share. The LLM judge reads its settings under the {@code judge.} prefix.
 *
 * @param settings flat settings, keys prefixed with the evaluator name
 * @param embedder sentence embeddings for the local evaluators (the bundled MiniLM by default; loads lazily)
 */
public record EvaluatorContext(Map<String, String> settings, SentenceEmbedder embedder) {

    public EvaluatorContext {
        settings = Map.copyOf(settings);
        Objects.requireNonNull(embedder, "embedder");
    }

    /** Settings with the bundled MiniLM embedder (nothing loads until an evaluator embeds text). */
    public EvaluatorContext(Map<String, String> settings) {
        this(settings, SentenceEmbedder.minilm());
    }

    /** A number setting; a value that does not parse is a configuration error, reported with its key. */
    public double number(String key, double fallback) {
        String value = settings.get(key);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting " + key + " is not a number: " + value, e);
        }
    }

    /** A text setting, or the fallback when absent or blank. */
    public String text(String key, String fallback) {
        String value = settings.get(key);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** The settings under {@code prefix} (e.g. {@code judge.}), with the prefix removed, sorted by key. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }
}
