package dev.genaimon.app.query;

/**
 * Settings of the view stage.
 *
 * @param seriesPoints       how many recent windows each (segment, signal) keeps for charts
 * @param dlqRecent          how many recent dead letters each stream task keeps
 * @param maxSignalsPerSegment how many distinct signal names the segment index lists per segment
 */
public record ViewSettings(int seriesPoints, int dlqRecent, int maxSignalsPerSegment) {

    public ViewSettings {
        if (seriesPoints < 1 || dlqRecent < 1 || maxSignalsPerSegment < 1) {
            throw new IllegalArgumentException("view settings must be positive");
        }
    }

    public static ViewSettings defaults() {
        return new ViewSettings(180, 100, 200);
    }
}
