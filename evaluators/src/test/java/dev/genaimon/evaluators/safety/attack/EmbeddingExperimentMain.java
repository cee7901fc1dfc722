package dev.genaimon.evaluators.safety.attack;

import dev.genaimon.evaluators.safety.Corpora;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;

/**
 * Development aid (not a test): the MiniLM embedding signal for prompt attacks, on the same splits and seed as
 * {@link PromptAttackCorpusTest} (random 5-fold by id; attack families held out as groups, benign by id). Variants,
 * each retrained per fold: {@code linear} (the shipped trainer), {@code embed} (logistic regression on the 384-d
 * embedding), {@code knn} (class-balanced vote of the k most similar training rows), {@code mean} (mean of the linear
 * and embedding logits, nothing learned), {@code stack} (a logistic combiner over the two logits, trained on inner
 * out-of-fold logits of the training rows only, so it never sees the test fold; inner folds group-aware in the
 * family split), {@code stack+cues} (the combiner also gets the 17 structural cues), {@code stack3} (plus the kNN
 * score); {@code @cal}: the combiner's offset set so that {@code calib.fpr} of the benign training rows' inner
 * out-of-fold scores are flagged; {@code cascade}: the shipped procedure ({@link CascadeTrainer}, inner folds by id);
 * with {@code -Dexp.mlp=true} also {@code mlp} (the embedding network alone) and {@code stackmlp@cal}. Writes every
 * row's out-of-fold logits as TSV. Arguments: output directory, then {@code splits} and/or {@code lofo}.
 */
final class EmbeddingExperimentMain {

    static final DenseLogistic.Hyper EMBED = new DenseLogistic.Hyper(Integer.getInteger("embed.epochs", 30),
            Double.parseDouble(System.getProperty("embed.lr", "0.05")), Double.parseDouble(System.getProperty("embed.l2", "1e-2")));
    static final DenseLogistic.Hyper COMBINER = new DenseLogistic.Hyper(30, 0.05, 1e-4);
    static final int K = Integer.getInteger("knn.k", 15);
    static final String[] VARIANTS = {"linear", "embed", "knn", "mean", "stack", "stack+cues", "stack3",
        "linear@cal", "mean@cal", "stack@cal", "stack3@cal", "cascade", "mlp", "stackmlp@cal"};
    static final boolean MLP = Boolean.getBoolean("exp.mlp");
    static final EmbeddingMlp.Hyper MLP_HYPER = new EmbeddingMlp.Hyper(Integer.getInteger("mlp.hidden", 32),
            Integer.getInteger("mlp.epochs", 40), Double.parseDouble(System.getProperty("mlp.lr", "0.02")),
            Double.parseDouble(System.getProperty("mlp.decay", "1e-3")));
    /** Fraction of test rows the cascade embedded, summed over folds. */
    private long cascadeEmbedded;
    private long cascadeScored;
    /** Benign false-positive rate the calibrated variants aim at on the training rows' inner out-of-fold scores. */
    static final double CAL_FPR = Double.parseDouble(System.getProperty("calib.fpr", "0.02"));

    private final List<AttackCorpus.Row> rows;
    private final float[][] emb;
    private final float[][] cues;
    private final boolean[] y;
    private final double[] w;

