package dev.genaimon.alerting.silence;

import dev.genaimon.alerting.route.LabelMatcher;
import dev.genaimon.schemas.avro.Silence;
import java.time.Instant;
import java.util.Map;

/** When a silence applies: it is active ({@code startsAt <= now < endsAt}) and every matcher matches. */
public final class Silences {

    private Silences() {
    }

    public static boolean active(Silence silence, Instant now) {
        return !now.isBefore(silence.getStartsAt()) && now.isBefore(silence.getEndsAt());
    }

    public static boolean mutes(Silence silence, Map<String, String> labels, Instant now) {
        if (!active(silence, now)) {
            return false;
        }
        return silence.getMatchers().stream()
                .allMatch(m -> new LabelMatcher(m.getName(), m.getOp(), m.getValue()).matches(labels));
    }

    /** Active, pending (starts later) or expired. */
    public static String state(Silence silence, Instant now) {
        if (now.isBefore(silence.getStartsAt())) {
            return "pending";
        }
        return now.isBefore(silence.getEndsAt()) ? "active" : "expired";
    }
}
