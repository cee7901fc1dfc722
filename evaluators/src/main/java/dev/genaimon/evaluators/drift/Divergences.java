package dev.genaimon.evaluators.drift;

/** Divergences between two discrete distributions given as proportions over the same bins. */
final class Divergences {

    /** Floor for PSI only: an empty bin would make ln(c/r) infinite. */
    static final double PSI_FLOOR = 1e-4;

    private Divergences() {
    }

    /** Population stability index, {@code sum((c-r)·ln(c/r))}, proportions floored at 1e-4. */
    static double psi(double[] r, double[] c) {
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            double ri = Math.max(r[i], PSI_FLOOR);
            double ci = Math.max(c[i], PSI_FLOOR);
            sum += (ci - ri) * Math.log(ci / ri);
        }
        return sum;
    }

    /**
     * Jensen–Shannon distance in base 2 (in [0, 1]), as scipy.spatial.distance.jensenshannon:
     * inputs re-normalised, no floor (0·log 0 = 0).
     */
    static double jensenShannon(double[] r, double[] c) {
        double sr = 0;
        double sc = 0;
        for (int i = 0; i < r.length; i++) {
            sr += r[i];
            sc += c[i];
        }
        double left = 0;
        double right = 0;
        for (int i = 0; i < r.length; i++) {
            double p = r[i] / sr;
            double q = c[i] / sc;
            double m = (p + q) / 2.0;
            left += relativeEntropy(p, m);
            right += relativeEntropy(q, m);
        }
        double js = (left + right) / Math.log(2);
        return Math.sqrt(Math.max(js, 0) / 2.0);
    }

    /** Hellinger distance {@code sqrt(0.5·sum((sqrt r - sqrt c)²))}, in [0, 1]. */
    static double hellinger(double[] r, double[] c) {
        double sum = 0;
        for (int i = 0; i < r.length; i++) {
            double d = Math.sqrt(r[i]) - Math.sqrt(c[i]);
            sum += d * d;
        }
        return Math.sqrt(0.5 * sum);
    }

    private static double relativeEntropy(double x, double y) {
        if (x == 0) {
            return 0;
        }
        return x * Math.log(x / y);
    }
}
