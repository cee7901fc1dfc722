package dev.genaimon.evaluators.safety.attack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The shipped prompt-attack model, wide and deep: the log-odds of the {@link LinearModel} (hashed character and
 * word grams plus cues) plus a fastText-style hidden layer. The hidden layer reads the mean of 8-bit embeddings of
 * the hashed word 1-3-grams (the word grams {@link HashedText} already produced, re-bucketed to {@link #bits} bits)
 * plus a projection of the structural cues, through a ReLU, and adds one output weight per unit. It lets the model
 * learn interactions the linear part cannot (a role-play wrapper together with a harmful topic). Immutable after
 * construction, shared by all threads. Trained by {@link DeepTrainer}. With zero hidden units (the shipped setting,
 * for cost) it is the linear model alone.
 */
final class AttackModel {

    private static final int MAGIC = 0x47415744; // "GAWD"
    private static final int VERSION = 3;

    final LinearModel wide;
    final int bits;
    final int dim;
    private final byte[] emb;
    private final float embScale;
    private final float[] cueProj;
    private final float[] hiddenBias;
    private final float[] out;

    /** Quantises the trained embeddings ({@code 2^bits * dim} floats, row-major) to 8 bits with one scale. */
    AttackModel(LinearModel wide, int bits, int dim, float[] embeddings, float[] cueProj, float[] hiddenBias,
                float[] out) {
        if (embeddings.length != (1 << bits) * dim || cueProj.length != dim * StructuralFeatures.COUNT
                || hiddenBias.length != dim || out.length != dim) {
            throw new IllegalArgumentException("inconsistent deep-layer sizes");
        }
        float max = 1e-9f;
        for (float e : embeddings) {
            max = Math.max(max, Math.abs(e));
        }
        this.wide = wide;
        this.bits = bits;
        this.dim = dim;
        this.embScale = max / 127;
        this.emb = new byte[embeddings.length];
        for (int i = 0; i < embeddings.length; i++) {
            emb[i] = (byte) Math.round(embeddings[i] / embScale);
        }
        this.cueProj = cueProj.clone();
        this.hiddenBias = hiddenBias.clone();
        this.out = out.clone();
    }

    private AttackModel(LinearModel wide, int bits, int dim, byte[] emb, float embScale, float[] cueProj,
                        float[] hiddenBias, float[] out) {
        this.wide = wide;
        this.bits = bits;
        this.dim = dim;
        this.emb = emb;
        this.embScale = embScale;
        this.cueProj = cueProj;
        this.hiddenBias = hiddenBias;
        this.out = out;
    }

    /** Probability that {@code text} is an attack. */
    double score(String text) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        return score(h, text, new float[StructuralFeatures.COUNT]);
    }

    /** Log-odds that {@code text} is an attack (the cascade combines it with the embedding model's). */
    double logit(String text) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        return logit(h, text, new float[StructuralFeatures.COUNT]);
    }

    /** Probability for an already analysed text ({@code h.analyse(text)} called), leaving the cues in {@code f}. */
    double score(HashedText h, String text, float[] f) {
        return 1 / (1 + Math.exp(-logit(h, text, f)));
    }

    private double logit(HashedText h, String text, float[] f) {
        return wide.logit(h, text, f) + deepLogit(h, f);
    }

    /** The hidden layer's contribution to the log-odds; {@code cues} already extracted. */
    double deepLogit(HashedText h, float[] cues) {
        int d = dim;
        if (d == 0) {
            return 0;
        }
        int[] acc = new int[d];
        int shift = 32 - bits;
        byte[] e = emb;
        int[] grams = h.wordGrams;
        int n = h.wordGramCount;
        for (int i = 0; i < n; i++) {
            int o = (grams[i] >>> shift) * d;
            for (int j = 0; j < d; j++) {
                acc[j] += e[o + j];
            }
        }
        float mean = n == 0 ? 0f : embScale / n;
        int cc = cues.length;
        double z = 0;
        for (int j = 0; j < d; j++) {
            float s = hiddenBias[j] + acc[j] * mean;
            for (int c = 0; c < cc; c++) {
                s += cueProj[j * cc + c] * cues[c];
            }
            if (s > 0) {
                z += out[j] * s;
            }
        }
        return z;
    }

    /** Embedding bucket of every word gram of an analysed text, as {@link #deepLogit} reads them. */
    static int[] embeddingBuckets(HashedText h, int bits) {
        int[] b = new int[h.wordGramCount];
        for (int i = 0; i < b.length; i++) {
            b[i] = h.wordGrams[i] >>> (32 - bits);
        }
        return b;
    }

    void write(OutputStream raw) throws IOException {
        try (DataOutputStream o = new DataOutputStream(new GZIPOutputStream(raw))) {
            o.writeInt(MAGIC);
            o.writeInt(VERSION);
            wide.writeTo(o);
            o.writeInt(bits);
            o.writeInt(dim);
            o.writeFloat(embScale);
            o.write(emb);
            writeFloats(o, cueProj);
            writeFloats(o, hiddenBias);
            writeFloats(o, out);
        }
    }

    static AttackModel read(InputStream raw) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalStateException("not a genaimon attack model v" + VERSION + " (bad magic/version; "
                        + "retrain with evaluators/scripts/train-safety-models.sh)");
            }
            LinearModel wide = LinearModel.readFrom(in);
            int bits = in.readInt();
            int dim = in.readInt();
            if (bits < 8 || bits > 20 || dim < 0 || dim > 256) {
                throw new IllegalStateException("implausible deep layer: " + bits + " bits, " + dim + " units");
            }
            float embScale = in.readFloat();
            byte[] emb = new byte[(1 << bits) * dim];
            in.readFully(emb);
            float[] cueProj = readFloats(in, dim * StructuralFeatures.COUNT);
            float[] hiddenBias = readFloats(in, dim);
            float[] out = readFloats(in, dim);
            return new AttackModel(wide, bits, dim, emb, embScale, cueProj, hiddenBias, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeFloats(DataOutputStream o, float[] a) throws IOException {
        for (float x : a) {
            o.writeFloat(x);
        }
    }

    private static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = in.readFloat();
        }
        return a;
    }
}
