package dev.genaimon.processors.feedback;

import dev.genaimon.processors.segment.Segments;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the feedback join (configuration keys under {@code eval.feedback.}).
 *
 * @param before            how long after an interaction its feedback is still joined ({@code eval.feedback.before},
 *                          default 24 h): feedback older than this relative to its interaction is not joined
 * @param after             how far feedback may be stamped before its interaction (clock skew between the services
 *                          that report them; {@code eval.feedback.after}, default 5 min)
 * @param grace             how late (out of order) a record may arrive and still join ({@code eval.feedback.grace},
 *                          default 5 min)
 * @param window            tumbling window of the {@code feedback.*} signals ({@code eval.feedback.window}, default 1 h)
 * @param windowGrace       how late joined feedback may arrive and still count in its signal window (5 min)
 * @param segmentDimensions dimensions of the segment when an interaction carries no {@code safety.segment}
 */
public record FeedbackJoinSettings(Duration before, Duration after, Duration grace, Duration window,
                                   Duration windowGrace, List<String> segmentDimensions) {

    public FeedbackJoinSettings {
        positive("eval.feedback.before", before);
        notNegative("eval.feedback.after", after);
        notNegative("eval.feedback.grace", grace);
        positive("eval.feedback.window", window);
        notNegative("eval.feedback.window-grace", windowGrace);
        segmentDimensions = List.copyOf(segmentDimensions);
        new Segments(segmentDimensions);
    }

    public static FeedbackJoinSettings defaults() {
        return new FeedbackJoinSettings(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofMinutes(5),
                Duration.ofHours(1), Duration.ofMinutes(5), Segments.DEFAULT_DIMENSIONS);
    }

    public FeedbackJoinSettings withJoinWindow(Duration newBefore, Duration newAfter, Duration newGrace) {
        return new FeedbackJoinSettings(newBefore, newAfter, newGrace, window, windowGrace, segmentDimensions);
    }

    public FeedbackJoinSettings withSignalWindow(Duration newWindow, Duration newGrace) {
        return new FeedbackJoinSettings(before, after, grace, newWindow, newGrace, segmentDimensions);
    }

    public FeedbackJoinSettings withSegmentDimensions(List<String> dimensions) {
        return new FeedbackJoinSettings(before, after, grace, window, windowGrace, dimensions);
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be positive, got " + d);
        }
    }

    private static void notNegative(String key, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException(key + " must not be negative, got " + d);
        }
    }
}
