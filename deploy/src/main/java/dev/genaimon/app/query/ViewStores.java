package dev.genaimon.app.query;

import dev.genaimon.schemas.avro.Signal;
import java.util.Map;
import java.util.TreeMap;

/** Names and key layouts of the view stage's state stores (the query API reads them). */
public final class ViewStores {

    /** (segment, signal name + labels) → {@code SignalView}: latest value and recent series. Keyed by segment. */
    public static final String SIGNALS = "view-signals";
    /** segment id → {@code SegmentIndexEntry}. */
    public static final String SEGMENTS = "view-segments";
    /** fingerprint → latest {@code AlertEvent}. */
    public static final String ALERTS = "view-alerts";
    /** segment id → latest {@code DriftReport}. */
    public static final String DRIFT = "view-drift";
    /** baselineId → {@code BaselineProfile} without sketch and vector bytes. */
    public static final String BASELINES = "view-baselines";
    /** stage + reason → count of dead letters. */
    public static final String DLQ_COUNTS = "view-dlq-counts";
    /** at (zero-padded) + id → {@code DeadLetter} without payload; the newest few per task. */
    public static final String DLQ_RECENT = "view-dlq-recent";

    /** Separates the segment id from the rest of a key: not a character segment ids or signal names use. */
    static final char SEP = '\u001f';

    private ViewStores() {
    }

    /** {@code name} or {@code name{k=v,...}} with labels sorted: one series per distinct label set. */
    public static String seriesName(Signal signal) {
        Map<String, String> labels = signal.getLabels();
        if (labels == null || labels.isEmpty()) {
            return signal.getName();
        }
        StringBuilder b = new StringBuilder(signal.getName()).append('{');
        new TreeMap<>(labels).forEach((k, v) -> b.append(k).append('=').append(v).append(','));
        b.setLength(b.length() - 1);
        return b.append('}').toString();
    }

    static String signalKey(String segmentId, String seriesName) {
        return segmentId + SEP + seriesName;
    }

    static String segmentPrefix(String segmentId) {
        return segmentId + SEP;
    }

    static String dlqCountKey(String stage, String reason) {
        return stage + SEP + reason;
    }
}
