package dev.genaimon.evaluators.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.special.Gamma;

/**
 * Drift statistics, reference vs current, from raw samples ("exact") or from
 * {@link FeatureProfile} sketches ("sketch"). Definitions are those of our Python reference
 * (numpy 2.4 / scipy 1.17):
 * <ul>
 *   <li>KS: {@code scipy.stats.ks_2samp} statistic; p-value {@code kstwo.sf(d, round(n·m/(n+m)))}
 *       (round half to even, as numpy);</li>
 *   <li>Wasserstein-1: {@code scipy.stats.wasserstein_distance}; normalised by the reference
 *       sample standard deviation (ddof=1);</li>
 *   <li>bins: the reference deciles ({@code numpy.quantile}, "linear"), open outer bins, value v in
 *       bin i iff {@code edges[i-1] < v <= edges[i]};</li>
 *   <li>PSI with proportions floored at 1e-4; Jensen–Shannon distance (base 2) and Hellinger
 *       on unfloored proportions;</li>
 *   <li>categorical: Pearson chi-squared test of homogeneity on the 2×K table over the union of
 *       categories, no continuity correction, categories with zero total dropped (otherwise an
 *       expected count of 0); JS and PSI on the category proportions.</li>
 * </ul>
 * A side with no observations yields NaN statistics; verdicts treat that as insufficient data.
 */
public final class DriftStatistics {

    /**
     * Decile probabilities exactly as {@code numpy.linspace(0.1, 0.9, 9)} produces them
     * (0.30000000000000004, 0.7000000000000001): the literal 0.3 gives a different edge in the
     * last bit, which moves values that sit exactly on an edge.
     */
    private static final double[] DECILES = {
        0.1, 0.2, 0.30000000000000004, 0.4, 0.5, 0.6, 0.7000000000000001, 0.8, 0.9};

    private DriftStatistics() {
    }

    /** Numeric statistics from raw samples (NaN not allowed; filter nulls first). */
    public static NumericStatistics exactNumeric(double[] reference, double[] current) {
        EmpiricalDistribution ref = EmpiricalDistribution.ofSamples(reference);
        return numeric(ref, EmpiricalDistribution.ofSamples(current), ref.sampleStd());
    }

    /** Categorical statistics from exact counts per category. */
    public static CategoricalStatistics exactCategorical(Map<String, Long> reference, Map<String, Long> current) {
        return categorical(reference, current);
    }

    /** Numeric statistics from two numeric profiles (their KLL sketches and moments). */
    public static NumericStatistics sketchNumeric(FeatureProfile reference, FeatureProfile current) {
        return numeric(
                reference.distribution(),
                current.distribution(),
                reference.sampleStd());
    }

    /** Categorical statistics from two categorical profiles (frequent-items estimates). */
    public static CategoricalStatistics sketchCategorical(FeatureProfile reference, FeatureProfile current) {
        return categorical(reference.categoryCounts(), current.categoryCounts());
    }

    /** Decile edges of a reference, numpy "linear" quantiles. */
    static double[] decileEdges(EmpiricalDistribution ref) {
        double[] edges = new double[DECILES.length];
        for (int i = 0; i < DECILES.length; i++) {
            edges[i] = ref.linearQuantile(DECILES[i]);
        }
        return edges;
    }

