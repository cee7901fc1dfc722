package dev.genaimon.evaluators.drift;

import java.nio.ByteBuffer;

/**
 * Debounces drift: a feature becomes a signal only after drifting in {@code required}
 * consecutive windows. Immutable value, one per feature (and segment); {@link #observe} returns
 * the next state, so it can live in a state store as {@link #toBytes()}.
 *
 * <p>Windows are identified by a sequence number (e.g. window start / window size). A window
 * that is not newer than the last one seen is ignored, so replays and duplicates cannot count
 * twice; a skipped window (no data) breaks the streak, because "consecutive" means adjacent.
 *
 * @param required   consecutive drifting windows needed (>= 1)
 * @param lastWindow sequence number of the last window observed, {@code Long.MIN_VALUE} for none
 * @param streak     drifting windows in a row ending at {@code lastWindow}
 */
public record ConsecutiveDriftTracker(int required, long lastWindow, int streak) {

    private static final int BYTES = 4 + 8 + 4;

    public ConsecutiveDriftTracker {
        if (required < 1 || streak < 0) {
            throw new IllegalArgumentException("required must be >= 1 and streak >= 0");
        }
    }

    /** A tracker that has seen nothing. */
    public static ConsecutiveDriftTracker start(int required) {
        return new ConsecutiveDriftTracker(required, Long.MIN_VALUE, 0);
    }

    /** The state after window {@code window} with verdict {@code drifted}. */
    public ConsecutiveDriftTracker observe(long window, boolean drifted) {
        if (lastWindow != Long.MIN_VALUE && window <= lastWindow) {
            return this;
        }
        if (!drifted) {
            return new ConsecutiveDriftTracker(required, window, 0);
        }
        boolean adjacent = lastWindow != Long.MIN_VALUE && window == lastWindow + 1;
        int next = adjacent ? (int) Math.min(Integer.MAX_VALUE, streak + 1L) : 1;
        return new ConsecutiveDriftTracker(required, window, next);
    }

    /** True once the streak reaches {@code required}. */
    public boolean isSignal() {
        return streak >= required;
    }

    public byte[] toBytes() {
        return ByteBuffer.allocate(BYTES).putInt(required).putLong(lastWindow).putInt(streak).array();
    }

    public static ConsecutiveDriftTracker fromBytes(byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("expected " + BYTES + " bytes");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        return new ConsecutiveDriftTracker(buf.getInt(), buf.getLong(), buf.getInt());
    }
}
