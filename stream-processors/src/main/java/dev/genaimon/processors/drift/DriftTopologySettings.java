package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.DriftSettings;
import dev.genaimon.processors.segment.Segments;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the drift and skew stage (configuration keys under {@code drift.}).
 *
 * @param window              size of the event-time windows profiled and compared ({@code drift.window}, default 1 h)
 * @param advance             how far consecutive windows start apart; equal to {@code window} for tumbling windows,
 *                            smaller for hopping ones ({@code drift.advance}, default = window)
 * @param grace               how late a record may arrive and still count in its window; a window is compared only
 *                            once it has passed ({@code drift.grace}, default 5 min)
 * @param retention           how long the window store keeps a window; at least window + grace
 *                            ({@code drift.retention}, default window + grace)
 * @param trailingWindows     without a baseline, the reference is the merge of this many previous closed windows of the
 *                            segment ({@code drift.trailing-windows}, default 6)
 * @param consecutiveWindows  a feature must drift in this many adjacent windows before {@code drift.<f>.detected} is 1
 *                            ({@code drift.consecutive-windows}, default 2)
 * @param falseDiscoveryRate  Benjamini–Hochberg level q over the p-values tested in one segment-window
 *                            ({@code drift.fdr}, default 0.05)
 * @param thresholds          verdict thresholds, defaults and per feature ({@code drift.thresholds.*})
 * @param requireSignificance a drift verdict also needs the BH-adjusted p-value (KS for numeric, chi-squared for
 *                            categorical) below its threshold, whatever the reference size
 *                            ({@code drift.require-significance}, default true). Why: on windows of a few hundred
 *                            interactions the normalised Wasserstein distance of an unchanged heavy-tailed feature
 *                            exceeds 0.1 in about one window in eight (measured: 26 of 200 at 400 vs 4,000 values,
 *                            log-normal); an effect size is only trusted once it is distinguishable from sampling
 *                            noise. On large windows every real effect is significant, so this costs no detection
 * @param numericSketchK      KLL k of window profiles (floats sketches): more is more accurate and larger (see
 *                            docs/drift.md "Bounded state";
 *                            {@code drift.sketch.k}, default 200)
 * @param categoricalMapSize  frequent-items map size of window profiles, a power of two; counts are exact up to 0.75 ×
 *                            this many categories ({@code drift.sketch.categories}, default 128)
 * @param segmentDimensions   dimensions of the segment when an interaction carries no {@code safety.segment}
 *                            ({@code segments.dimensions})
 * @param settling            how long after a {@code rollout} or {@code rollback} {@code DeploymentEvent} the
 *                            deployment's windows raise no {@code .detected} signals and restart their streaks
 *                            ({@code drift.settling}, default 0: off; a {@code canary_start} settles until the next
 *                            event of the deployment, whatever this says)
 */
