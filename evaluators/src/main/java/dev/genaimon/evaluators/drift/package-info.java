/**
 * Drift and training-serving skew statistics, pure Java (no Kafka).
 *
 * <ul>
 *   <li>{@link dev.genaimon.evaluators.drift.DriftStatistics}: KS (+ exact Kolmogorov p-value),
 *       Wasserstein-1, PSI, Jensen–Shannon, Hellinger, chi-squared, from raw samples or from
 *       {@link dev.genaimon.evaluators.drift.FeatureProfile} sketches (KLL / frequent items);</li>
 *   <li>{@link dev.genaimon.evaluators.drift.DriftVerdict} with
 *       {@link dev.genaimon.evaluators.drift.DriftThresholds} /
 *       {@link dev.genaimon.evaluators.drift.DriftSettings}: per-feature decisions;</li>
 *   <li>{@link dev.genaimon.evaluators.drift.BenjaminiHochberg}: FDR control across the tests of a window;</li>
 *   <li>{@link dev.genaimon.evaluators.drift.ConsecutiveDriftTracker}: N-consecutive-window debouncing;</li>
 *   <li>{@link dev.genaimon.evaluators.drift.DriftComparison}: offline file comparison with JSON and
 *       self-contained HTML reports (the engine of {@code genaimon drift compare}).</li>
 * </ul>
 */
package dev.genaimon.evaluators.drift;
