package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KolmogorovDistributionTest {

    @Test
    void shouldMatchScipyKstwoSurvivalFunctionOnAGridOfSizesAndStatistics() throws IOException {
        List<String> failures = new ArrayList<>();
        int checked = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                getClass().getResourceAsStream("kstwo_sf_scipy.csv"), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("#")) {
                    continue;
                }
                String[] f = line.split(",");
                int n = Integer.parseInt(f[0]);
                double d = Double.parseDouble(f[1]);
                double expected = Double.parseDouble(f[2]);
                double actual = KolmogorovDistribution.sf(n, d);
                checked++;
                if (!(Math.abs(actual - expected) <= 1e-9)) {
                    failures.add("n=" + n + " d=" + d + " expected=" + expected + " actual=" + actual);
                }
            }
        }
        assertThat(checked).isGreaterThan(900);
        assertThat(failures).isEmpty();
    }

    @Test
    void shouldBeOneAtZeroAndZeroAtOne() {
        assertThat(KolmogorovDistribution.sf(50, 0.0)).isEqualTo(1.0);
        assertThat(KolmogorovDistribution.sf(50, 1.0)).isEqualTo(0.0);
        assertThat(KolmogorovDistribution.sf(1000, 0.5 / 1000)).isEqualTo(1.0);
    }

    @Test
    void shouldDecreaseMonotonicallyInTheStatistic() {
        double previous = 1.0;
        for (double d = 0.001; d < 0.3; d += 0.001) {
            double p = KolmogorovDistribution.sf(500, d);
            assertThat(p).isLessThanOrEqualTo(previous + 1e-12);
            previous = p;
        }
        assertThat(previous).isCloseTo(0.0, within(1e-9));
    }
}
