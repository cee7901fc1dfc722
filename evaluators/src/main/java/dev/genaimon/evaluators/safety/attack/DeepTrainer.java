package dev.genaimon.evaluators.safety.attack;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Trains the wide-and-deep attack model by seeded SGD on the class-balanced log loss: the wide part is the
 * logistic regression of {@link LogisticTrainer} (hashed character and word grams plus cues), the deep part a
 * fastText-style hidden layer: the mean of hashed word 1-3-gram embeddings plus a projection of the cues, through a
 * ReLU, then one output weight per unit. The deep part can learn interactions the linear part cannot (a role-play
 * wrapper AND a harmful topic). Single-threaded and deterministic for a given seed and example order.
 *
 * <p>The shipped model has {@code dim = 0}: no hidden layer, so training is exactly {@link LogisticTrainer}'s (same
 * random draws, same updates). A 16-unit layer on 2^16 embedding rows raised the attack-family-held-out AUC by about
 * 0.01 but doubled the scoring cost (the embedding reads miss the cache); see docs/safety.md. Retrain with
 * {@code -Ddeep.dim=16} where the budget allows it (e.g. the batch scanner).
 */
final class DeepTrainer {

    /**
     * @param epochs       passes over the data
     * @param learningRate initial step of the wide part; decays as lr / sqrt(1 + epoch)
     * @param l2           L2 strength of the wide part per example
     * @param dim          hidden units (= embedding dimension)
     * @param embedBits    embedding table of 2^embedBits rows
     * @param deepRate     initial step of the deep part, same decay
     * @param embedInit    embeddings start uniform in +-embedInit (0: zeros; the random cue projection breaks symmetry)
     */
    record Hyper(int epochs, double learningRate, double l2, int dim, int embedBits, double deepRate, double embedInit) {
        static Hyper fromProperties() {
            return new Hyper(Integer.getInteger("hyper.epochs", 20), Double.parseDouble(System.getProperty("hyper.lr", "0.5")),
                    Double.parseDouble(System.getProperty("hyper.l2", "1e-5")), Integer.getInteger("deep.dim", 0),
                    Integer.getInteger("deep.bits", 16), Double.parseDouble(System.getProperty("deep.lr", "1.0")),
                    Double.parseDouble(System.getProperty("deep.init", "0")));
        }
    }

    private record Vector(int[] idx, float[] val, float[] cues, int[] emb) {
    }

    private DeepTrainer() {
    }

    static AttackModel train(List<LogisticTrainer.Example> examples, Hyper hyper, long seed) {
        List<Vector> vectors = new ArrayList<>(examples.size());
        double posWeight = 0;
        double negWeight = 0;
        for (LogisticTrainer.Example e : examples) {
            vectors.add(vectorise(e.text(), hyper));
            if (e.positive()) {
                posWeight += e.weight();
            } else {
                negWeight += e.weight();
            }
        }
        double total = posWeight + negWeight;
        double posScale = posWeight > 0 ? total / (2 * posWeight) : 1;
        double negScale = negWeight > 0 ? total / (2 * negWeight) : 1;

        int dims = LinearModel.dimensions();
        int d = hyper.dim();
        int cueCount = StructuralFeatures.COUNT;
        float[] v = new float[dims];
        double scale = 1;
        double bias = 0;
        Random random = new Random(seed);
        float[] emb = new float[(1 << hyper.embedBits()) * d];
        float init = (float) hyper.embedInit();
        for (int i = 0; i < emb.length; i++) {
            emb[i] = (random.nextFloat() * 2 - 1) * init;
        }
        float[] cueProj = new float[d * cueCount];
        for (int i = 0; i < cueProj.length; i++) {
            cueProj[i] = (random.nextFloat() * 2 - 1) * 0.1f;
        }
        float[] hb = new float[d];
        float[] out = new float[d];
        for (int j = 0; j < d; j++) {
            out[j] = (random.nextFloat() * 2 - 1) * 0.1f;
        }
        float[] a = new float[d];
        float[] dh = new float[d];

        int[] order = new int[examples.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int epoch = 0; epoch < hyper.epochs(); epoch++) {
            shuffle(order, random);
            double lr = hyper.learningRate() / Math.sqrt(1 + epoch);
            double dlr = hyper.deepRate() / Math.sqrt(1 + epoch);
            for (int k : order) {
                LogisticTrainer.Example e = examples.get(k);
                Vector x = vectors.get(k);
                double z = bias;
                for (int i = 0; i < x.idx.length; i++) {
                    z += scale * v[x.idx[i]] * x.val[i];
                }
                for (int i = 0; i < cueCount; i++) {
                    z += scale * v[HashedText.BUCKETS + i] * x.cues[i];
                }
                // deep forward
                float inv = x.emb.length == 0 ? 0f : 1f / x.emb.length;
                for (int j = 0; j < d; j++) {
                    a[j] = hb[j];
                }
                for (int b : x.emb) {
                    int o = b * d;
                    for (int j = 0; j < d; j++) {
                        a[j] += emb[o + j] * inv;
                    }
                }
                for (int j = 0; j < d; j++) {
                    float s = a[j];
                    for (int c = 0; c < cueCount; c++) {
                        s += cueProj[j * cueCount + c] * x.cues[c];
                    }
                    a[j] = s;
                    if (s > 0) {
                        z += out[j] * s;
                    }
                }
                double p = 1 / (1 + Math.exp(-z));
                double y = e.positive() ? 1 : 0;
                double g = (p - y) * e.weight() * (e.positive() ? posScale : negScale);
                // deep backward
                for (int j = 0; j < d; j++) {
                    dh[j] = a[j] > 0 ? (float) (g * out[j]) : 0f;
                    if (a[j] > 0) {
                        out[j] -= (float) (dlr * g * a[j]);
                    }
                }
                for (int j = 0; j < d; j++) {
                    if (dh[j] != 0) {
                        float step = (float) (dlr * dh[j]);
                        hb[j] -= step;
                        for (int c = 0; c < cueCount; c++) {
                            cueProj[j * cueCount + c] -= step * x.cues[c];
                        }
                    }
                }
                for (int b : x.emb) {
                    int o = b * d;
                    for (int j = 0; j < d; j++) {
                        emb[o + j] -= (float) (dlr * dh[j] * inv);
                    }
                }
                // wide backward
                scale *= 1 - lr * hyper.l2();
                double step = lr * g / scale;
                for (int i = 0; i < x.idx.length; i++) {
                    v[x.idx[i]] -= (float) (step * x.val[i]);
                }
                for (int i = 0; i < cueCount; i++) {
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
        return new AttackModel(new LinearModel(w, (float) bias), hyper.embedBits(), d, emb, cueProj, hb, out);
    }

    private static Vector vectorise(String text, Hyper hyper) {
        HashedText h = HashedText.forThread();
        h.analyse(text);
        TreeMap<Integer, Float> sparse = new TreeMap<>();
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
        return new Vector(idx, val, cues, AttackModel.embeddingBuckets(h, hyper.embedBits()));
    }

    private static void addBlock(TreeMap<Integer, Float> sparse, int[] grams, int count) {
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
