package dev.genaimon.evaluators.drift;

/**
 * Verdict thresholds for one feature. Comparisons: distances drift when strictly above their
 * threshold, p-values when strictly below, PSI levels are reached at or above.
 *
 * @param wassersteinNorm     numeric drift when Wasserstein-1 / reference std exceeds this (effect size)
 * @param ksPValue            numeric drift when the KS p-value is below this, <em>only</em> if the
 *                            reference is small (see {@code smallReference})
 * @param smallReference      a reference with fewer non-null observations than this is "small". With
 *                            large samples the KS test rejects for differences too small to matter, so
 *                            above this size only the effect size (Wasserstein) decides; below it the
 *                            test guards against a noisy effect-size estimate missing a real shift
 * @param jsDistance          categorical drift when the Jensen–Shannon distance (base 2) exceeds this
 * @param chi2PValue          categorical drift when the chi-squared p-value is below this
 * @param psiWarn             PSI at or above this is a warning
 * @param psiAlert            PSI at or above this is an alert and counts as drift
 * @param minSampleSize       either side with fewer non-null observations gives INSUFFICIENT_DATA
 */
public record DriftThresholds(
        double wassersteinNorm,
        double ksPValue,
        long smallReference,
        double jsDistance,
        double chi2PValue,
        double psiWarn,
        double psiAlert,
        long minSampleSize) {

    /** Wasserstein-norm 0.1, KS p 0.05 below 1,000 reference rows, JS 0.1, chi² p 0.05, PSI 0.1/0.25, minimum 50. */
    public static final DriftThresholds DEFAULTS = new DriftThresholds(0.1, 0.05, 1000, 0.1, 0.05, 0.1, 0.25, 50);

    public DriftThresholds {
        if (psiWarn > psiAlert) {
            throw new IllegalArgumentException("psiWarn must not exceed psiAlert");
        }
        if (minSampleSize < 1 || smallReference < 0) {
            throw new IllegalArgumentException("minSampleSize must be >= 1 and smallReference >= 0");
        }
    }
}
