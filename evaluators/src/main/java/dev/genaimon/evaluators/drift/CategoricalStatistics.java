package dev.genaimon.evaluators.drift;

import java.util.LinkedHashMap;
import java.util.Map;

/** Drift statistics of a categorical feature over the union of categories. */
public record CategoricalStatistics(
        double chi2Statistic,
        double chi2PValue,
        double jsDistance,
        double psi,
        Histogram histogram) implements FeatureStatistics {

    @Override
    public Map<String, Double> asMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("chi2_statistic", chi2Statistic);
        m.put("chi2_pvalue", chi2PValue);
        m.put("js_distance", jsDistance);
        m.put("psi", psi);
        return m;
    }
}
