package dev.genaimon.app.bench;

import java.util.Arrays;

/** Latency summary by the nearest-rank method: the p-th percentile is the smallest value with p% at or below it. */
record Percentiles(int count, long p50, long p90, long p99, long max) {

    static Percentiles of(long[] values) {
        if (values.length == 0) {
            return new Percentiles(0, -1, -1, -1, -1);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return new Percentiles(sorted.length, rank(sorted, 0.50), rank(sorted, 0.90), rank(sorted, 0.99),
                sorted[sorted.length - 1]);
    }

    static long rank(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