public record DriftTopologySettings(Duration window, Duration advance, Duration grace, Duration retention,
                                    int trailingWindows, int consecutiveWindows, double falseDiscoveryRate,
                                    DriftSettings thresholds, boolean requireSignificance, int numericSketchK, int categoricalMapSize,
                                    List<String> segmentDimensions, Duration settling) {

    public DriftTopologySettings {
        requirePositive(window, "drift.window");
        requirePositive(advance, "drift.advance");
        if (advance.compareTo(window) > 0) {
            throw new IllegalArgumentException("drift.advance must not exceed drift.window (gaps would go unprofiled)");
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("drift.grace must not be negative");
        }
        if (retention.compareTo(window.plus(grace)) < 0) {
            throw new IllegalArgumentException("drift.retention must be at least drift.window + drift.grace ("
                    + window.plus(grace) + "), got " + retention);
        }
        if (trailingWindows < 1 || consecutiveWindows < 1) {
            throw new IllegalArgumentException("drift.trailing-windows and drift.consecutive-windows must be >= 1");
        }
        if (!(falseDiscoveryRate > 0 && falseDiscoveryRate < 1)) {
            throw new IllegalArgumentException("drift.fdr must be in (0, 1), got " + falseDiscoveryRate);
        }
        if (numericSketchK < 8 || numericSketchK > 65535) {
            throw new IllegalArgumentException("drift.sketch.k must be in [8, 65535], got " + numericSketchK);
        }
        if (categoricalMapSize < 8 || Integer.bitCount(categoricalMapSize) != 1) {
            throw new IllegalArgumentException("drift.sketch.categories must be a power of two >= 8, got "
                    + categoricalMapSize);
        }
        if (thresholds == null) {
            throw new IllegalArgumentException("drift.thresholds must not be null");
        }
        if (settling == null || settling.isNegative()) {
            throw new IllegalArgumentException("drift.settling must not be negative, got " + settling);
        }
        segmentDimensions = List.copyOf(segmentDimensions);
        new Segments(segmentDimensions); // validates the dimension names at startup, not per record
    }

    /** Hourly tumbling windows, 5 min grace, 6 trailing windows, 2 consecutive windows, q = 0.05, KLL k = 200. */
    public static DriftTopologySettings defaults() {
        return tumbling(Duration.ofHours(1), Duration.ofMinutes(5));
    }

    /** Defaults with tumbling windows of the given size and grace (retention = window + grace). */
    public static DriftTopologySettings tumbling(Duration window, Duration grace) {
        return new DriftTopologySettings(window, window, grace, window.plus(grace), 6, 2, 0.05, DriftSettings.DEFAULTS,
                true, 200, 128, Segments.DEFAULT_DIMENSIONS, Duration.ZERO);
    }

    public DriftTopologySettings withRetention(Duration newRetention) {
        return new DriftTopologySettings(window, advance, grace, newRetention, trailingWindows, consecutiveWindows,
                falseDiscoveryRate, thresholds, requireSignificance, numericSketchK, categoricalMapSize, segmentDimensions,
                settling);
    }

    public DriftTopologySettings withTrailingWindows(int windows) {
        return new DriftTopologySettings(window, advance, grace, retention, windows, consecutiveWindows,
                falseDiscoveryRate, thresholds, requireSignificance, numericSketchK, categoricalMapSize, segmentDimensions,
                settling);
    }

    public DriftTopologySettings withConsecutiveWindows(int windows) {
        return new DriftTopologySettings(window, advance, grace, retention, trailingWindows, windows,
                falseDiscoveryRate, thresholds, requireSignificance, numericSketchK, categoricalMapSize, segmentDimensions,
                settling);
    }

    public DriftTopologySettings withThresholds(DriftSettings newThresholds) {
        return new DriftTopologySettings(window, advance, grace, retention, trailingWindows, consecutiveWindows,
                falseDiscoveryRate, newThresholds, requireSignificance, numericSketchK, categoricalMapSize, segmentDimensions,
                settling);
    }

    public DriftTopologySettings withRequireSignificance(boolean required) {
        return new DriftTopologySettings(window, advance, grace, retention, trailingWindows, consecutiveWindows,
                falseDiscoveryRate, thresholds, required, numericSketchK, categoricalMapSize, segmentDimensions,
                settling);
    }

    /** Hopping windows: a new window starts every {@code newAdvance}. */
    public DriftTopologySettings withAdvance(Duration newAdvance) {
        return new DriftTopologySettings(window, newAdvance, grace, retention, trailingWindows, consecutiveWindows,
                falseDiscoveryRate, thresholds, requireSignificance, numericSketchK, categoricalMapSize, segmentDimensions,
                settling);
    }

    private static void requirePositive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }

    public DriftTopologySettings withSettling(Duration newSettling) {
        return new DriftTopologySettings(window, advance, grace, retention, trailingWindows, consecutiveWindows,
                falseDiscoveryRate, thresholds, requireSignificance, numericSketchK, categoricalMapSize, segmentDimensions,
                newSettling);
    }
}
