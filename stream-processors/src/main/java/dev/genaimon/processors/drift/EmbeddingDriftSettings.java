package dev.genaimon.processors.drift;

import dev.genaimon.evaluators.drift.EmbeddingDrift;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the embedding-drift stage ({@link EmbeddingDriftTopology}).
 *
 * @param segmentDimensions which dimensions make a segment
 * @param window            tumbling event-time window
 * @param grace             how long a window stays open for late records
 * @param field             which text is embedded: {@code prompt} (the last user message) or {@code response}
 * @param sampleRate        share of interactions offered to the sample, chosen by a hash of the id (0 &lt; r &lt;= 1);
 *                          only those are repartitioned, so this bounds the stage's network and store cost
 * @param sampleSize        texts kept per segment-window (the bottom-k by hash): the MMD test's current sample
 * @param maxChars          texts are cut to this many characters (MiniLM reads 256 word pieces at most)
 * @param statistics        the MMD test's settings (permutations, topics, alpha, minimum samples)
 * @param consecutiveWindows windows in a row the test must reject before {@code .embedding.detected} is 1 (as for
 *                           features: one rejection at alpha 0.01 in one of hundreds of segment-windows is expected)
 */
public record EmbeddingDriftSettings(List<String> segmentDimensions, Duration window, Duration grace, String field,
                                     double sampleRate, int sampleSize, int maxChars,
                                     EmbeddingDrift.Settings statistics, int consecutiveWindows) {

    public static final String PROMPT = "prompt";
    public static final String RESPONSE = "response";

    public EmbeddingDriftSettings {
        segmentDimensions = List.copyOf(segmentDimensions);
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(statistics, "statistics");
        if (window.isNegative() || window.isZero() || grace.isNegative()) {
            throw new IllegalArgumentException("window must be positive and grace not negative");
        }
        if (!PROMPT.equals(field) && !RESPONSE.equals(field)) {
            throw new IllegalArgumentException("field must be prompt or response, was " + field);
        }
        if (!(sampleRate > 0 && sampleRate <= 1)) {
            throw new IllegalArgumentException("sampleRate must be in (0, 1], was " + sampleRate);
        }
        if (consecutiveWindows < 1) {
            throw new IllegalArgumentException("consecutiveWindows must be >= 1");
        }
        if (sampleSize < statistics.minSamples() || maxChars < 16) {
            throw new IllegalArgumentException("sampleSize must be >= the minimum samples (" + statistics.minSamples()
                    + ") and maxChars >= 16");
        }
    }

    /** Hourly windows, 5 minutes grace, prompts, 20 % offered, 200 kept, default statistics, 2 windows in a row. */
    public static EmbeddingDriftSettings defaults(List<String> segmentDimensions) {
        return new EmbeddingDriftSettings(segmentDimensions, Duration.ofHours(1), Duration.ofMinutes(5), PROMPT, 0.2,
                200, 1000, EmbeddingDrift.Settings.DEFAULTS, 2);
    }

    /** How long a window's sample is kept: the window, its grace, and one more window for late reads. */
    Duration retention() {
        return window.multipliedBy(2).plus(grace);
    }
}
