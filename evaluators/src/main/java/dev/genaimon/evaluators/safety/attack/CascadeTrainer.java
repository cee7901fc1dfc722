package dev.genaimon.evaluators.safety.attack;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains {@link EmbeddingCascade} honestly: the combiner, its calibration offset and the band are fitted on
 * out-of-fold scores of the training rows (5 inner folds, fixed by the caller), never on rows a model saw.
 *
 * <ol>
 *   <li>per inner fold, a linear model ({@link DeepTrainer}) and an embedding model ({@link EmbeddingMlp}) trained on
 *       the other four folds score the fold: out-of-fold logits for every training row;</li>
 *   <li>a two-input logistic combiner over (linear logit, embedding logit) is trained on them;</li>
 *   <li>its bias is lowered so that {@code benignFpr} of the benign rows' out-of-fold combined logits are flagged
 *       (the class-balanced combiner flags ~5 % of benign rows at 0; the target is at most 3 %);</li>
 *   <li>the band: from the {@code lowTail} quantile of the linear logit among rows the calibrated combiner flags to
 *       the {@code 1 - highTail} quantile among rows it does not flag. Forcing "attack" above the band costs about
 *       {@code highTail} x (rows not flagged / benign rows) of benign FPR, so {@code highTail} is small (0.2 %);
 *       forcing "benign" below it costs at most {@code lowTail} of recall (1 %);</li>
 *   <li>outside the band the embedding logit is estimated from the linear logit (least squares on the out-of-fold
 *       logits), so scores there stay comparable with the combined ones;</li>
 *   <li>the final embedding model is trained on all rows.</li>
 * </ol>
 */
final class CascadeTrainer {

    /**
     * @param embedding hyper-parameters of the embedding model
     * @param combiner  hyper-parameters of the combiner
     * @param benignFpr benign false-positive rate the offset aims at on out-of-fold scores
     * @param lowTail   fraction of the flagged rows left below the band
     * @param highTail  fraction of the rows not flagged left above the band
     * @param window    wordpieces of the prompt that were embedded at most (stored with the model)
     * @param head        of those, how many from the prompt's start; the rest from its end
     */
    record Hyper(EmbeddingMlp.Hyper embedding, DenseLogistic.Hyper combiner, double benignFpr, double lowTail,
                 double highTail, int window, int head) {
        static final Hyper DEFAULT = new Hyper(new EmbeddingMlp.Hyper(32, 40, 0.02, 1e-3),
                new DenseLogistic.Hyper(30, 0.05, 1e-4), 0.02, 0.01, 0.002, 128, 128);
    }

    /** What the trainer learned, with the out-of-fold logits behind it (for reports). */
    record Trained(EmbeddingCascade cascade, double offset, double[] oofLinear, double[] oofEmbedding) {

        /** The same models with the band set for other tails (step 4 only; for sweeps). */
        EmbeddingCascade withTails(double lowTail, double highTail) {
            EmbeddingCascade c = cascade;
            double[] band = band(c.combiner, oofLinear, oofEmbedding, lowTail, highTail);
            return new EmbeddingCascade(c.embedding, c.combiner, band[0], band[1], c.window, c.head,
                    c.expectIntercept, c.expectSlope);
        }
    }

    private CascadeTrainer() {
    }

