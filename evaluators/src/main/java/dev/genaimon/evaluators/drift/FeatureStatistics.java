package dev.genaimon.evaluators.drift;

import java.util.Map;

/** Statistics of one feature, reference vs current. */
public sealed interface FeatureStatistics permits NumericStatistics, CategoricalStatistics {

    /** The statistics under their report names (snake_case), in a stable order. */
    Map<String, Double> asMap();

    /** The binned proportions the statistics were computed from. */
    Histogram histogram();
}
