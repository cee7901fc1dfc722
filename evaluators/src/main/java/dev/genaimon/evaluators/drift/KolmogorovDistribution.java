package dev.genaimon.evaluators.drift;

/**
 * Survival function of the two-sided one-sample Kolmogorov–Smirnov statistic D_n,
 * {@code P(D_n >= d)}, following the method selection of Simard &amp; L'Ecuyer (2011) in the
 * same way scipy's {@code kstwo.sf} does, so our p-values agree with the Python tooling our
 * data scientists use:
 * <ul>
 *   <li>Ruben–Gambino closed forms at the extremes ({@code n·d <= 1} or {@code n·d >= n-1});</li>
 *   <li>{@code d >= 0.5}: exactly twice the one-sided Smirnov tail (the two tails cannot both occur);</li>
 *   <li>{@code n <= 140}: Durbin matrix (Marsaglia–Tsang–Wang) for small {@code n·d²},
 *       Pomeranz recursion for moderate, twice the Smirnov tail for large;</li>
 *   <li>{@code n > 140}: twice the Smirnov tail when {@code n·d² >= 2.2} (0 beyond 370),
 *       otherwise one minus the CDF from Durbin (small {@code n·d^1.5}) or Pelz–Good.</li>
 * </ul>
 */
final class KolmogorovDistribution {

    private static final int E128 = 128;
    private static final double EP128 = Math.scalb(1.0, E128);
    private static final double EM128 = Math.scalb(1.0, -E128);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double LOG_2PI = Math.log(2 * Math.PI);
    private static final double PI2 = Math.PI * Math.PI;
    private static final double PI4 = PI2 * PI2;
    private static final double PI6 = PI4 * PI2;
    private static final double MIN_LOG = -708;
    /** Stirling series coefficients B_{2j}/(2j)/(2j-1), j = 8..1 (highest power first). */
    private static final double[] STIRLING = {
        -2.955065359477124183e-2, 6.4102564102564102564e-3,
        -1.9175269175269175269e-3, 8.4175084175084175084e-4,
        -5.952380952380952381e-4, 7.9365079365079365079e-4,
        -2.7777777777777777778e-3, 8.3333333333333333333e-2};

    private KolmogorovDistribution() {
    }

    /** {@code P(D_n >= d)} for the two-sided statistic; {@code n >= 1}. */
    static double sf(int n, double d) {
        if (n <= 0) {
            throw new IllegalArgumentException("n must be positive: " + n);
        }
        if (Double.isNaN(d)) {
            return Double.NaN;
        }
        if (d >= 1.0) {
            return 0.0;
        }
        if (d <= 0.0) {
            return 1.0;
        }
        double t = n * d;
        if (t <= 1.0) {
            if (t <= 0.5) {
                return 1.0;
            }
            double cdf;
            if (n <= 140) {
                cdf = 1.0;
                for (int i = 1; i <= n; i++) {
                    cdf *= i * (1.0 / n) * (2 * t - 1);
                }
            } else {
                cdf = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
            }
            return clip(1.0 - cdf);
        }
        if (t >= n - 1) {
            return clip(2 * Math.pow(1.0 - d, n));
        }
        if (d >= 0.5) {
            return clip(2 * smirnovSf(n, d));
        }
        double nd2 = t * d;
        if (n <= 140) {
            if (nd2 <= 0.754693) {
                return clip(1.0 - durbinCdf(n, d));
            }
            if (nd2 <= 4) {
                return clip(1.0 - pomeranzCdf(n, d));
            }
            return clip(2 * smirnovSf(n, d));
        }
        if (nd2 >= 370.0) {
            return 0.0;
        }
        if (nd2 >= 2.2) {
            return clip(2 * smirnovSf(n, d));
        }
        double cdf;
        if (n <= 100_000 && n * Math.pow(d, 1.5) <= 1.4) {
            cdf = durbinCdf(n, d);
        } else {
            cdf = pelzGoodCdf(n, d);
        }
        return clip(1.0 - cdf);
    }

