package dev.genaimon.client;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Logs a warning at most once per interval per kind, so a client that drops or retries thousands of items a second
 * does not flood the application's log (the counters keep the exact numbers).
 */
final class ThrottledLog {

    private static final System.Logger LOG = System.getLogger(GenaimonClient.class.getName());

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final ConcurrentMap<String, AtomicLong> last = new ConcurrentHashMap<>();

    ThrottledLog(Duration interval, LongSupplier nanoTime) {
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** @return true when this message was logged */
    boolean warn(String kind, String message) {
        long now = nanoTime.getAsLong();
        AtomicLong at = last.computeIfAbsent(kind, k -> new AtomicLong(now - intervalNanos));
        long previous = at.get();
        if (now - previous < intervalNanos || !at.compareAndSet(previous, now)) {
            return false;
        }
        LOG.log(Level.WARNING, message);
        return true;
    }
}