    EmbeddingExperimentMain(List<AttackCorpus.Row> rows, float[][] emb) {
        this.rows = rows;
        this.emb = emb;
        int n = rows.size();
        y = new boolean[n];
        w = new double[n];
        cues = new float[n][];
        for (int i = 0; i < n; i++) {
            LogisticTrainer.Example e = rows.get(i).example();
            y[i] = e.positive();
            w[i] = e.weight();
            HashedText h = HashedText.forThread();
            h.analyse(rows.get(i).text());
            cues[i] = new float[StructuralFeatures.COUNT];
            StructuralFeatures.extract(h, rows.get(i).text(), cues[i], 0);
        }
    }

    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<AttackCorpus.Row> rows = AttackCorpus.load(Corpora.root().orElseThrow().resolve(AttackCorpus.FILE));
        // the shipped cascade's window (PromptEmbedder) unless -Dembed.cut asks for langchain4j on the first N characters
        float[][] vectors = System.getProperty("embed.cut") != null ? AttackEmbeddings.of(rows)
                : AttackEmbeddings.ofWindow(rows, CascadeTrainer.Hyper.DEFAULT.window(), CascadeTrainer.Hyper.DEFAULT.head());
        EmbeddingExperimentMain x = new EmbeddingExperimentMain(rows, vectors);
        List<AttackCorpus.Row> nonBenign = rows.stream().filter(r -> !r.label().equals("benign")).toList();
        Map<String, Integer> groups = AttackCorpus.groupFolds(nonBenign, 5);
        for (int a = 1; a < args.length; a++) {
            if (args[a].equals("splits")) {
                Map<String, double[][]> all = new LinkedHashMap<>();
                all.put("random", x.split(PromptAttackCorpusTest::idFold, false));
                all.put("family", x.split(r -> r.label().equals("benign") ? PromptAttackCorpusTest.idFold(r)
                        : groups.get(r.subtype()), true));
                try (PrintWriter tsv = new PrintWriter(Files.newBufferedWriter(out.resolve("embedding-oof.tsv")))) {
                    tsv.println("id\tlabel\tsubtype\tsplit\t" + String.join("\t", VARIANTS));
                    for (var e : all.entrySet()) {
                        for (int i = 0; i < rows.size(); i++) {
                            AttackCorpus.Row r = rows.get(i);
                            StringBuilder line = new StringBuilder(r.id() + "\t" + r.label() + "\t" + r.subtype() + "\t" + e.getKey());
                            for (double[] v : e.getValue()) {
                                line.append('\t').append(String.format("%.5f", v[i]));
                            }
                            tsv.println(line);
                        }
                    }
                }
            } else if (args[a].equals("lofo")) {
                x.leaveOneFamilyOut();
            }
        }
    }

    /** Out-of-fold logits of every variant, in {@link #VARIANTS} order. */
    double[][] split(PromptAttackCorpusTest.FoldOf foldOf, boolean groupInner) {
        int n = rows.size();
        double[][] oof = new double[VARIANTS.length][n];
        long t0 = System.nanoTime();
        for (int f = 0; f < 5; f++) {
            final int fold = f;
            int[] train = indices(i -> foldOf.of(rows.get(i)) != fold);
            int[] test = indices(i -> foldOf.of(rows.get(i)) == fold);
            double[][] s = fitAndScore(train, test, groupInner);
            for (int v = 0; v < VARIANTS.length; v++) {
                for (int j = 0; j < test.length; j++) {
                    oof[v][test[j]] = s[v][j];
                }
            }
        }
        String name = groupInner ? "families held out" : "random 5-fold";
        System.out.printf("cascade embedded %d of %d test rows%n", cascadeEmbedded, cascadeScored);
        cascadeEmbedded = 0;
        cascadeScored = 0;
        System.out.printf("== %s (%.0f s)%n", name, (System.nanoTime() - t0) / 1e9);
        for (int v = 0; v < VARIANTS.length; v++) {
            PromptAttackCorpusTest.report(name + ", " + VARIANTS[v], rows, probabilities(oof[v]));
        }
        return oof;
    }

    /** Trains every variant on {@code train} and returns each one's logits on {@code test}. */
    double[][] fitAndScore(int[] train, int[] test, boolean groupInner) {
        AttackModel lin = linear(train);
        DenseLogistic em = embed(train);
        // inner out-of-fold logits of the training rows: what the combiner learns from
        double[] innerLin = new double[train.length];
        double[] innerEmb = new double[train.length];
        double[] innerKnn = new double[train.length];
        double[] innerMlp = new double[train.length];
        int[] innerFold = innerFolds(train, groupInner);
        EmbeddingMlp[] mlps = new EmbeddingMlp[5];
        EmbeddingMlp outerMlp = MLP ? mlp(train) : null;
        for (int g = 0; g < 5; g++) {
            final int gg = g;
            int[] tr = subset(train, innerFold, k -> innerFold[k] != gg);
            AttackModel l = linear(tr);
            DenseLogistic e = embed(tr);
            mlps[g] = MLP ? mlp(tr) : null;
            for (int k = 0; k < train.length; k++) {
                if (innerFold[k] == g) {
                    innerLin[k] = linearLogit(l, train[k]);
                    innerEmb[k] = e.logit(emb[train[k]]);
                    innerKnn[k] = knn(tr, train[k]);
                    innerMlp[k] = mlps[gg] == null ? 0 : mlps[gg].logit(emb[train[k]]);
                }
            }
        }
        DenseLogistic stack = combiner(train, innerLin, innerEmb, false);
        DenseLogistic stackCues = combiner(train, innerLin, innerEmb, true);
        DenseLogistic stack3 = combiner3(train, innerLin, innerEmb, innerKnn);
        DenseLogistic stackMlp = combiner(train, innerLin, innerMlp, false);
        double[] innerStackMlp = new double[train.length];
        for (int k = 0; k < train.length; k++) {
            innerStackMlp[k] = stackMlp.logit(new float[] {(float) innerLin[k], (float) innerMlp[k]});
        }
        double offStackMlp = offset(train, innerStackMlp);
        // calibrated: the logit offset that leaves CAL_FPR of the benign training rows flagged (inner out-of-fold)
        double[] innerMean = new double[train.length];
        double[] innerStack = new double[train.length];
        double[] innerStack3 = new double[train.length];
        for (int k = 0; k < train.length; k++) {
            innerMean[k] = (innerLin[k] + innerEmb[k]) / 2;
            innerStack[k] = stack.logit(new float[] {(float) innerLin[k], (float) innerEmb[k]});
            innerStack3[k] = stack3.logit(new float[] {(float) innerLin[k], (float) innerEmb[k], (float) innerKnn[k]});
        }
        double offLin = offset(train, innerLin);
        double offMean = offset(train, innerMean);
        double offStack = offset(train, innerStack);
        double offStack3 = offset(train, innerStack3);
        System.out.printf("  offsets lin %.2f mean %.2f stack %.2f stack3 %.2f%n", offLin, offMean, offStack, offStack3);
        // the shipped procedure (CascadeTrainer, same inner folds), applied with the outer linear model
        List<LogisticTrainer.Example> ex = new ArrayList<>();
        boolean[] benign = new boolean[train.length];
        float[][] vec = new float[train.length][];
        for (int k = 0; k < train.length; k++) {
            ex.add(rows.get(train[k]).example());
            benign[k] = rows.get(train[k]).label().equals("benign");
            vec[k] = emb[train[k]];
        }
        // inner folds by id, as the shipped model is trained (AttackModelTraining), whatever the outer split
        int[] byId = new int[train.length];
        for (int k = 0; k < train.length; k++) {
            byId[k] = AttackModelTraining.innerFold(rows.get(train[k]));
        }
        EmbeddingCascade cascade = CascadeTrainer.train(ex, benign, vec, byId, AttackModelTraining.HYPER,
                CascadeTrainer.Hyper.DEFAULT, AttackModelTraining.SEED).cascade();
        System.out.printf("  cascade band [%.2f, %.2f] combiner %.3f %.3f %.3f%n", cascade.low, cascade.high,
                cascade.combiner.weight(0), cascade.combiner.weight(1), cascade.combiner.bias());
        double[][] out = new double[VARIANTS.length][test.length];
        for (int j = 0; j < test.length; j++) {
            int i = test[j];
            double l = linearLogit(lin, i);
            double e = em.logit(emb[i]);
            out[0][j] = l;
            out[1][j] = e;
            out[2][j] = knn(train, i);
            out[3][j] = (l + e) / 2;
            out[4][j] = stack.logit(new float[] {(float) l, (float) e});
            out[5][j] = stackCues.logit(features(l, e, i, true));
            double kn = out[2][j];
            out[6][j] = stack3.logit(new float[] {(float) l, (float) e, (float) kn});
            out[7][j] = l - offLin;
            out[8][j] = out[3][j] - offMean;
            out[9][j] = out[4][j] - offStack;
            out[10][j] = out[6][j] - offStack3;
            boolean embedded = cascade.needsEmbedding(l);
            out[11][j] = cascade.logit(l, embedded ? emb[i] : null);
            cascadeEmbedded += embedded ? 1 : 0;
            double m = outerMlp == null ? 0 : outerMlp.logit(emb[i]);
            out[12][j] = m;
            out[13][j] = stackMlp.logit(new float[] {(float) l, (float) m}) - offStackMlp;
            cascadeScored++;
        }
        System.out.printf("  stack weights lin %.3f emb %.3f bias %.3f%n", stack.weight(0), stack.weight(1), stack.bias());
        return out;
    }

    private DenseLogistic combiner(int[] train, double[] lin, double[] emb, boolean withCues) {
        float[][] x = new float[train.length][];
        boolean[] yy = new boolean[train.length];
        double[] ww = new double[train.length];
        for (int k = 0; k < train.length; k++) {
            x[k] = features(lin[k], emb[k], train[k], withCues);
            yy[k] = y[train[k]];
            ww[k] = w[train[k]];
        }
        return DenseLogistic.train(x, yy, ww, COMBINER, AttackModelTraining.SEED);
    }

    /** The logit above which exactly {@link #CAL_FPR} of the benign rows among {@code train} lie. */
    private double offset(int[] train, double[] logits) {
        double[] benign = java.util.stream.IntStream.range(0, train.length)
                .filter(k -> rows.get(train[k]).label().equals("benign")).mapToDouble(k -> logits[k]).sorted().toArray();
        int at = Math.min(benign.length - 1, (int) Math.floor((1 - CAL_FPR) * benign.length));
        return benign[at] + 1e-6;
    }

    private DenseLogistic combiner3(int[] train, double[] lin, double[] emb, double[] knn) {
        float[][] x = new float[train.length][];
        boolean[] yy = new boolean[train.length];
        double[] ww = new double[train.length];
        for (int k = 0; k < train.length; k++) {
            x[k] = new float[] {(float) lin[k], (float) emb[k], (float) knn[k]};
            yy[k] = y[train[k]];
            ww[k] = w[train[k]];
        }
        return DenseLogistic.train(x, yy, ww, COMBINER, AttackModelTraining.SEED);
    }

    private float[] features(double lin, double e, int row, boolean withCues) {
        float[] f = new float[2 + (withCues ? StructuralFeatures.COUNT : 0)];
        f[0] = (float) lin;
        f[1] = (float) e;
        if (withCues) {
            System.arraycopy(cues[row], 0, f, 2, StructuralFeatures.COUNT);
        }
        return f;
    }

    private int[] innerFolds(int[] train, boolean groupInner) {
        List<AttackCorpus.Row> nonBenign = new ArrayList<>();
        for (int i : train) {
            if (!rows.get(i).label().equals("benign")) {
                nonBenign.add(rows.get(i));
            }
        }
        Map<String, Integer> groups = AttackCorpus.groupFolds(nonBenign, 5);
        int[] fold = new int[train.length];
        for (int k = 0; k < train.length; k++) {
            AttackCorpus.Row r = rows.get(train[k]);
            int byId = Math.floorMod((r.id() + "#inner").hashCode(), 5);
            fold[k] = groupInner && !r.label().equals("benign") ? groups.get(r.subtype()) : byId;
        }
        return fold;
    }

    AttackModel linear(int[] train) {
        List<LogisticTrainer.Example> ex = new ArrayList<>(train.length);
        for (int i : train) {
            ex.add(rows.get(i).example());
        }
        return DeepTrainer.train(ex, AttackModelTraining.HYPER, AttackModelTraining.SEED);
    }

    double linearLogit(AttackModel m, int row) {
        return m.logit(rows.get(row).text());
    }

    EmbeddingMlp mlp(int[] train) {
        return CascadeTrainer.trainEmbedding(train, emb, y, w, MLP_HYPER, AttackModelTraining.SEED);
    }

    DenseLogistic embed(int[] train) {
        float[][] x = new float[train.length][];
        boolean[] yy = new boolean[train.length];
        double[] ww = new double[train.length];
        for (int k = 0; k < train.length; k++) {
            x[k] = emb[train[k]];
            yy[k] = y[train[k]];
            ww[k] = w[train[k]];
        }
        return DenseLogistic.train(x, yy, ww, EMBED, AttackModelTraining.SEED);
    }

    /** Class-balanced, example-weighted vote of the K most similar training rows, as a logit. */
    double knn(int[] train, int row) {
        double[] sim = new double[train.length];
        double pos = 0;
        double neg = 0;
        for (int k = 0; k < train.length; k++) {
            float[] a = emb[row];
            float[] b = emb[train[k]];
            double dot = 0;
            for (int i = 0; i < a.length; i++) {
                dot += a[i] * b[i];
            }
            sim[k] = dot;
            if (y[train[k]]) {
                pos += w[train[k]];
            } else {
                neg += w[train[k]];
            }
        }
        int[] top = new int[Math.min(K, train.length)];
        double[] topSim = new double[top.length];
        java.util.Arrays.fill(topSim, Double.NEGATIVE_INFINITY);
        for (int k = 0; k < train.length; k++) {
            if (sim[k] > topSim[top.length - 1]) {
                int at = top.length - 1;
                while (at > 0 && topSim[at - 1] < sim[k]) {
                    topSim[at] = topSim[at - 1];
                    top[at] = top[at - 1];
                    at--;
                }
                topSim[at] = sim[k];
                top[at] = k;
            }
        }
        double vp = 0.5;
        double vn = 0.5;
        for (int k = 0; k < top.length; k++) {
            int r = train[top[k]];
            if (y[r]) {
                vp += w[r] / pos;
            } else {
                vn += w[r] / neg;
            }
        }
        return Math.log(vp / vn);
    }

    /** Leave one attack family out, as {@code AttackExperimentMain lofo}, for every variant. */
    void leaveOneFamilyOut() {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        rows.stream().filter(AttackCorpus.Row::attack).forEach(r -> sizes.merge(r.subtype(), 1L, Long::sum));
        List<String> families = sizes.entrySet().stream().filter(e -> e.getValue() >= 20).map(Map.Entry::getKey).toList();
        List<double[]> pooled = new ArrayList<>();
        List<Boolean> pooledY = new ArrayList<>();
        for (int k = 0; k < families.size(); k++) {
            String family = families.get(k);
            int benignFold = k % 5;
            IntPredicate heldOut = i -> rows.get(i).subtype().equals(family)
                    || (rows.get(i).label().equals("benign") && PromptAttackCorpusTest.idFold(rows.get(i)) == benignFold);
            int[] train = indices(heldOut.negate());
            int[] test = indices(heldOut);
            double[][] s = fitAndScore(train, test, true);
            StringBuilder line = new StringBuilder(String.format("  held out %-28s", family));
            for (int v = 0; v < VARIANTS.length; v++) {
                int tp = 0;
                int p = 0;
                int fp = 0;
                int nn = 0;
                for (int j = 0; j < test.length; j++) {
                    boolean flagged = s[v][j] >= 0;
                    if (rows.get(test[j]).attack()) {
                        p++;
                        tp += flagged ? 1 : 0;
                    } else if (rows.get(test[j]).label().equals("benign")) {
                        nn++;
                        fp += flagged ? 1 : 0;
                    }
                }
                line.append(String.format(" %s %.3f/%.3f", VARIANTS[v], (double) tp / p, (double) fp / nn));
            }
            System.out.println(line);
            for (int j = 0; j < test.length; j++) {
                if (!rows.get(test[j]).harmfulRequest()) {
                    double[] col = new double[VARIANTS.length];
                    for (int v = 0; v < VARIANTS.length; v++) {
                        col[v] = s[v][j];
                    }
                    pooled.add(col);
                    pooledY.add(rows.get(test[j]).attack());
                }
            }
        }
        boolean[] ya = new boolean[pooledY.size()];
        for (int i = 0; i < ya.length; i++) {
            ya[i] = pooledY.get(i);
        }
        System.out.printf("cascade embedded %d of %d test rows%n", cascadeEmbedded, cascadeScored);
        for (int v = 0; v < VARIANTS.length; v++) {
            final int vv = v;
            System.out.printf("  pooled AUC %s %.4f%n", VARIANTS[v], dev.genaimon.evaluators.safety.Metrics.rocAuc(
                    pooled.stream().mapToDouble(c -> c[vv]).toArray(), ya));
        }
    }

    private int[] indices(IntPredicate p) {
        return java.util.stream.IntStream.range(0, rows.size()).filter(p).toArray();
    }

    private static int[] subset(int[] train, int[] fold, IntPredicate keep) {
        return java.util.stream.IntStream.range(0, train.length).filter(keep).map(k -> train[k]).toArray();
    }

    static double[] probabilities(double[] logits) {
        double[] p = new double[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = 1 / (1 + Math.exp(-logits[i]));
        }
        return p;
    }
}
