package dev.genaimon.processors.drift;

import dev.genaimon.schemas.avro.BaselineProfile;
import java.util.Comparator;
import java.util.Optional;

/**
 * Which baseline applies to a segment. A baseline applies when it is active and its {@code segmentPattern} matches the
 * segment id dimension by dimension, {@code *} matching any value (a pattern of a lone {@code *} matches every
 * segment). When several apply, the most specific pattern wins (fewest {@code *}), then the newest, then the smallest
 * id, so every instance picks the same one.
 */
final class Baselines {

    static final String EVALUATION = "evaluation";
    static final String PRODUCTION = "production";
    static final String TRAILING = "trailing";

    private static final Comparator<BaselineProfile> PREFERENCE = Comparator
            .comparingInt((BaselineProfile b) -> specificity(b.getSegmentPattern()))
            .thenComparing(BaselineProfile::getCreatedAt)
            .thenComparing(BaselineProfile::getBaselineId, Comparator.reverseOrder());

    private Baselines() {
    }

    static Optional<BaselineProfile> select(Iterable<BaselineProfile> baselines, String segmentId) {
        BaselineProfile best = null;
        for (BaselineProfile b : baselines) {
            if (b != null && b.getActive() && matches(b.getSegmentPattern(), segmentId)
                    && (best == null || PREFERENCE.compare(b, best) > 0)) {
                best = b;
            }
        }
        return Optional.ofNullable(best);
    }

    static boolean matches(String pattern, String segmentId) {
        if (pattern == null) {
            return false;
        }
        if (pattern.equals("*")) {
            return true;
        }
        String[] wanted = pattern.split("/", -1);
        String[] actual = segmentId.split("/", -1);
        if (wanted.length != actual.length) {
            return false;
        }
        for (int i = 0; i < wanted.length; i++) {
            if (!wanted[i].equals("*") && !wanted[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }

    /** Skew when the reference is an evaluation data set, drift otherwise. */
    static String signalPrefix(String referenceKind) {
        return EVALUATION.equals(referenceKind) ? "skew" : "drift";
    }

    private static int specificity(String pattern) {
        int fixed = 0;
        for (String part : pattern.split("/", -1)) {
            if (!part.equals("*")) {
                fixed++;
            }
        }
        return fixed;
    }
}