    /**
     * One-sided Smirnov tail {@code P(D_n+ >= d)} by the Birnbaum–Tingey sum. All terms are
     * positive, so summing them in log space (no alternating series) is stable for any n.
     */
    static double smirnovSf(int n, double d) {
        if (d <= 0) {
            return 1.0;
        }
        if (d >= 1) {
            return 0.0;
        }
        int last = (int) Math.floor(n * (1 - d));
        double[] logTerms = new double[last + 1];
        double max = Double.NEGATIVE_INFINITY;
        double logBinom = 0.0; // log C(n, j), updated incrementally
        double logD = Math.log(d);
        for (int j = 0; j <= last; j++) {
            if (j > 0) {
                logBinom += Math.log((double) (n - j + 1) / j);
            }
            double lower = d + (double) j / n;
            double upper = 1.0 - lower;
            double logTerm;
            if (upper <= 0) {
                logTerm = (n - j == 0) ? logBinom + logD + (j - 1) * Math.log(lower) : Double.NEGATIVE_INFINITY;
            } else {
                logTerm = logBinom + logD + (j - 1) * Math.log(lower) + (n - j) * Math.log(upper);
            }
            logTerms[j] = logTerm;
            max = Math.max(max, logTerm);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return 0.0;
        }
        double sum = 0;
        for (double l : logTerms) {
            sum += Math.exp(l - max);
        }
        return clip(Math.exp(max + Math.log(sum)));
    }

    /** log(n! / n^n) via Stirling with the n·log n term removed up front (no cancellation). */
    private static double logFactorialOverPower(int n) {
        double rn = 1.0 / n;
        double x = rn / n;
        double poly = 0;
        for (double c : STIRLING) {
            poly = poly * x + c;
        }
        return Math.log(n) / 2 - n + LOG_2PI / 2 + rn * poly;
    }

    /**
     * Durbin's matrix method as organised by Marsaglia, Tsang &amp; Wang: with
     * {@code d = (k - h)/n}, {@code P(D_n < d) = n!/n^n · (H^n)[k,k]} for a (2k-1)² matrix H.
     * Powers are rescaled by 2^128 to stay within double range.
     */
    static double durbinCdf(int n, double d) {
        if (d >= 1.0) {
            return 1.0;
        }
        double nd = n * d;
        if (nd <= 0.5) {
            return 0.0;
        }
        int k = (int) Math.ceil(nd);
        double h = k - nd;
        int m = 2 * k - 1;
        double[] v = new double[m];
        double[] w = new double[m];
        double fac = 1.0;
        for (int j = 1; j <= m; j++) {
            w[j - 1] = fac;
            fac /= j; // may underflow for large m: harmless, the entries are negligible
            v[j - 1] = (1.0 - Math.pow(h, j)) * fac;
        }
        double tt = Math.pow(Math.max(2 * h - 1.0, 0), m) - 2 * Math.pow(h, m);
        v[m - 1] = (1.0 + tt) * fac;

        double[][] hm = new double[m][m];
        for (int i = 1; i < m; i++) {
            for (int r = i - 1; r < m; r++) {
                hm[r][i] = w[r - (i - 1)];
            }
        }
        for (int r = 0; r < m; r++) {
            hm[r][0] = v[r];
        }
        for (int c = 0; c < m; c++) {
            hm[m - 1][c] = v[m - 1 - c];
        }

        double[][] pw = identity(m);
        int nn = n;
        int expnt = 0;
        int hExpnt = 0;
        while (nn > 0) {
            if (nn % 2 == 1) {
                pw = multiply(pw, hm);
                expnt += hExpnt;
            }
            hm = multiply(hm, hm);
            hExpnt *= 2;
            if (Math.abs(hm[k - 1][k - 1]) > EP128) {
                scale(hm, EM128);
                hExpnt += E128;
            }
            nn /= 2;
        }
        double p = pw[k - 1][k - 1];
        for (int i = 1; i <= n; i++) {
            p = i * p / n;
            if (Math.abs(p) < EM128) {
                p *= EP128;
                expnt -= E128;
            }
        }
        if (expnt != 0) {
            p = Math.scalb(p, expnt);
        }
        return clip(p);
    }

