package dev.genaimon.alerting.signals;

/**
 * The key of a {@code genaimon.signals.v1} record, {@code <segmentId>/<signalName>}: every emitter writes it that
 * way, and signal names never contain {@code /} (segment ids may), so the last {@code /} splits it. Readers that only
 * need the segment or the name (which rules can match, which task owns the segment) read them from the key and skip
 * decoding the value; a key not of this form means: decode the value.
 */
public final class SignalKeys {

    private SignalKeys() {
    }

    /** The segment id of a well-formed key, else null. */
    public static String segmentId(String key) {
        int slash = split(key);
        return slash < 0 ? null : key.substring(0, slash);
    }

    /** The signal name of a well-formed key, else null. */
    public static String signalName(String key) {
        int slash = split(key);
        return slash < 0 ? null : key.substring(slash + 1);
    }

    /** The key an emitter writes. */
    public static String of(String segmentId, String signalName) {
        return segmentId + "/" + signalName;
    }

    private static int split(String key) {
        if (key == null) {
            return -1;
        }
        int slash = key.lastIndexOf('/');
        return slash <= 0 || slash == key.length() - 1 ? -1 : slash;
    }
}
