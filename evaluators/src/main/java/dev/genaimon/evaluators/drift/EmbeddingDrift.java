package dev.genaimon.evaluators.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Text drift on sentence embeddings: a kernel two-sample test (maximum mean discrepancy with a Gaussian kernel and a
 * permutation p-value), the cosine distance between the two centroids, and which "topics" (k-means clusters of the
 * reference sample) lost or gained mass.
 *
 * <p>Why MMD: it compares whole distributions in embedding space (not only the mean, which a topic shift that keeps
 * the centroid would pass), has no distribution assumptions, and its permutation p-value is exact for the samples at
 * hand. The kernel bandwidth is the median pairwise distance of the pooled sample (the usual heuristic), so the test
 * needs no tuning per model. The unbiased MMD² estimate is used; it can be slightly negative when nothing moved.
 *
 * <p>Cost: one n×n distance matrix for n = reference + current vectors (n = 400 at the default sample of 200 per
 * side: 160k dot products of 384 floats, a few milliseconds) and {@code permutations} re-sums of that matrix. Everything
 * is seeded, so the same samples always give the same p-value.
 */
public final class EmbeddingDrift {

    /**
     * @param permutations  permutations for the p-value (p has a resolution of 1 / (permutations + 1))
     * @param topics        k of the k-means clustering of the reference sample (fewer when the sample is small)
     * @param minTopicShift smallest change in a topic's share (absolute, 0..1) that is reported as moved
     * @param alpha         p-value below which the window is said to have drifted
     * @param minSamples    fewer vectors than this on either side gives "insufficient data" (p = NaN)
     * @param seed          seed for permutations and k-means initialisation
     */
    public record Settings(int permutations, int topics, double minTopicShift, double alpha, int minSamples, long seed) {
        public static final Settings DEFAULTS = new Settings(200, 8, 0.10, 0.01, 20, 42L);

        public Settings {
            if (permutations < 1 || topics < 1 || minSamples < 2) {
                throw new IllegalArgumentException("permutations and topics must be >= 1, minSamples >= 2");
            }
            if (!(alpha > 0 && alpha < 1) || !(minTopicShift >= 0 && minTopicShift <= 1)) {
                throw new IllegalArgumentException("alpha must be in (0, 1) and minTopicShift in [0, 1]");
            }
        }
    }

    /**
     * One topic (reference cluster) whose share changed by at least {@link Settings#minTopicShift}.
     *
     * @param label          the reference text nearest to the cluster centre (or "topic N" without texts)
     * @param referenceShare share of the reference sample in this cluster
     * @param currentShare   share of the current sample whose nearest centre is this cluster
     */
    public record TopicShift(int topic, String label, double referenceShare, double currentShare) {
        public double change() {
            return currentShare - referenceShare;
        }

        /** {@code "topic 3 'reset my password' 12% -> 31%"}, the form the report and the signal evidence carry. */
        public String describe() {
            return String.format(java.util.Locale.ROOT, "topic %d '%s' %.0f%% -> %.0f%%", topic, label,
                    referenceShare * 100, currentShare * 100);
        }
    }

    /**
     * @param mmd                    unbiased MMD² estimate (NaN when insufficient)
     * @param pValue                 permutation p-value (NaN when insufficient)
     * @param centroidCosineDistance 1 − cosine of the two mean vectors
     * @param referenceSize          vectors on the reference side
     * @param currentSize            vectors on the current side
     * @param movedTopics            topics whose share moved most first
     * @param drifted                p &lt; alpha
     */
    public record Result(double mmd, double pValue, double centroidCosineDistance, int referenceSize, int currentSize,
                         List<TopicShift> movedTopics, boolean drifted) {
        public boolean insufficientData() {
            return Double.isNaN(pValue);
        }
    }

    private final Settings settings;

