package dev.genaimon.evaluators.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.kll.KllFloatsSketch;
import org.apache.datasketches.quantilescommon.FloatsSortedView;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

/**
 * A weighted step CDF: ascending values with inclusive cumulative weights. Raw samples are the
 * special case "every weight is 1", a KLL sketch's sorted view is the general case; all
 * numeric statistics are written once against this type, so sketch mode equals exact mode
 * whenever the sketch still holds every item.
 */
final class EmpiricalDistribution {

    private final double[] values;
    private final long[] cumulative;

    private EmpiricalDistribution(double[] values, long[] cumulative) {
        this.values = values;
        this.cumulative = cumulative;
    }

    /** Raw samples; NaN is rejected because it has no place on the real line. */
    static EmpiricalDistribution ofSamples(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        long[] cumulative = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (Double.isNaN(sorted[i])) {
                throw new IllegalArgumentException("NaN sample");
            }
            cumulative[i] = i + 1L;
        }
        return new EmpiricalDistribution(sorted, cumulative);
    }

    static EmpiricalDistribution ofSketch(KllFloatsSketch sketch) {
        if (sketch.isEmpty()) {
            return new EmpiricalDistribution(new double[0], new long[0]);
        }
        FloatsSortedView view = sketch.getSortedView();
        float[] quantiles = view.getQuantiles();
        double[] values = new double[quantiles.length];
        for (int i = 0; i < quantiles.length; i++) {
            values[i] = quantiles[i];
        }
        return new EmpiricalDistribution(values, view.getCumulativeWeights());
    }

    static EmpiricalDistribution ofSketch(KllDoublesSketch sketch) {
        if (sketch.isEmpty()) {
            return new EmpiricalDistribution(new double[0], new long[0]);
        }
        DoublesSortedView view = sketch.getSortedView();
        return new EmpiricalDistribution(view.getQuantiles(), view.getCumulativeWeights());
    }

    long n() {
        return cumulative.length == 0 ? 0 : cumulative[cumulative.length - 1];
    }

    int size() {
        return values.length;
    }

    double value(int i) {
        return values[i];
    }

    long cumulativeAt(int i) {
        return cumulative[i];
    }

    /** Number of observations {@code <= x} (numpy searchsorted side="right" on the samples). */
    long countAtOrBelow(double x) {
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == 0 ? 0 : cumulative[lo - 1];
    }

    /** The observation at 0-based position {@code index} of the sorted (weight-expanded) sample. */
    double itemAt(long index) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > index) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return values[lo];
    }

    /**
     * numpy's default ("linear", Hyndman–Fan 7) quantile, including numpy's two-sided lerp
     * formula: bin edges must be bit-identical to numpy's, or values equal to an edge land in a
     * different bin.
     */
    double linearQuantile(double q) {
        long n = n();
        double virtual = (n - 1) * q;
        if (virtual >= n - 1) {
            return itemAt(n - 1);
        }
        if (virtual < 0) {
            return itemAt(0);
        }
        long previous = (long) Math.floor(virtual);
        double gamma = virtual - previous;
        double a = itemAt(previous);
        double b = itemAt(previous + 1);
        double diff = b - a;
        return gamma >= 0.5 ? b - diff * (1 - gamma) : a + diff * gamma;
    }

    /** Sample standard deviation (ddof=1), two-pass like numpy; only meaningful for raw samples. */
    double sampleStd() {
        long n = n();
        if (n < 2) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < values.length; i++) {
            sum += values[i] * weight(i);
        }
        double mean = sum / n;
        double ss = 0;
        for (int i = 0; i < values.length; i++) {
            double dev = values[i] - mean;
            ss += dev * dev * weight(i);
        }
        return Math.sqrt(ss / (n - 1));
    }

    private long weight(int i) {
        return i == 0 ? cumulative[0] : cumulative[i] - cumulative[i - 1];
    }
}
