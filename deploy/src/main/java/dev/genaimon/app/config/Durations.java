package dev.genaimon.app.config;

import dev.genaimon.alerting.rules.DurationText;
import java.time.Duration;

/** Parses durations as people write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 24h}, {@code 7d}, or ISO-8601. */
public final class Durations {

    private Durations() {
    }

    /** The configuration's and the CLI's durations: the same forms as rule and routing files ({@link DurationText}). */
    public static Duration parse(String text) {
        return DurationText.parse(text);
    }
}