    public EmbeddingDrift(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Compares without topic labels (topics are named "topic N"). */
    public Result compare(List<float[]> reference, List<float[]> current) {
        return compare(reference, null, current);
    }

    /** Compares, labelling topics with the reference text nearest to each cluster centre. */
    public Result compare(List<float[]> reference, List<String> referenceTexts, List<float[]> current) {
        return compare(reference, referenceTexts, current, null);
    }

    /**
     * @param reference      reference vectors (all of one dimension)
     * @param referenceTexts the texts of the reference vectors, same order, for topic labels; may be null
     * @param current        current vectors
     * @param currentTexts   the texts of the current vectors, same order; label a topic when the reference has no
     *                       texts (a baseline keeps vectors only) or none in that topic; may be null
     */
    public Result compare(List<float[]> reference, List<String> referenceTexts, List<float[]> current,
                          List<String> currentTexts) {
        int n = reference.size();
        int m = current.size();
        if (referenceTexts != null && referenceTexts.size() != n) {
            throw new IllegalArgumentException("referenceTexts must have one text per reference vector");
        }
        if (currentTexts != null && currentTexts.size() != m) {
            throw new IllegalArgumentException("currentTexts must have one text per current vector");
        }
        int dim = n > 0 ? reference.get(0).length : m > 0 ? current.get(0).length : 0;
        for (List<float[]> side : List.of(reference, current)) {
            for (float[] v : side) {
                if (v.length != dim) {
                    throw new IllegalArgumentException("vectors of different dimensions: " + v.length + " and " + dim);
                }
            }
        }
        double centroidDistance = n == 0 || m == 0 ? Double.NaN
                : 1.0 - cosine(mean(reference, dim), mean(current, dim));
        if (n < settings.minSamples() || m < settings.minSamples()) {
            return new Result(Double.NaN, Double.NaN, centroidDistance, n, m, List.of(), false);
        }
        List<float[]> pooled = new ArrayList<>(n + m);
        pooled.addAll(reference);
        pooled.addAll(current);
        double[][] kernel = gaussianKernel(pooled);
        int[] order = new int[n + m];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double observed = mmd2(kernel, order, n);
        SplittableRandom random = new SplittableRandom(settings.seed());
        int atLeast = 0;
        for (int p = 0; p < settings.permutations(); p++) {
            shuffle(order, random);
            if (mmd2(kernel, order, n) >= observed) {
                atLeast++;
            }
        }
        double pValue = (atLeast + 1.0) / (settings.permutations() + 1.0);
        List<TopicShift> moved = topicShifts(reference, referenceTexts, current, currentTexts, dim);
        return new Result(observed, pValue, centroidDistance, n, m, moved, pValue < settings.alpha());
    }

    /** Unbiased MMD² of the first {@code n} indices of {@code order} against the rest. */
    static double mmd2(double[][] k, int[] order, int n) {
        int m = order.length - n;
        double xx = 0;
        double yy = 0;
        double xy = 0;
        for (int a = 0; a < order.length; a++) {
            double[] row = k[order[a]];
            boolean aIsX = a < n;
            for (int b = a + 1; b < order.length; b++) {
                double v = row[order[b]];
                boolean bIsX = b < n;
                if (aIsX && bIsX) {
                    xx += v;
                } else if (!aIsX && !bIsX) {
                    yy += v;
                } else {
                    xy += v;
                }
            }
        }
        // each unordered pair counted once: the within sums are half of sum_{i != j}
        return 2 * xx / ((double) n * (n - 1)) + 2 * yy / ((double) m * (m - 1)) - 2 * xy / ((double) n * m);
    }

    /** Gaussian kernel exp(-d² / (2 σ²)) with σ = median pairwise distance (σ = 1 when all vectors coincide). */
    static double[][] gaussianKernel(List<float[]> vectors) {
        int size = vectors.size();
        double[][] d2 = new double[size][size];
        double[] upper = new double[size * (size - 1) / 2];
        int u = 0;
        for (int i = 0; i < size; i++) {
            float[] a = vectors.get(i);
            for (int j = i + 1; j < size; j++) {
                float[] b = vectors.get(j);
                double s = 0;
                for (int t = 0; t < a.length; t++) {
                    double diff = a[t] - b[t];
                    s += diff * diff;
                }
                d2[i][j] = s;
                d2[j][i] = s;
                upper[u++] = s;
            }
        }
        Arrays.sort(upper);
        double medianSquared = upper.length == 0 ? 1 : upper[upper.length / 2];
        double twoSigmaSquared = 2 * (medianSquared > 0 ? medianSquared : 1);
        double[][] k = new double[size][size];
        for (int i = 0; i < size; i++) {
            for (int j = 0; j < size; j++) {
                k[i][j] = Math.exp(-d2[i][j] / twoSigmaSquared);
            }
        }
        return k;
    }

    private List<TopicShift> topicShifts(List<float[]> reference, List<String> texts, List<float[]> current,
                                         List<String> currentTexts, int dim) {
        int k = Math.min(settings.topics(), Math.max(1, reference.size() / 5));
        float[][] centres = kMeans(reference, k, dim, new SplittableRandom(settings.seed()));
        int[] refCounts = new int[k];
        int[] nearestText = new int[k];
        double[] nearestSim = new double[k];
        Arrays.fill(nearestSim, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < reference.size(); i++) {
            int c = nearest(centres, reference.get(i));
            refCounts[c]++;
            double sim = dot(centres[c], reference.get(i));
            if (sim > nearestSim[c]) {
                nearestSim[c] = sim;
                nearestText[c] = i;
            }
        }
        int[] curCounts = new int[k];
        int[] nearestCurrent = new int[k];
        double[] nearestCurrentSim = new double[k];
        Arrays.fill(nearestCurrentSim, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < current.size(); i++) {
            int c = nearest(centres, current.get(i));
            curCounts[c]++;
            double sim = dot(centres[c], current.get(i));
            if (sim > nearestCurrentSim[c]) {
                nearestCurrentSim[c] = sim;
                nearestCurrent[c] = i;
            }
        }
        List<TopicShift> moved = new ArrayList<>();
        for (int c = 0; c < k; c++) {
            double refShare = refCounts[c] / (double) reference.size();
            double curShare = curCounts[c] / (double) current.size();
            if (Math.abs(curShare - refShare) >= settings.minTopicShift() && (refCounts[c] > 0 || curCounts[c] > 0)) {
                String label = texts != null && refCounts[c] > 0 ? shorten(texts.get(nearestText[c]))
                        : currentTexts != null && curCounts[c] > 0 ? shorten(currentTexts.get(nearestCurrent[c]))
                        : "topic " + c;
                moved.add(new TopicShift(c, label, refShare, curShare));
            }
        }
        moved.sort(Comparator.comparingDouble((TopicShift t) -> -Math.abs(t.change())));
        return List.copyOf(moved);
    }

    /** k-means++ initialisation and Lloyd iterations on (already normalised) vectors; deterministic for a seed. */
    static float[][] kMeans(List<float[]> points, int k, int dim, SplittableRandom random) {
        float[][] centres = new float[k][];
        centres[0] = points.get(random.nextInt(points.size())).clone();
        double[] d2 = new double[points.size()];
        for (int c = 1; c < k; c++) {
            double total = 0;
            for (int i = 0; i < points.size(); i++) {
                double best = Double.MAX_VALUE;
                for (int j = 0; j < c; j++) {
                    best = Math.min(best, squaredDistance(points.get(i), centres[j]));
                }
                d2[i] = best;
                total += best;
            }
            int chosen = 0;
            if (total > 0) {
                double r = random.nextDouble() * total;
                while (chosen < points.size() - 1 && (r -= d2[chosen]) > 0) {
                    chosen++;
                }
            } else {
                chosen = random.nextInt(points.size());
            }
            centres[c] = points.get(chosen).clone();
        }
        int[] assignment = new int[points.size()];
        for (int iteration = 0; iteration < 25; iteration++) {
            boolean changed = false;
            for (int i = 0; i < points.size(); i++) {
                int c = nearest(centres, points.get(i));
                if (c != assignment[i] || iteration == 0) {
                    changed |= c != assignment[i];
                    assignment[i] = c;
                }
            }
            if (iteration > 0 && !changed) {
                break;
            }
            double[][] sums = new double[k][dim];
            int[] counts = new int[k];
            for (int i = 0; i < points.size(); i++) {
                float[] p = points.get(i);
                double[] s = sums[assignment[i]];
                for (int t = 0; t < dim; t++) {
                    s[t] += p[t];
                }
                counts[assignment[i]]++;
            }
            for (int c = 0; c < k; c++) {
                if (counts[c] > 0) {
                    for (int t = 0; t < dim; t++) {
                        centres[c][t] = (float) (sums[c][t] / counts[c]);
                    }
                }
            }
        }
        return centres;
    }

    private static int nearest(float[][] centres, float[] v) {
        int best = 0;
        double bestDistance = Double.MAX_VALUE;
        for (int c = 0; c < centres.length; c++) {
            double d = squaredDistance(centres[c], v);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }

    private static double squaredDistance(float[] a, float[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            double diff = a[t] - b[t];
            s += diff * diff;
        }
        return s;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int t = 0; t < a.length; t++) {
            s += a[t] * b[t];
        }
        return s;
    }

    private static double[] mean(List<float[]> vectors, int dim) {
        double[] mean = new double[dim];
        for (float[] v : vectors) {
            for (int t = 0; t < dim; t++) {
                mean[t] += v[t];
            }
        }
        for (int t = 0; t < dim; t++) {
            mean[t] /= vectors.size();
        }
        return mean;
    }

    private static double cosine(double[] a, double[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int t = 0; t < a.length; t++) {
            ab += a[t] * b[t];
            aa += a[t] * a[t];
            bb += b[t] * b[t];
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    private static void shuffle(int[] order, SplittableRandom random) {
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    private static String shorten(String text) {
        String oneLine = text.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 57) + "...";
    }
}
