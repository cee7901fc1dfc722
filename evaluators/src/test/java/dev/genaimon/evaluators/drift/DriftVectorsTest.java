package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Checks every case of the shared reference vectors (numpy 2.4.6 / scipy 1.17.1): exact mode to
 * 1e-9 relative on statistics and 1e-6 absolute on p-values; sketch mode to 0.02 absolute for
 * cases where both samples have at least 1,000 observations.
 */
class DriftVectorsTest {

    private static final String FILE = "drift_vectors_dev.json";
    private static List<VectorCase> cases;

    @BeforeAll
    static void load() throws IOException {
        Optional<Path> file = SharedReference.find(FILE);
        cases = file.isPresent() ? VectorCase.read(file.get(), new ObjectMapper()) : null;
    }

    @BeforeEach
    void requireVectors() {
        // per test rather than in @BeforeAll, so each test is reported as skipped with the reason
        assumeTrue(cases != null, "skipping: " + FILE + " not found (set -Dgenaimon.shared.dir "
                + "or run below a directory with a sibling shared/reference)");
    }

    @Test
    void shouldReproduceEveryReferenceCaseInExactMode() {
        assertThat(cases).hasSize(60);
        List<String> failures = new ArrayList<>();
        for (VectorCase c : cases) {
            FeatureStatistics s = c.numeric()
                    ? DriftStatistics.exactNumeric(c.reference(), c.current())
                    : DriftStatistics.exactCategorical(c.referenceCounts(), c.currentCounts());
            compare(c, s.asMap(), failures);
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldReproduceNumpyDecileEdgesBitForBit() {
        for (VectorCase c : cases) {
            if (!c.numeric()) {
                continue;
            }
            double[] edges = DriftStatistics.decileEdges(EmpiricalDistribution.ofSamples(c.reference()));
            for (int i = 0; i < edges.length; i++) {
                assertThat(edges[i]).as("%s edge %d", c.id(), i).isEqualTo(expectedEdge(c, i));
            }
        }
    }

    @Test
    void shouldStayWithinTwoHundredthsOfExactInSketchModeForSamplesOfAThousandOrMore() {
        Map<String, Double> maxError = new TreeMap<>();
        int checked = 0;
        for (VectorCase c : cases) {
            FeatureStatistics exact;
            FeatureStatistics sketch;
            if (c.numeric()) {
                if (c.reference().length < 1000 || c.current().length < 1000) {
                    continue;
                }
                exact = DriftStatistics.exactNumeric(c.reference(), c.current());
                sketch = DriftStatistics.sketchNumeric(profile(c.reference()), profile(c.current()));
            } else {
                if (total(c.referenceCounts()) < 1000 || total(c.currentCounts()) < 1000) {
                    continue;
                }
                exact = DriftStatistics.exactCategorical(c.referenceCounts(), c.currentCounts());
                sketch = DriftStatistics.sketchCategorical(profile(c.referenceCounts()), profile(c.currentCounts()));
            }
            checked++;
            for (Map.Entry<String, Double> e : exact.asMap().entrySet()) {
                double actual = sketch.asMap().get(e.getKey());
                double error = Math.abs(actual - e.getValue());
                if (e.getKey().equals("wasserstein") || e.getKey().equals("chi2_statistic")) {
                    // unit-bearing statistics: 0.02 relative (their scale-free forms are checked absolutely)
                    error /= Math.max(1.0, Math.abs(e.getValue()));
                }
                maxError.merge(e.getKey(), error, Math::max);
                assertThat(error).as("%s %s exact=%s sketch=%s", c.id(), e.getKey(), e.getValue(), actual)
                        .isLessThanOrEqualTo(0.02);
            }
        }
        System.out.println("sketch-vs-exact max error over " + checked + " cases: " + maxError);
        assertThat(checked).isGreaterThan(0);
    }

    @Test
    void shouldStayWithinTwoHundredthsOfExactWithFloatSketchesToo() {
        int checked = 0;
        double worst = 0;
        for (VectorCase c : cases) {
            if (!c.numeric() || c.reference().length < 1000 || c.current().length < 1000) {
                continue;
            }
            FeatureProfile reference = FeatureProfile.numericFloats(FeatureProfile.DEFAULT_KLL_K);
            FeatureProfile current = FeatureProfile.numericFloats(FeatureProfile.DEFAULT_KLL_K);
            for (double v : c.reference()) {
                reference.update(v);
            }
            for (double v : c.current()) {
                current.update(v);
            }
            FeatureStatistics exact = DriftStatistics.exactNumeric(c.reference(), c.current());
            FeatureStatistics sketch = DriftStatistics.sketchNumeric(reference, current);
            checked++;
            for (Map.Entry<String, Double> e : exact.asMap().entrySet()) {
                double error = Math.abs(sketch.asMap().get(e.getKey()) - e.getValue());
                if (e.getKey().equals("wasserstein")) {
                    error /= Math.max(1.0, Math.abs(e.getValue()));
                }
                worst = Math.max(worst, error);
                assertThat(error).as("%s %s exact=%s float sketch=%s", c.id(), e.getKey(), e.getValue(),
                        sketch.asMap().get(e.getKey())).isLessThanOrEqualTo(0.02);
            }
        }
        System.out.println("float-sketch-vs-exact max error over " + checked + " numeric cases: " + worst);
        assertThat(checked).isGreaterThan(0);
    }

    static FeatureProfile profile(double[] values) {
        FeatureProfile p = FeatureProfile.numeric();
        for (double v : values) {
            p.update(v);
        }
        return p;
    }

    static FeatureProfile profile(Map<String, Long> counts) {
        FeatureProfile p = FeatureProfile.categorical();
        counts.forEach(p::updateCategory);
        return p;
    }

    private static long total(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double expectedEdge(VectorCase c, int i) {
        return c.expected().getOrDefault("bin_edges_" + i, Double.NaN);
    }

    private static void compare(VectorCase c, Map<String, Double> actual, List<String> failures) {
        for (Map.Entry<String, Double> e : c.expected().entrySet()) {
            String name = e.getKey();
            if (name.startsWith("bin_edges")) {
                continue;
            }
            Double value = actual.get(name);
            double expected = e.getValue();
            boolean ok;
            if (value == null) {
                ok = false;
            } else if (name.endsWith("pvalue")) {
                ok = Math.abs(value - expected) <= 1e-6;
            } else {
                ok = Math.abs(value - expected) <= 1e-9 * Math.abs(expected) || value.equals(expected);
            }
            if (!ok) {
                failures.add(c.id() + " " + name + " expected=" + expected + " actual=" + value);
            }
        }
    }
}
