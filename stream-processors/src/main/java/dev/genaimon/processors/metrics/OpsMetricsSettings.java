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
 */
public record OpsMetricsSettings(Duration window, Duration grace, int sketchK, int loopRepeats,
                                 List<String> segmentDimensions) {

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
        segmentDimensions = List.copyOf(segmentDimensions);
        new Segments(segmentDimensions); // validates the dimension names at startup, not per record
    }

    /** One-minute tumbling windows, 30 s grace, KLL k = 200, loops at 3 repeats, the default segment dimensions. */
    public static OpsMetricsSettings defaults() {
        return new OpsMetricsSettings(Duration.ofMinutes(1), Duration.ofSeconds(30), 200, 3,
                Segments.DEFAULT_DIMENSIONS);
    }

    /** These settings with another window size and grace. */
    public OpsMetricsSettings withWindow(Duration newWindow, Duration newGrace) {
        return new OpsMetricsSettings(newWindow, newGrace, sketchK, loopRepeats, segmentDimensions);
    }
}
