package dev.genaimon.app.bench;

import java.util.List;

/**
 * When each record is due, as offsets in nanoseconds from the start of an open-loop run: a sender sends whatever is
 * due and never waits for answers, so a slow pipeline cannot slow the offered load (no coordinated omission), and
 * latency is measured from the time a record was due, not from when it was finally sent.
 */
final class LoadShape {

    private LoadShape() {
    }

    /** {@code count} records at a fixed {@code ratePerSecond}. */
    static long[] uniform(int count, double ratePerSecond) {
        if (count < 0 || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("count >= 0 and rate > 0 required");
        }
        long[] due = new long[count];
        double gap = 1e9 / ratePerSecond;
        for (int i = 0; i < count; i++) {
            due[i] = Math.round(i * gap);
        }
        return due;
    }

    /**
     * {@code count} records whose gaps follow {@code gapsMillis} (repeated when shorter), scaled so the average rate
     * is {@code ratePerSecond}: bursts and lulls keep their shape, only the time axis stretches.
     */
    static long[] scaledGaps(List<Double> gapsMillis, int count, double ratePerSecond) {
        if (gapsMillis.isEmpty() || !(ratePerSecond > 0)) {
            throw new IllegalArgumentException("gaps and a rate > 0 are required");
        }
        double mean = gapsMillis.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        if (!(mean > 0)) {
            return uniform(count, ratePerSecond);
        }
        double scale = (1e9 / ratePerSecond) / (mean * 1e6); // nanoseconds per trace nanosecond
        long[] due = new long[count];
        double at = 0;
        for (int i = 0; i < count; i++) {
            due[i] = Math.round(at);
            at += gapsMillis.get(i % gapsMillis.size()) * 1e6 * scale;
        }
        return due;
    }

    /** The index after the last record due at {@code elapsedNanos}, starting the search at {@code from}. */
    static int dueUntil(long[] due, int from, long elapsedNanos) {
        int i = from;
        while (i < due.length && due[i] <= elapsedNanos) {
            i++;
        }
        return i;
    }
}