    static NumericStatistics numeric(EmpiricalDistribution ref, EmpiricalDistribution cur, double refStd) {
        long n = ref.n();
        long m = cur.n();
        if (n == 0 || m == 0) {
            double nan = Double.NaN;
            return new NumericStatistics(nan, nan, nan, nan, nan, nan, nan, new Histogram(List.of(), List.of(), List.of()));
        }
        // One merge walk over the union of values gives both step CDFs at every jump: KS is the
        // largest gap, Wasserstein-1 the area between them (scipy's _cdf_distance with p=1).
        double ks = 0;
        double wasserstein = 0;
        int i = 0;
        int j = 0;
        long ci = 0;
        long cj = 0;
        double previous = Double.NaN;
        double previousGap = 0;
        while (i < ref.size() || j < cur.size()) {
            double x;
            if (j >= cur.size() || (i < ref.size() && ref.value(i) <= cur.value(j))) {
                x = ref.value(i);
            } else {
                x = cur.value(j);
            }
            while (i < ref.size() && ref.value(i) == x) {
                ci = ref.cumulativeAt(i++);
            }
            while (j < cur.size() && cur.value(j) == x) {
                cj = cur.cumulativeAt(j++);
            }
            if (!Double.isNaN(previous)) {
                wasserstein += previousGap * (x - previous);
            }
            double gap = Math.abs((double) ci / n - (double) cj / m);
            ks = Math.max(ks, gap);
            previous = x;
            previousGap = gap;
        }
        long effective = (long) Math.rint((double) n * m / (n + m));
        double ksP = KolmogorovDistribution.sf((int) Math.max(1, Math.min(Integer.MAX_VALUE, effective)), ks);

        double[] edges = decileEdges(ref);
        double[] r = binProportions(ref, edges);
        double[] c = binProportions(cur, edges);
        return new NumericStatistics(
                ks, ksP, wasserstein, wasserstein / refStd,
                Divergences.psi(r, c), Divergences.jensenShannon(r, c), Divergences.hellinger(r, c),
                new Histogram(binLabels(edges), toList(r), toList(c)));
    }

    /** Proportion of the distribution in each of the 10 bins {@code (e[i-1], e[i]]}. */
    static double[] binProportions(EmpiricalDistribution d, double[] edges) {
        double[] p = new double[edges.length + 1];
        long below = 0;
        for (int b = 0; b < edges.length; b++) {
            long upTo = d.countAtOrBelow(edges[b]);
            p[b] = (double) (upTo - below) / d.n();
            below = upTo;
        }
        p[edges.length] = (double) (d.n() - below) / d.n();
        return p;
    }

    static CategoricalStatistics categorical(Map<String, Long> reference, Map<String, Long> current) {
        TreeSet<String> union = new TreeSet<>(reference.keySet());
        union.addAll(current.keySet());
        List<String> categories = new ArrayList<>(union);
        int k = categories.size();
        long[] ro = new long[k];
        long[] co = new long[k];
        long rt = 0;
        long ct = 0;
        for (int i = 0; i < k; i++) {
            ro[i] = reference.getOrDefault(categories.get(i), 0L);
            co[i] = current.getOrDefault(categories.get(i), 0L);
            rt += ro[i];
            ct += co[i];
        }
        if (rt == 0 || ct == 0) {
            double nan = Double.NaN;
            return new CategoricalStatistics(nan, nan, nan, nan, new Histogram(List.of(), List.of(), List.of()));
        }
        double total = rt + ct;
        double chi2 = 0;
        int nonEmpty = 0;
        for (int i = 0; i < k; i++) {
            long column = ro[i] + co[i];
            if (column == 0) {
                continue; // scipy would fail on a zero expected count; the category carries no information
            }
            nonEmpty++;
            double er = (double) rt * column / total;
            double ec = (double) ct * column / total;
            chi2 += (ro[i] - er) * (ro[i] - er) / er + (co[i] - ec) * (co[i] - ec) / ec;
        }
        int dof = nonEmpty - 1;
        double p = dof <= 0 ? 1.0 : Gamma.regularizedGammaQ(dof / 2.0, chi2 / 2.0);
        if (dof <= 0) {
            chi2 = 0;
        }
        double[] r = new double[k];
        double[] c = new double[k];
        for (int i = 0; i < k; i++) {
            r[i] = (double) ro[i] / rt;
            c[i] = (double) co[i] / ct;
        }
        return new CategoricalStatistics(chi2, p, Divergences.jensenShannon(r, c), Divergences.psi(r, c),
                new Histogram(categories, toList(r), toList(c)));
    }

    private static List<String> binLabels(double[] edges) {
        List<String> labels = new ArrayList<>();
        labels.add("≤ " + compact(edges[0]));
        for (int i = 1; i < edges.length; i++) {
            labels.add("(" + compact(edges[i - 1]) + ", " + compact(edges[i]) + "]");
        }
        labels.add("> " + compact(edges[edges.length - 1]));
        return labels;
    }

    static String compact(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }

    private static List<Double> toList(double[] a) {
        List<Double> l = new ArrayList<>(a.length);
        for (double v : a) {
            l.add(v);
        }
        return l;
    }
}
