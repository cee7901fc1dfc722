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
 * construction, so one instance is shared by all threads. Stored as gzip: a header, then every weight quantised
 * to a 16-bit integer with one scale (the rounding error is far below the model's own noise).
 */
final class LinearModel {

    private static final int MAGIC = 0x47414c4d; // "GALM"
    private static final int VERSION = 1;

    final float[] weights;
    final float bias;

    LinearModel(float[] weights, float bias) {
        if (weights.length != dimensions()) {
            throw new IllegalArgumentException("expected " + dimensions() + " weights, got " + weights.length);
        }
        this.weights = weights;
        this.bias = bias;
    }

    static int dimensions() {
        return HashedText.BUCKETS + StructuralFeatures.COUNT;
    }

    /** Probability that {@code text} is an attack. */
    double score(String text) {
        HashedText h = HashedText.forThread();
        h.hash(text);
        double z = bias;
        for (int i = 0; i < h.size; i++) {
            z += weights[h.indices[i]] * h.values[i];
        }
        float[] cues = new float[StructuralFeatures.COUNT];
        StructuralFeatures.extract(text, cues, 0);
        for (int i = 0; i < cues.length; i++) {
            z += weights[HashedText.BUCKETS + i] * cues[i];
        }
        return 1 / (1 + Math.exp(-z));
    }

    void write(OutputStream raw) throws IOException {
        float max = 1e-9f;
        for (float w : weights) {
            max = Math.max(max, Math.abs(w));
        }
        float scale = max / Short.MAX_VALUE;
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(raw))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(HashedText.BITS);
            out.writeInt(StructuralFeatures.COUNT);
            out.writeFloat(bias);
            out.writeFloat(scale);
            for (float w : weights) {
                out.writeShort(Math.round(w / scale));
            }
        }
    }

    static LinearModel read(InputStream raw) {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(raw))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION) {
                throw new IllegalStateException("not a genaimon linear model (bad magic/version)");
            }
            int bits = in.readInt();
            int cues = in.readInt();
            if (bits != HashedText.BITS || cues != StructuralFeatures.COUNT) {
                throw new IllegalStateException("model was trained with " + bits + " hash bits and " + cues
                        + " cues; code expects " + HashedText.BITS + " and " + StructuralFeatures.COUNT
                        + " (retrain with evaluators/scripts/train-safety-models.sh)");
            }
            float bias = in.readFloat();
            float scale = in.readFloat();
            float[] w = new float[dimensions()];
            for (int i = 0; i < w.length; i++) {
                w[i] = in.readShort() * scale;
            }
            return new LinearModel(w, bias);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