    /**
     * @param examples  training rows (label, weight, text)
     * @param benign    which rows are benign (the offset is set on them; harmful requests are negatives but not benign)
     * @param vectors   each row's L2-normalised MiniLM embedding of its window ({@link PromptEmbedder}, {@code hyper.window()} and
     *                  {@code hyper.head()})
     * @param innerFold each row's inner fold, 0-4
     * @param linear    hyper-parameters of the linear model, as shipped
     */
    static Trained train(List<LogisticTrainer.Example> examples, boolean[] benign, float[][] vectors, int[] innerFold,
                         DeepTrainer.Hyper linear, Hyper hyper, long seed) {
        int n = examples.size();
        boolean[] y = new boolean[n];
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = examples.get(i).positive();
            w[i] = examples.get(i).weight();
        }
        double[] lin = new double[n];
        double[] emb = new double[n];
        for (int g = 0; g < 5; g++) {
            List<LogisticTrainer.Example> tr = new ArrayList<>();
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if (innerFold[i] != g) {
                    tr.add(examples.get(i));
                    idx.add(i);
                }
            }
            if (idx.size() == n) {
                continue;
            }
            AttackModel l = DeepTrainer.train(tr, linear, seed);
            EmbeddingMlp e = trainEmbedding(idx.stream().mapToInt(Integer::intValue).toArray(), vectors, y, w,
                    hyper.embedding(), seed);
            for (int i = 0; i < n; i++) {
                if (innerFold[i] == g) {
                    lin[i] = l.logit(examples.get(i).text());
                    emb[i] = e.logit(vectors[i]);
                }
            }
        }
        float[][] x = new float[n][];
        for (int i = 0; i < n; i++) {
            x[i] = new float[] {(float) lin[i], (float) emb[i]};
        }
        DenseLogistic raw = DenseLogistic.train(x, y, w, hyper.combiner(), seed);
        double[] combined = new double[n];
        for (int i = 0; i < n; i++) {
            combined[i] = raw.logit(x[i]);
        }
        double offset = offset(combined, benign, hyper.benignFpr());
        DenseLogistic combiner = new DenseLogistic(new float[] {raw.weight(0), raw.weight(1)},
                (float) (raw.bias() - offset));
        double[] band = band(combiner, lin, emb, hyper.lowTail(), hyper.highTail());
        double ml = Arrays.stream(lin).average().orElse(0);
        double me = Arrays.stream(emb).average().orElse(0);
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxy += (lin[i] - ml) * (emb[i] - me);
            sxx += (lin[i] - ml) * (lin[i] - ml);
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        int[] all = new int[n];
        Arrays.setAll(all, i -> i);
        EmbeddingMlp embedding = trainEmbedding(all, vectors, y, w, hyper.embedding(), seed);
        return new Trained(new EmbeddingCascade(embedding, combiner, band[0], band[1], hyper.window(), hyper.head(),
                me - slope * ml, slope), offset, lin, emb);
    }

    /**
     * Step 4: from the {@code lowTail} quantile of the linear logit among the rows the calibrated combiner flags to
     * the {@code 1 - highTail} quantile among the rows it does not flag (out-of-fold logits).
     */
    private static double[] band(DenseLogistic combiner, double[] lin, double[] emb, double lowTail, double highTail) {
        List<Double> flaggedLin = new ArrayList<>();
        List<Double> passedLin = new ArrayList<>();
        for (int i = 0; i < lin.length; i++) {
            (combiner.logit(new float[] {(float) lin[i], (float) emb[i]}) >= 0 ? flaggedLin : passedLin).add(lin[i]);
        }
        double low = percentile(flaggedLin, lowTail);
        double high = percentile(passedLin, 1 - highTail);
        return new double[] {Math.min(low, high), Math.max(low, high)};
    }

    static EmbeddingMlp trainEmbedding(int[] rows, float[][] vectors, boolean[] y, double[] w, EmbeddingMlp.Hyper h,
                                        long seed) {
        float[][] x = new float[rows.length][];
        boolean[] yy = new boolean[rows.length];
        double[] ww = new double[rows.length];
        for (int k = 0; k < rows.length; k++) {
            x[k] = vectors[rows[k]];
            yy[k] = y[rows[k]];
            ww[k] = w[rows[k]];
        }
        return EmbeddingMlp.train(x, yy, ww, h, seed);
    }

    /** The logit above which a fraction {@code fpr} of the benign rows lie. */
    static double offset(double[] logits, boolean[] benign, double fpr) {
        double[] b = java.util.stream.IntStream.range(0, logits.length).filter(i -> benign[i])
                .mapToDouble(i -> logits[i]).sorted().toArray();
        if (b.length == 0) {
            return 0;
        }
        int at = Math.min(b.length - 1, (int) Math.floor((1 - fpr) * b.length));
        return b[at] + 1e-6;
    }

    private static double percentile(List<Double> values, double q) {
        if (values.isEmpty()) {
            return 0;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int at = (int) Math.min(v.length - 1, Math.max(0, Math.floor(q * (v.length - 1))));
        return v[at];
    }
}
