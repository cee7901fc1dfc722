package dev.genaimon.evaluators.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drift statistics of a numeric feature. Definitions follow scipy/numpy (see
 * {@link DriftStatistics}); the binned ones use the reference deciles.
 */
public record NumericStatistics(
        double ksStatistic,
        double ksPValue,
        double wasserstein,
        double wassersteinNorm,
        double psi,
        double jsDistance,
        double hellinger,
        Histogram histogram) implements FeatureStatistics {

    @Override
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("ks_statistic", ksStatistic);
        m.put("ks_pvalue", ksPValue);
        m.put("wasserstein", wasserstein);
        m.put("wasserstein_norm", wassersteinNorm);
        m.put("psi", psi);
        m.put("js_distance", jsDistance);
        m.put("hellinger", hellinger);
        return m;
    }
}
