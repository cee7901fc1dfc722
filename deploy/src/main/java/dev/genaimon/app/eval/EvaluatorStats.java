package dev.genaimon.app.eval;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Per-evaluator totals of a run: results, error results, passes, and the mean over scored (non-error) results.
 * Failures are results that did not pass, errors included.
 */
public record EvaluatorStats(String evaluator, long results, long errors, long passes, double mean) {

    public long scored() {
        return results - errors;
    }

    public long failures() {
        return results - passes;
    }

    public double passRate() {
        return results == 0 ? Double.NaN : (double) passes / results;
    }

    /** Totals per evaluator, sorted by evaluator name. */
    public static Map<String, EvaluatorStats> of(List<ScoreLine> lines) {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, Double> sums = new TreeMap<>();
        for (ScoreLine l : lines) {
            long[] c = counts.computeIfAbsent(l.evaluator(), k -> new long[3]);
            c[0]++;
            if (l.error()) {
                c[1]++;
            } else {
                sums.merge(l.evaluator(), l.score(), Double::sum);
            }
            if (l.passed()) {
                c[2]++;
            }
        }
        Map<String, EvaluatorStats> out = new TreeMap<>();
        counts.forEach((name, c) -> out.put(name, new EvaluatorStats(name, c[0], c[1], c[2],
                c[0] - c[1] == 0 ? Double.NaN : sums.getOrDefault(name, 0.0) / (c[0] - c[1]))));
        return out;
    }
}