    /**
     * Pomeranz (1974) recursion: rows of Poisson-like convolutions, only two rows kept,
     * rescaled by 2^128 against underflow, final answer times n!.
     */
    static double pomeranzCdf(int n, double x) {
        double t = n * x;
        int ll = (int) Math.floor(t);
        double f = t - ll;
        double g = Math.min(f, 1.0 - f);
        int ceilf = f > 0 ? 1 : 0;
        int roundf = f > 0.5 ? 1 : 0;
        int npwrs = 2 * (ll + 1);
        double[] gpower = new double[npwrs];
        double[] twogpower = new double[npwrs];
        double[] onem2gpower = new double[npwrs];
        gpower[0] = 1.0;
        twogpower[0] = 1.0;
        onem2gpower[0] = 1.0;
        int expnt = 0;
        double gOverN = g / n;
        double twoGOverN = 2 * g / n;
        double oneMinusTwoGOverN = (1 - 2 * g) / n;
        for (int i = 1; i < npwrs; i++) {
            gpower[i] = gpower[i - 1] * gOverN / i;
            twogpower[i] = twogpower[i - 1] * twoGOverN / i;
            onem2gpower[i] = onem2gpower[i - 1] * oneMinusTwoGOverN / i;
        }
        double[] v0 = new double[npwrs];
        double[] v1 = new double[npwrs];
        v1[0] = 1;
        int v0s = 0;
        int v1s = 0;
        int[] j12 = pomeranzBounds(0, n, ll, ceilf, roundf);
        for (int i = 1; i < 2 * n + 2; i++) {
            int k1 = j12[0];
            double[] tmp = v0;
            v0 = v1;
            v1 = tmp;
            int tmps = v0s;
            v0s = v1s;
            v1s = tmps;
            java.util.Arrays.fill(v1, 0.0);
            j12 = pomeranzBounds(i, n, ll, ceilf, roundf);
            int j1 = j12[0];
            int j2 = j12[1];
            double[] pwrs = (i == 1 || i == 2 * n + 1) ? gpower : (i % 2 == 1 ? twogpower : onem2gpower);
            int ln2 = j2 - k1 + 1;
            if (ln2 > 0) {
                int aStart = k1 - v0s;
                int aLen = Math.max(0, Math.min(ln2, npwrs - aStart));
                int convStart = j1 - k1;
                int convLen = j2 - j1 + 1;
                double max = 0;
                for (int c = 0; c < convLen; c++) {
                    int tIdx = convStart + c;
                    double s = 0;
                    int lo = Math.max(0, tIdx - (ln2 - 1));
                    int hi = Math.min(aLen - 1, tIdx);
                    for (int a = lo; a <= hi; a++) {
                        s += v0[aStart + a] * pwrs[tIdx - a];
                    }
                    v1[c] = s;
                    max = Math.max(max, s);
                }
                if (max > 0 && max < EM128) {
                    for (int c = 0; c < npwrs; c++) {
                        v1[c] *= EP128;
                    }
                    expnt -= E128;
                }
                v1s = v0s + j1 - k1;
            }
        }
        double ans = v1[n - v1s];
        for (int i = 1; i <= n; i++) {
            if (Math.abs(ans) > EP128) {
                ans *= EM128;
                expnt += E128;
            }
            ans *= i;
        }
        if (expnt != 0) {
            ans = Math.scalb(ans, expnt);
        }
        return clip(ans);
    }

    private static int[] pomeranzBounds(int i, int n, int ll, int ceilf, int roundf) {
        int j1;
        int j2;
        if (i == 0) {
            j1 = -ll - ceilf - 1;
            j2 = ll + ceilf - 1;
        } else {
            int half = (i + 1) / 2;
            if ((i + 1) % 2 == 0) {
                if (half == n + 1) {
                    j1 = n - ll - ceilf - 1;
                    j2 = n + ll + ceilf - 1;
                } else {
                    j1 = half - 1 - ll - roundf - 1;
                    j2 = half + ll - 1 + ceilf - 1;
                }
            } else {
                j1 = half - 1 - ll - 1;
                j2 = half + ll + roundf - 1;
            }
        }
        return new int[] {Math.max(j1 + 2, 0), Math.min(j2, n)};
    }

