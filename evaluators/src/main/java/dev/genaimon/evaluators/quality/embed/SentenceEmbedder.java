package dev.genaimon.evaluators.quality.embed;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Sentence embeddings for the local evaluators: one batched model call per {@link #embedAll} (only the texts not in
 * the LRU cache are sent), L2-normalised vectors so {@link #cosine} is a dot product. Thread-safe.
 *
 * <p>{@link #minilm()} is the bundled all-MiniLM-L6-v2 (quantised ONNX, shipped in the jar, no network); the model
 * loads on first use, not when the evaluators are built, so a run that only needs lexical evaluators never pays for it.
 */
public final class SentenceEmbedder {

    /** Default number of sentence embeddings kept (384 floats each, about 1.6 KB: 20k ≈ 32 MB). */
    public static final int DEFAULT_CACHE_SIZE = 20_000;

    private static volatile SentenceEmbedder minilm;
    private static final MiniLmModel BUNDLED = new MiniLmModel();

    private final Function<List<String>, List<float[]>> model;
    private final Map<String, float[]> cache;
    private final int cacheSize;
    private long modelCalls;
    private long modelTexts;

    /**
     * @param model     embeds a batch of texts, one vector per text, in order (called once per {@link #embedAll})
     * @param cacheSize LRU capacity in sentences; 0 disables the cache
     */
    public SentenceEmbedder(Function<List<String>, List<float[]>> model, int cacheSize) {
        this.model = Objects.requireNonNull(model, "model");
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(Math.max(16, Math.min(cacheSize, 1 << 16)), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > SentenceEmbedder.this.cacheSize;
            }
        };
    }

    /** The bundled MiniLM model, shared by every evaluator in the JVM; loads lazily on the first embedding. */
    public static SentenceEmbedder minilm() {
        SentenceEmbedder e = minilm;
        if (e == null) {
            synchronized (SentenceEmbedder.class) {
                e = minilm;
                if (e == null) {
                    e = new SentenceEmbedder(BUNDLED, DEFAULT_CACHE_SIZE);
                    minilm = e;
                }
            }
        }
        return e;
    }

    /** The bundled model's raw batch call (no cache, no normalisation), for benchmarks and custom embedders. */
    public static Function<List<String>, List<float[]>> bundledModel() {
        return BUNDLED;
    }

    /** Embeds one text (through the cache). */
    public float[] embed(String text) {
        return embedAll(List.of(text)).get(0);
    }

    /**
     * Embeds texts in order; duplicates and cached texts are not sent to the model, the rest goes in ONE model call.
     */
    public List<float[]> embedAll(List<String> texts) {
        Map<String, float[]> found = new HashMap<>();
        List<String> missing = new ArrayList<>();
        synchronized (cache) {
            for (String t : texts) {
                if (found.containsKey(t)) {
                    continue;
                }
                float[] v = cacheSize > 0 ? cache.get(t) : null;
                if (v != null) {
                    found.put(t, v);
                } else {
                    found.put(t, null); // marks it seen, so a duplicate is sent once
                    missing.add(t);
                }
            }
        }
        if (!missing.isEmpty()) {
            List<float[]> vectors = model.apply(missing);
            if (vectors.size() != missing.size()) {
                throw new IllegalStateException("model returned " + vectors.size() + " vectors for " + missing.size());
            }
            synchronized (cache) {
                modelCalls++;
                modelTexts += missing.size();
                for (int i = 0; i < missing.size(); i++) {
                    float[] v = normalise(vectors.get(i));
                    found.put(missing.get(i), v);
                    if (cacheSize > 0) {
                        cache.put(missing.get(i), v);
                    }
                }
            }
        }
        List<float[]> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(found.get(t));
        }
        return out;
    }

    /**
     * Embeds groups of texts with one {@link #embedAll} call and returns each group's vectors, in group order (an
     * empty group gets an empty list): a batched evaluator gives one group per input and reads back only its own.
     */
    public List<List<float[]>> embedGroups(List<List<String>> groups) {
        List<String> all = new ArrayList<>();
        groups.forEach(all::addAll);
        List<float[]> vectors = embedAll(all);
        List<List<float[]>> out = new ArrayList<>(groups.size());
        int at = 0;
        for (List<String> group : groups) {
            out.add(vectors.subList(at, at + group.size()));
            at += group.size();
        }
        return out;
    }

    /** Cosine similarity of two vectors from this embedder (normalised, so the dot product), in [-1, 1]. */
    public static double cosine(float[] a, float[] b) {
        double dot = 0;
        int n = Math.min(a.length, b.length);
        for (int i = 0; i < n; i++) {
            dot += a[i] * b[i];
        }
        return Math.max(-1, Math.min(1, dot));
    }

    /** How many model calls and texts were embedded so far (the cache hit rate is visible from these). */
    public Stats stats() {
        synchronized (cache) {
            return new Stats(modelCalls, modelTexts, cache.size());
        }
    }

    /** Drops every cached embedding (benchmarks measure cold runs with it). */
    public void clearCache() {
        synchronized (cache) {
            cache.clear();
        }
    }

    /**
     * @param modelCalls  batched model calls made
     * @param modelTexts  texts sent to the model
     * @param cached      embeddings in the cache now
     */
    public record Stats(long modelCalls, long modelTexts, int cached) {
    }

    private static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        if (norm == 0 || Math.abs(norm - 1) < 1e-6) {
            return v;
        }
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }
}
