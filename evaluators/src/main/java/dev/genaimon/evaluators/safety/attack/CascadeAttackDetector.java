package dev.genaimon.evaluators.safety.attack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Prompt-attack detection in two stages, for the batch scanner (never on a stream thread: the second stage runs
 * MiniLM, milliseconds per text). The linear model ({@link PromptAttackDetector}) scores every prompt; a prompt whose
 * linear logit falls in the cascade's band is also embedded, and a logistic combiner over both logits decides
 * ({@link EmbeddingCascade}). Context documents are scored by the linear model's windows as before. Thread-safe.
 */
public final class CascadeAttackDetector {

    /** Embeddings kept for repeated prompts, unless the system property {@value #CACHE_PROPERTY} says otherwise. */
    public static final int DEFAULT_CACHE_SIZE = 4096;
    /** System property: how many distinct prompt windows' vectors {@link #createDefault} keeps (0 = none). */
    public static final String CACHE_PROPERTY = "genaimon.attack-embedding.cache";

    private final PromptAttackDetector linear;
    private final EmbeddingCascade cascade;
    private final Function<String, float[]> embedder;
    private final LongAdder scored = new LongAdder();
    private final LongAdder embedded = new LongAdder();
    private final LongSupplier cacheHits;

    /**
     * @param embedder L2-normalised sentence embedding of a prompt (the cascade's window of the bundled MiniLM in
     *                 production)
     */
    CascadeAttackDetector(PromptAttackDetector linear, EmbeddingCascade cascade, Function<String, float[]> embedder) {
        this(linear, cascade, embedder, () -> 0);
    }

    private CascadeAttackDetector(PromptAttackDetector linear, EmbeddingCascade cascade,
                                  Function<String, float[]> embedder, LongSupplier cacheHits) {
        this.linear = Objects.requireNonNull(linear, "linear");
        this.cascade = Objects.requireNonNull(cascade, "cascade");
        this.embedder = Objects.requireNonNull(embedder, "embedder");
        this.cacheHits = cacheHits;
    }

    /**
     * The shipped linear model and cascade on {@code linear}'s threshold, embedding the cascade's window of the prompt
     * with the bundled MiniLM ({@link PromptEmbedder}, the model loads on the first prompt that needs it), keeping the
     * last {@value #DEFAULT_CACHE_SIZE} distinct windows' vectors (~11 MB; system property {@value #CACHE_PROPERTY},
     * 0 = no cache). A cached vector is the one the model gives for those wordpieces, so the cache changes no score.
     */
    public static CascadeAttackDetector createDefault(PromptAttackDetector linear) {
        EmbeddingCascade shipped = ShippedCascade.INSTANCE;
        PromptEmbedder minilm = new PromptEmbedder(shipped.window, shipped.head,
                Integer.getInteger(CACHE_PROPERTY, DEFAULT_CACHE_SIZE));
        return new CascadeAttackDetector(linear, shipped, minilm::embed, minilm::cacheHits);
    }

    /**
     * A verdict of the cascade.
     *
     * @param report   the prompt's and the context documents' verdicts
     * @param embedded whether the prompt was embedded (its linear logit was in the band)
     */
    public record Report(ContextAttackReport report, boolean embedded) {
    }

    /** The prompt's verdict: the linear model's outside the band, the combined one inside. */
    public AttackResult detect(String prompt) {
        return detectPrompt(prompt).report().prompt();
    }

    private Report detectPrompt(String prompt) {
        scored.increment();
        double l = linear.model().logit(prompt);
        float[] vector = null;
        if (cascade.needsEmbedding(l)) {
            embedded.increment();
            vector = embedder.apply(prompt);
        }
        double score = 1 / (1 + Math.exp(-cascade.logit(l, vector)));
        AttackResult result = new AttackResult(score, score >= linear.threshold());
        return new Report(new ContextAttackReport(result, List.of(), score, result.detected()), vector != null);
    }

    /** {@link #detect} for the prompt, the linear model's windows for the context documents. */
    public Report detectWithContext(String prompt, List<String> context) {
        Report p = detectPrompt(prompt);
        return new Report(linear.detectWithContext(p.report().prompt(), context), p.embedded());
    }

    /** Prompts scored so far. */
    public long scored() {
        return scored.sum();
    }

    /** Prompts that were embedded so far (their linear logit was in the band), cache hits included. */
    public long embedded() {
        return embedded.sum();
    }

    /** Of the {@link #embedded} prompts, those whose vector came from the cache (a repeated window). */
    public long cacheHits() {
        return cacheHits.getAsLong();
    }

    /** Lazily loaded once per JVM (~2 KB). */
    private static final class ShippedCascade {
        static final EmbeddingCascade INSTANCE = load();

        private static EmbeddingCascade load() {
            try (InputStream in = PromptAttackDetector.class.getResourceAsStream(EmbeddingCascade.RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("missing model resource " + EmbeddingCascade.RESOURCE);
                }
                return EmbeddingCascade.read(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
