package dev.genaimon.evaluators.drift;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Benjamini–Hochberg step-up procedure: controls the false discovery rate at level q across
 * the tests of one window (features × segments), so that testing many features does not
 * flood alerting with chance rejections. Valid for independent or positively dependent tests.
 */
public final class BenjaminiHochberg {

    /** One hypothesis test: an identifier of the caller's choosing and its p-value. */
    public record Test(String id, double pValue) {
    }

    /** A test with its BH-adjusted p-value (q-value) and whether it is rejected at the level. */
    public record Outcome(Test test, double adjustedPValue, boolean rejected) {
    }

    private BenjaminiHochberg() {
    }

    /**
     * Applies the procedure. Tests with a NaN p-value (nothing could be tested) are not part of
     * the family: they are never rejected and do not raise m.
     *
     * @return one outcome per input, in input order
     */
    public static List<Outcome> apply(List<Test> tests, double q) {
        if (!(q > 0 && q < 1)) {
            throw new IllegalArgumentException("q must be in (0, 1): " + q);
        }
        Integer[] order = new Integer[tests.size()];
        int m = 0;
        for (int i = 0; i < tests.size(); i++) {
            if (!Double.isNaN(tests.get(i).pValue())) {
                order[m++] = i;
            }
        }
        Integer[] valid = Arrays.copyOf(order, m);
        Arrays.sort(valid, Comparator.comparingDouble(i -> tests.get(i).pValue()));
        double[] adjusted = new double[tests.size()];
        Arrays.fill(adjusted, Double.NaN);
        double running = 1.0;
        // Step-up from the largest p-value: adjusted p_(k) = min over j >= k of p_(j)·m/j.
        for (int rank = m; rank >= 1; rank--) {
            int index = valid[rank - 1];
            running = Math.min(running, tests.get(index).pValue() * m / rank);
            adjusted[index] = running;
        }
        List<Outcome> outcomes = new ArrayList<>(tests.size());
        for (int i = 0; i < tests.size(); i++) {
            // adjusted <= q is equivalent to the classic "largest k with p_(k) <= k·q/m" rule
            outcomes.add(new Outcome(tests.get(i), adjusted[i], adjusted[i] <= q));
        }
        return outcomes;
    }

    /** The identifiers of the rejected tests, in input order. */
    public static List<String> rejected(List<Test> tests, double q) {
        return apply(tests, q).stream().filter(Outcome::rejected).map(o -> o.test().id()).toList();
    }
}
