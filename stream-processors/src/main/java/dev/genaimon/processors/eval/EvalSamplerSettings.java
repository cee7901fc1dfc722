package dev.genaimon.processors.eval;

import dev.genaimon.processors.segment.Segments;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Settings of the eval sampler (configuration keys under {@code eval.sampler.}).
 *
 * @param rate              fraction of a segment's interactions to evaluate, in [0, 1] ({@code eval.sampler.rate},
 *                          default 0.05)
 * @param maxPerMinute      most interactions sampled per segment and event-time minute, 0 = no cap
 *                          ({@code eval.sampler.max-per-minute}, default 60); interactions carrying ground truth are
 *                          not capped
 * @param safetyBoost       rate multiplier for interactions with a safety flag ({@code eval.sampler.safety-boost},
 *                          default 4)
 * @param driftBoost        rate multiplier for segments whose drift signals currently say detected
 *                          ({@code eval.sampler.drift-boost}, default 4)
 * @param overrides         per-segment rate and cap, most specific pattern first ({@code eval.sampler.overrides})
 * @param segmentDimensions dimensions of the segment when an interaction carries no {@code safety.segment}
 */
public record EvalSamplerSettings(double rate, int maxPerMinute, double safetyBoost, double driftBoost,
                                  List<SegmentOverride> overrides, List<String> segmentDimensions) {

    public EvalSamplerSettings {
        checkRate("eval.sampler.rate", rate);
        if (maxPerMinute < 0) {
            throw new IllegalArgumentException("eval.sampler.max-per-minute must be >= 0, got " + maxPerMinute);
        }
        if (!(safetyBoost >= 1) || !(driftBoost >= 1) || Double.isInfinite(safetyBoost)
                || Double.isInfinite(driftBoost)) {
            throw new IllegalArgumentException("eval.sampler boosts must be finite and >= 1, got safety "
                    + safetyBoost + ", drift " + driftBoost);
        }
        List<SegmentOverride> sorted = new ArrayList<>(overrides);
        // the most specific pattern (fewest wildcards) wins; ties keep configuration order
        sorted.sort((a, b) -> Integer.compare(a.wildcards(), b.wildcards()));
        overrides = List.copyOf(sorted);
        segmentDimensions = List.copyOf(segmentDimensions);
        new Segments(segmentDimensions); // validates the names at startup
    }

    /** 5 % of every segment, at most 60 a minute, safety flags and drifted segments boosted 4 times. */
    public static EvalSamplerSettings defaults() {
        return new EvalSamplerSettings(0.05, 60, 4.0, 4.0, List.of(), Segments.DEFAULT_DIMENSIONS);
    }

    public EvalSamplerSettings withRate(double newRate, int newMaxPerMinute) {
        return new EvalSamplerSettings(newRate, newMaxPerMinute, safetyBoost, driftBoost, overrides,
                segmentDimensions);
    }

    public EvalSamplerSettings withBoosts(double newSafetyBoost, double newDriftBoost) {
        return new EvalSamplerSettings(rate, maxPerMinute, newSafetyBoost, newDriftBoost, overrides,
                segmentDimensions);
    }

    public EvalSamplerSettings withOverrides(List<SegmentOverride> newOverrides) {
        return new EvalSamplerSettings(rate, maxPerMinute, safetyBoost, driftBoost, newOverrides, segmentDimensions);
    }

    public EvalSamplerSettings withSegmentDimensions(List<String> dimensions) {
        return new EvalSamplerSettings(rate, maxPerMinute, safetyBoost, driftBoost, overrides, dimensions);
    }

    /** The override that applies to a segment id, or null. */
    SegmentOverride overrideFor(String segmentId) {
        for (SegmentOverride override : overrides) {
            if (override.matches(segmentId)) {
                return override;
            }
        }
        return null;
    }

    double rateFor(String segmentId) {
        SegmentOverride override = overrideFor(segmentId);
        return override == null ? rate : override.rate();
    }

    int maxPerMinuteFor(String segmentId) {
        SegmentOverride override = overrideFor(segmentId);
        return override == null ? maxPerMinute : override.maxPerMinute();
    }

    /**
     * Parses {@code eval.sampler.overrides}: {@code PATTERN=RATE[:MAX_PER_MINUTE]} entries separated by {@code ;} or
     * {@code ,}, e.g. {@code acme/&#42;/&#42;/&#42;=0.5:200; beta/bot/&#42;/&#42;=1}. A pattern has one part per segment dimension
     * ({@code *} matches any value) or is a single {@code *}. Without a cap the global one applies.
     */
    public static List<SegmentOverride> parseOverrides(String text, int defaultMaxPerMinute) {
        List<SegmentOverride> result = new ArrayList<>();
        if (text == null || text.isBlank()) {
            return result;
        }
        for (String entry : text.split("[;,]")) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            int eq = e.lastIndexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("eval.sampler.overrides: expected PATTERN=RATE[:MAX], got '" + e
                        + "'");
            }
            String pattern = e.substring(0, eq).strip();
            String[] value = e.substring(eq + 1).strip().split(":");
            try {
                double rate = Double.parseDouble(value[0].strip());
                int max = value.length > 1 ? Integer.parseInt(value[1].strip()) : defaultMaxPerMinute;
                result.add(new SegmentOverride(pattern, rate, max));
            } catch (NumberFormatException ex) {
                throw new IllegalArgumentException("eval.sampler.overrides: bad number in '" + e + "'");
            }
        }
        return result;
    }

    static void checkRate(String what, double rate) {
        if (!(rate >= 0 && rate <= 1)) {
            throw new IllegalArgumentException(what + " must be in [0, 1], got " + rate);
        }
    }

    /**
     * Rate and cap of the segments matching a pattern.
     *
     * @param pattern      segment id pattern, {@code *} per part, or {@code *} for every segment
     * @param rate         sampling rate in [0, 1]
     * @param maxPerMinute cap per segment and minute, 0 = none
     */
    public record SegmentOverride(String pattern, double rate, int maxPerMinute) {

        public SegmentOverride {
            checkRate("eval.sampler.overrides rate of " + pattern, rate);
            if (maxPerMinute < 0) {
                throw new IllegalArgumentException("eval.sampler.overrides cap of " + pattern + " must be >= 0");
            }
            if (pattern == null || pattern.isBlank()) {
                throw new IllegalArgumentException("eval.sampler.overrides: empty pattern");
            }
        }

        boolean matches(String segmentId) {
            if (pattern.equals("*")) {
                return true;
            }
            String[] want = pattern.split("/", -1);
            String[] have = segmentId.split("/", -1);
            if (want.length != have.length) {
                return false;
            }
            for (int i = 0; i < want.length; i++) {
                if (!want[i].equals("*") && !want[i].equals(have[i])) {
                    return false;
                }
            }
            return true;
        }

        int wildcards() {
            if (pattern.equals("*")) {
                return Integer.MAX_VALUE;
            }
            int n = 0;
            for (String part : pattern.split("/", -1)) {
                if (part.equals("*")) {
                    n++;
                }
            }
            return n;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s=%s:%d", pattern, rate, maxPerMinute);
        }
    }
}
