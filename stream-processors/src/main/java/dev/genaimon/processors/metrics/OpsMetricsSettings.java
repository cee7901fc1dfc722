package dev.genaimon.processors.metrics;

import dev.genaimon.processors.segment.Segments;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the ops-metrics stage (configuration keys under {@code ops.}).
 *
 * @param window            size of the event-time tumbling windows ({@code ops.window}, default 1 min)
 * @param grace             how late an interaction may arrive and still count in its window; a window's signals are
 *                          published once stream time passes its end plus this ({@code ops.grace}, default 30 s)
 * @param sketchK           KLL k of the latency and time-to-first-token sketches; k = 200 gives a normalised rank
 *                          error of about 1.3 % ({@code ops.sketch.k}, default 200)
 * @param loopRepeats       an interaction is a tool loop when one tool call (same name and arguments) appears this many
 *                          times or more ({@code ops.loop-repeats}, default 3)
 * @param segmentDimensions dimensions of the segment when an interaction carries no {@code safety.segment}
 *                          ({@code segments.dimensions})
 * @param signalMinSamples  a window with fewer interactions publishes only its counts and sums
 *                          ({@code signals.min-samples}, default 1: every signal of every window)
 */
public record OpsMetricsSettings(Duration window, Duration grace, int sketchK, int loopRepeats,
                                 List<String> segmentDimensions, long signalMinSamples) {

    public OpsMetricsSettings {
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("ops.window must be positive, got " + window);
        }
        if (grace == null || grace.isNegative()) {
            throw new IllegalArgumentException("ops.grace must not be negative, got " + grace);
        }
        if (sketchK < 8 || sketchK > 65535) {
            throw new IllegalArgumentException("ops.sketch.k must be in [8, 65535], got " + sketchK);
        }
        if (loopRepeats < 2) {
            throw new IllegalArgumentException("ops.loop-repeats must be >= 2, got " + loopRepeats);
        }
        if (signalMinSamples < 1) {
            throw new IllegalArgumentException("signals.min-samples must be >= 1, got " + signalMinSamples);
        }
        segmentDimensions = List.copyOf(segmentDimensions);
        new Segments(segmentDimensions); // validates the dimension names at startup, not per record
    }

    /** Every window publishes every signal. */
    public OpsMetricsSettings(Duration window, Duration grace, int sketchK, int loopRepeats,
                              List<String> segmentDimensions) {
        this(window, grace, sketchK, loopRepeats, segmentDimensions, 1);
    }

    /** One-minute tumbling windows, 30 s grace, KLL k = 200, loops at 3 repeats, the default segment dimensions. */
    public static OpsMetricsSettings defaults() {
        return new OpsMetricsSettings(Duration.ofMinutes(1), Duration.ofSeconds(30), 200, 3,
                Segments.DEFAULT_DIMENSIONS);
    }

    /** These settings with another window size and grace. */
    public OpsMetricsSettings withWindow(Duration newWindow, Duration newGrace) {
        return new OpsMetricsSettings(newWindow, newGrace, sketchK, loopRepeats, segmentDimensions,
                signalMinSamples);
    }

    /** These settings with another {@code signals.min-samples}. */
    public OpsMetricsSettings withSignalMinSamples(long minSamples) {
        return new OpsMetricsSettings(window, grace, sketchK, loopRepeats, segmentDimensions, minSamples);
    }
}
