package dev.genaimon.evaluators.safety.attack;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

/**
 * Logistic regression on a small dense vector (a sentence embedding, or the scores of other models when stacking).
 * Trained by seeded SGD on the class-balanced, example-weighted log loss with L2, like {@link LogisticTrainer};
 * deterministic for a given seed and example order. Immutable, so shared by all threads.
 */
final class DenseLogistic {

    /**
     * @param epochs       passes over the data
     * @param learningRate initial step; decays as lr / sqrt(1 + epoch)
     * @param l2           regularisation strength per example
     */
    record Hyper(int epochs, double learningRate, double l2) {
    }

    private final float[] weights;
    private final float bias;

    DenseLogistic(float[] weights, float bias) {
        this.weights = weights.clone();
        this.bias = bias;
    }

    int dimension() {
        return weights.length;
    }

    float weight(int i) {
        return weights[i];
    }

    float bias() {
        return bias;
    }

    double logit(float[] x) {
        if (x.length != weights.length) {
            throw new IllegalArgumentException("expected " + weights.length + " inputs, got " + x.length);
        }
        double z = bias;
        for (int i = 0; i < x.length; i++) {
            z += weights[i] * x[i];
        }
        return z;
    }

    /**
     * @param x      one input vector per example, all of the same length
     * @param y      true for an attack
     * @param weight per-example loss weight (harmful requests 0.5, trigger-word benign 2, else 1)
     */
    static DenseLogistic train(float[][] x, boolean[] y, double[] weight, Hyper hyper, long seed) {
        int n = x.length;
        // Standardised inputs (mean 0, sd 1 per dimension on the training data) make one learning rate fit every
        // dimension; the scaling is folded back into the weights at the end, so scoring is a plain dot product.
        TrainingSet set = TrainingSet.of(x, y, weight);
        int d = x[0].length;
        double[] mean = set.mean();
        double[] sd = set.sd();
        double posScale = set.positiveScale();
        double negScale = set.negativeScale();
        double[] s = new double[d];
        double[] w = new double[d];
        double b = 0;
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int epoch = 0; epoch < hyper.epochs(); epoch++) {
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            double lr = hyper.learningRate() / Math.sqrt(1 + epoch);
            for (int k : order) {
                float[] xi = x[k];
                for (int i = 0; i < d; i++) {
                    s[i] = (xi[i] - mean[i]) / sd[i];
                }
                double z = b;
                for (int i = 0; i < d; i++) {
                    z += w[i] * s[i];
                }
                double p = 1 / (1 + Math.exp(-z));
                double g = (p - (y[k] ? 1 : 0)) * weight[k] * (y[k] ? posScale : negScale);
                double shrink = 1 - lr * hyper.l2();
                for (int i = 0; i < d; i++) {
                    w[i] = w[i] * shrink - lr * g * s[i];
                }
                b -= lr * g;
            }
        }
        float[] wf = new float[d];
        double bias = b;
        for (int i = 0; i < d; i++) {
            wf[i] = (float) (w[i] / sd[i]);
            bias -= w[i] * mean[i] / sd[i];
        }
        return new DenseLogistic(wf, (float) bias);
    }

    void writeTo(DataOutputStream out) throws IOException {
        out.writeInt(weights.length);
        out.writeFloat(bias);
        for (float w : weights) {
            out.writeFloat(w);
        }
    }

    static DenseLogistic readFrom(DataInputStream in) throws IOException {
        int d = in.readInt();
        if (d <= 0 || d > 4096) {
            throw new IOException("bad dense model dimension " + d);
        }
        float bias = in.readFloat();
        float[] w = new float[d];
        for (int i = 0; i < d; i++) {
            w[i] = in.readFloat();
        }
        return new DenseLogistic(w, bias);
    }
}
