package dev.genaimon.evaluators.drift;

import java.util.Map;

/**
 * Thresholds for all features: defaults plus per-feature overrides (by feature name).
 */
public record DriftSettings(DriftThresholds defaults, Map<String, DriftThresholds> perFeature) {

    public static final DriftSettings DEFAULTS = new DriftSettings(DriftThresholds.DEFAULTS, Map.of());

    public DriftSettings {
        if (defaults == null) {
            throw new IllegalArgumentException("defaults must not be null");
        }
        perFeature = Map.copyOf(perFeature);
    }

    /** The thresholds that apply to {@code feature}. */
    public DriftThresholds forFeature(String feature) {
        return perFeature.getOrDefault(feature, defaults);
    }

    /** A copy with one feature's thresholds replaced. */
    public DriftSettings withFeature(String feature, DriftThresholds thresholds) {
        java.util.HashMap<String, DriftThresholds> copy = new java.util.HashMap<>(perFeature);
        copy.put(feature, thresholds);
        return new DriftSettings(defaults, copy);
    }
}