    /**
     * Pelz–Good asymptotic expansion of {@code P(D_n <= x)}: the Li-Chien/Korolyuk series in
     * {@code 1/sqrt(n)} rewritten with Jacobi theta identities so it converges for small z.
     */
    static double pelzGoodCdf(int n, double x) {
        if (x <= 0.0) {
            return 0.0;
        }
        if (x >= 1.0) {
            return 1.0;
        }
        double z = Math.sqrt(n) * x;
        double z2 = z * z;
        double z3 = z2 * z;
        double z4 = z2 * z2;
        double z6 = z4 * z2;
        double qlog = -PI2 / 8 / z2;
        if (qlog < MIN_LOG) {
            return 0.0;
        }
        double q = Math.exp(qlog);
        double k1a = -z2;
        double k1b = PI2 / 4;
        double k2a = 6 * z6 + 2 * z4;
        double k2b = (2 * z4 - 5 * z2) * PI2 / 4;
        double k2c = PI4 * (1 - 2 * z2) / 16;
        double k3d = PI6 * (5 - 30 * z2) / 64;
        double k3c = PI4 * (-60 * z2 + 212 * z4) / 16;
        double k3b = PI2 * (135 * z4 - 96 * z6) / 4;
        double k3a = -30 * z6 - 90 * Math.pow(z, 8);

        double[] kk = new double[4];
        int maxk = (int) Math.ceil(16 * z / Math.PI);
        for (int k = maxk; k >= 1; k--) {
            double mm = 2 * k - 1;
            double m2 = mm * mm;
            double m4 = m2 * m2;
            double m6 = m4 * m2;
            double qpower = Math.pow(q, 8 * k);
            double[] coeffs = {
                1.0,
                k1a + k1b * m2,
                k2a + k2b * m2 + k2c * m4,
                k3a + k3b * m2 + k3c * m4 + k3d * m6};
            for (int i = 0; i < 4; i++) {
                kk[i] = kk[i] * qpower + coeffs[i];
            }
        }
        double[] div = {z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)};
        for (int i = 0; i < 4; i++) {
            kk[i] = kk[i] * q * SQRT_2PI / div[i];
        }
        double q2 = Math.exp(-PI2 / 2 / z2);
        double k2extra = 0;
        double k3extra = 0;
        double sqrt3z = Math.sqrt(3) * z;
        for (int k = maxk; k >= 1; k--) {
            double ksq = (double) k * k;
            double qp = Math.pow(q2, ksq);
            double kspi = Math.PI * k;
            k2extra += ksq * qp;
            k3extra += (sqrt3z + kspi) * (sqrt3z - kspi) * ksq * qp;
        }
        kk[2] += k2extra * PI2 * SQRT_2PI / (-36 * z3);
        kk[3] += k3extra * PI2 * SQRT_2PI / (216 * z6);
        double sum = 0;
        for (int i = 0; i < 4; i++) {
            sum += kk[i] / Math.pow(n, i / 2.0);
        }
        return sum;
    }

    private static double[][] identity(int m) {
        double[][] id = new double[m][m];
        for (int i = 0; i < m; i++) {
            id[i][i] = 1.0;
        }
        return id;
    }

    private static double[][] multiply(double[][] a, double[][] b) {
        int m = a.length;
        double[][] c = new double[m][m];
        for (int i = 0; i < m; i++) {
            double[] ci = c[i];
            for (int k = 0; k < m; k++) {
                double aik = a[i][k];
                if (aik == 0) {
                    continue;
                }
                double[] bk = b[k];
                for (int j = 0; j < m; j++) {
                    ci[j] += aik * bk[j];
                }
            }
        }
        return c;
    }

    private static void scale(double[][] a, double factor) {
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                row[j] *= factor;
            }
        }
    }

    private static double clip(double p) {
        return Math.max(0.0, Math.min(1.0, p));
    }
}
