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
 * Logistic regression over {@link HashedText} buckets followed by {@link StructuralFeatures}. Immutable after
 * construction, so one instance is shared by all threads. The hashed weights are held as 16-bit integers with one
 * scale (512 KB for 2^18 buckets, so the table stays in the CPU's L2 cache; the rounding error is far below the
 * model's own noise) and summed as integers; the cue weights stay float. Stored the same way, gzipped.
 */
final class LinearModel {

    private static final int MAGIC = 0x47414c4d; // "GALM"
    private static final int VERSION = 2;

    private final short[] hashed;
    private final float scale;
    private final float[] cues;
    final float bias;

    /** Quantises trained weights: {@code weights} holds the hashed buckets then the cue weights. */
    LinearModel(float[] weights, float bias) {
        if (weights.length != dimensions()) {
            throw new IllegalArgumentException("expected " + dimensions() + " weights, got " + weights.length);
        }
        float max = 1e-9f;
        for (int i = 0; i < HashedText.BUCKETS; i++) {
            max = Math.max(max, Math.abs(weights[i]));
        }
        this.scale = max / Short.MAX_VALUE;
        this.hashed = new short[HashedText.BUCKETS];
        for (int i = 0; i < HashedText.BUCKETS; i++) {
            hashed[i] = (short) Math.round(weights[i] / scale);
        }
        this.cues = java.util.Arrays.copyOfRange(weights, HashedText.BUCKETS, dimensions());
        this.bias = bias;
    }

    private LinearModel(short[] hashed, float scale, float[] cues, float bias) {
        this.hashed = hashed;
        this.scale = scale;
        this.cues = cues;
        this.bias = bias;
    }

    static int dimensions() {
        return HashedText.BUCKETS + StructuralFeatures.COUNT;
    }

    float cueWeight(int cue) {
        return cues[cue];
    }

    /** Probability that {@code text} is an attack. */
    double score(String text) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        return score(h, text);
    }

    /** Probability for an already analysed text ({@code h.analyse(text)} called). */
    double score(HashedText h, String text) {
        return score(h, text, new float[StructuralFeatures.COUNT]);
    }

    /** As {@link #score(HashedText, String)}, also leaving the cue values in {@code f}. */
    double score(HashedText h, String text, float[] f) {
        return 1 / (1 + Math.exp(-logit(h, text, f)));
    }

    /** Log-odds for an already analysed text, leaving the cue values in {@code f}. */
    double logit(HashedText h, String text, float[] f) {
        double z = bias + scale * (blockSum(h.charGrams, h.charGramCount) * HashedText.blockScale(h.charGramCount)
                + blockSum(h.wordGrams, h.wordGramCount) * HashedText.blockScale(h.wordGramCount));
        StructuralFeatures.extract(h, text, f, 0);
        for (int i = 0; i < f.length; i++) {
            z += cues[i] * f[i];
        }
        return z;
    }

    private long blockSum(int[] grams, int count) {
        long sum = 0;
        short[] w = hashed;
        for (int i = 0; i < count; i++) {
            int g = grams[i];
            sum += w[HashedText.bucket(g)] * HashedText.sign(g);
        }
        return sum;
    }

    void write(OutputStream raw) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            writeTo(out);
        }
    }

    /** The weights without magic, version or compression (also the wide part of {@link AttackModel}). */
    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(HashedText.BITS);
        out.writeInt(StructuralFeatures.COUNT);
        out.writeFloat(bias);
        out.writeFloat(scale);
        for (short w : hashed) {
            out.writeShort(w);
        }
        for (float c : cues) {
            out.writeFloat(c);
        }
    }

    static LinearModel read(InputStream raw) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalStateException("not a genaimon linear model v" + VERSION + " (bad magic/version; "
                        + "retrain with evaluators/scripts/train-safety-models.sh)");
            }
            return readFrom(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads what {@link #writeTo} wrote. */
    static LinearModel readFrom(DataInputStream in) throws IOException {
        int bits = in.readInt();
        int cueCount = in.readInt();
        if (bits != HashedText.BITS || cueCount != StructuralFeatures.COUNT) {
            throw new IllegalStateException("model was trained with " + bits + " hash bits and " + cueCount
                    + " cues; code expects " + HashedText.BITS + " and " + StructuralFeatures.COUNT
                    + " (retrain with evaluators/scripts/train-safety-models.sh)");
        }
        float bias = in.readFloat();
        float scale = in.readFloat();
        short[] hashed = new short[HashedText.BUCKETS];
        for (int i = 0; i < hashed.length; i++) {
            hashed[i] = in.readShort();
        }
        float[] cues = new float[cueCount];
        for (int i = 0; i < cues.length; i++) {
            cues[i] = in.readFloat();
        }
        return new LinearModel(hashed, scale, cues, bias);
    }
}
