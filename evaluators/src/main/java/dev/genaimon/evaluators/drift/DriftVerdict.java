package dev.genaimon.evaluators.drift;

import java.util.ArrayList;
import java.util.List;

/**
 * The verdict on one feature in one window.
 *
 * @param status   drift, no drift, or not enough data to say
 * @param psiLevel where the PSI falls against the warn/alert thresholds
 * @param reasons  the rules that fired (or why there is no verdict), human readable
 */
public record DriftVerdict(Status status, PsiLevel psiLevel, List<String> reasons) {

    public enum Status { NO_DRIFT, DRIFT, INSUFFICIENT_DATA }

    public enum PsiLevel { OK, WARN, ALERT }

    public DriftVerdict {
        reasons = List.copyOf(reasons);
    }

    public boolean driftDetected() {
        return status == Status.DRIFT;
    }

    /** Numeric verdict: Wasserstein-norm, KS (small reference only) and PSI alert. */
    public static DriftVerdict numeric(NumericStatistics s, long referenceCount, long currentCount, DriftThresholds t) {
        DriftVerdict insufficient = insufficient(referenceCount, currentCount, t);
        if (insufficient != null) {
            return insufficient;
        }
        List<String> reasons = new ArrayList<>();
        if (s.wassersteinNorm() > t.wassersteinNorm()) {
            reasons.add(String.format(java.util.Locale.ROOT, "wasserstein_norm %.4g > %s", s.wassersteinNorm(), t.wassersteinNorm()));
        }
        if (referenceCount < t.smallReference() && s.ksPValue() < t.ksPValue()) {
            reasons.add(String.format(java.util.Locale.ROOT, "ks_pvalue %.3g < %s (reference of %d < %d)",
                    s.ksPValue(), t.ksPValue(), referenceCount, t.smallReference()));
        }
        return decide(s.psi(), t, reasons);
    }

    /** Categorical verdict: JS distance, chi-squared p-value and PSI alert. */
    public static DriftVerdict categorical(CategoricalStatistics s, long referenceCount, long currentCount, DriftThresholds t) {
        DriftVerdict insufficient = insufficient(referenceCount, currentCount, t);
        if (insufficient != null) {
            return insufficient;
        }
        List<String> reasons = new ArrayList<>();
        if (s.jsDistance() > t.jsDistance()) {
            reasons.add(String.format(java.util.Locale.ROOT, "js_distance %.4g > %s", s.jsDistance(), t.jsDistance()));
        }
        if (s.chi2PValue() < t.chi2PValue()) {
            reasons.add(String.format(java.util.Locale.ROOT, "chi2_pvalue %.3g < %s", s.chi2PValue(), t.chi2PValue()));
        }
        return decide(s.psi(), t, reasons);
    }

    /** Dispatches on the statistics type. */
    public static DriftVerdict of(FeatureStatistics s, long referenceCount, long currentCount, DriftThresholds t) {
        if (s instanceof NumericStatistics n) {
            return numeric(n, referenceCount, currentCount, t);
        }
        return categorical((CategoricalStatistics) s, referenceCount, currentCount, t);
    }

    private static DriftVerdict insufficient(long referenceCount, long currentCount, DriftThresholds t) {
        if (referenceCount < t.minSampleSize() || currentCount < t.minSampleSize()) {
            return new DriftVerdict(Status.INSUFFICIENT_DATA, PsiLevel.OK, List.of(String.format(
                    java.util.Locale.ROOT, "reference %d / current %d observations, minimum %d",
                    referenceCount, currentCount, t.minSampleSize())));
        }
        return null;
    }

    private static DriftVerdict decide(double psi, DriftThresholds t, List<String> reasons) {
        PsiLevel level = psi >= t.psiAlert() ? PsiLevel.ALERT : psi >= t.psiWarn() ? PsiLevel.WARN : PsiLevel.OK;
        if (level == PsiLevel.ALERT) {
            reasons.add(String.format(java.util.Locale.ROOT, "psi %.4g >= %s", psi, t.psiAlert()));
        }
        return new DriftVerdict(reasons.isEmpty() ? Status.NO_DRIFT : Status.DRIFT, level, reasons);
    }
}
