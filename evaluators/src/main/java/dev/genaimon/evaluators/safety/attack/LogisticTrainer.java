package dev.genaimon.evaluators.safety.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains {@link LinearModel} by stochastic gradient descent on the L2-regularised, class-balanced log loss.
 * Deterministic for a given seed and example order. Uses the scaled-weight trick (w = scale * v) so the L2
 * shrink is O(1) per step despite 2^18 dimensions.
 */
final class LogisticTrainer {

    /**
     * @param epochs       passes over the data
     * @param learningRate initial step; decays as lr / sqrt(1 + epoch)
     * @param l2           regularisation strength per example
     */
    record Hyper(int epochs, double learningRate, double l2) {
        static final Hyper DEFAULT = new Hyper(Integer.getInteger("hyper.epochs", 20), Double.parseDouble(System.getProperty("hyper.lr", "0.5")), Double.parseDouble(System.getProperty("hyper.l2", "1e-5")));
    }

    /** One labelled text; {@code weight} scales its loss (e.g. to down-weight a near-duplicate-heavy source). */
    record Example(String text, boolean positive, double weight) {
    }

    private record Vector(int[] idx, float[] val, float[] cues) {
    }

    private LogisticTrainer() {
    }

    static LinearModel train(List<Example> examples, Hyper hyper, long seed) {
        List<Vector> vectors = new ArrayList<>(examples.size());
        double posWeight = 0;
        double negWeight = 0;
        for (Example e : examples) {
            vectors.add(vectorise(e.text()));
            if (e.positive()) {
                posWeight += e.weight();
            } else {
                negWeight += e.weight();
            }
        }
        // Balance the classes so the default threshold of 0.5 sits between them.
        double total = posWeight + negWeight;
        double posScale = posWeight > 0 ? total / (2 * posWeight) : 1;
        double negScale = negWeight > 0 ? total / (2 * negWeight) : 1;

        int dims = LinearModel.dimensions();
        float[] v = new float[dims];
        double scale = 1;
        double bias = 0;
        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int epoch = 0; epoch < hyper.epochs(); epoch++) {
            shuffle(order, random);
            double lr = hyper.learningRate() / Math.sqrt(1 + epoch);
            for (int k : order) {
                Example e = examples.get(k);
                Vector x = vectors.get(k);
                double z = bias;
                for (int i = 0; i < x.idx.length; i++) {
                    z += scale * v[x.idx[i]] * x.val[i];
                }
                for (int i = 0; i < x.cues.length; i++) {
                    z += scale * v[HashedText.BUCKETS + i] * x.cues[i];
                }
                double p = 1 / (1 + Math.exp(-z));
                double y = e.positive() ? 1 : 0;
                double g = (p - y) * e.weight() * (e.positive() ? posScale : negScale);
                scale *= 1 - lr * hyper.l2();
                double step = lr * g / scale;
                for (int i = 0; i < x.idx.length; i++) {
                    v[x.idx[i]] -= (float) (step * x.val[i]);
                }
                for (int i = 0; i < x.cues.length; i++) {
                    v[HashedText.BUCKETS + i] -= (float) (step * x.cues[i]);
                }
                bias -= lr * g;
                if (scale < 1e-6) {
                    for (int i = 0; i < dims; i++) {
                        v[i] *= (float) scale;
                    }
                    scale = 1;
                }
            }
        }
        float[] w = new float[dims];
        for (int i = 0; i < dims; i++) {
            w[i] = (float) (v[i] * scale);
        }
        return new LinearModel(w, (float) bias);
    }

    private static Vector vectorise(String text) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        // Same values the model sums at scoring time: per bucket, the signed gram count times the block scale.
        java.util.TreeMap<Integer, Float> sparse = new java.util.TreeMap<>();
        addBlock(sparse, h.charGrams, h.charGramCount);
        addBlock(sparse, h.wordGrams, h.wordGramCount);
        int[] idx = new int[sparse.size()];
        float[] val = new float[sparse.size()];
        int i = 0;
        for (var e : sparse.entrySet()) {
            idx[i] = e.getKey();
            val[i++] = e.getValue();
        }
        float[] cues = new float[StructuralFeatures.COUNT];
        StructuralFeatures.extract(h, text, cues, 0);
        return new Vector(idx, val, cues);
    }

    private static void addBlock(java.util.TreeMap<Integer, Float> sparse, int[] grams, int count) {
        float scale = HashedText.blockScale(count);
        for (int i = 0; i < count; i++) {
            sparse.merge(HashedText.bucket(grams[i]), HashedText.sign(grams[i]) * scale, Float::sum);
        }
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
