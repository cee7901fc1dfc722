package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FeatureProfileTest {

    @Test
    void shouldRoundTripANumericProfileThroughBytes() {
        FeatureProfile p = FeatureProfile.numeric();
        Random rnd = new Random(3);
        for (int i = 0; i < 20_000; i++) {
            p.update(rnd.nextGaussian() * 10 + 100);
        }
        p.updateNull();
        p.update(Double.NaN);
        FeatureProfile back = FeatureProfile.fromBytes(p.toBytes());
        assertThat(back.kind()).isEqualTo(FeatureProfile.Kind.NUMERIC);
        assertThat(back.count()).isEqualTo(20_000);
        assertThat(back.nullCount()).isEqualTo(2);
        assertThat(back.sampleStd()).isEqualTo(p.sampleStd());
        assertThat(back.numericSketch().getQuantile(0.5, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE))
                .isEqualTo(p.numericSketch().getQuantile(0.5, org.apache.datasketches.quantilescommon.QuantileSearchCriteria.INCLUSIVE));
        assertThat(back.toBytes()).isEqualTo(p.toBytes());
    }

    @Test
    void shouldMergeNumericProfilesLikeOneProfileOfAllObservations() {
        double[] a = new double[3000];
        double[] b = new double[2000];
        Random rnd = new Random(11);
        FeatureProfile pa = FeatureProfile.numeric();
        FeatureProfile pb = FeatureProfile.numeric();
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble() * 5;
            pa.update(a[i]);
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = 3 + rnd.nextDouble() * 5;
            pb.update(b[i]);
        }
        byte[] before = pa.toBytes();
        FeatureProfile merged = FeatureProfile.fromBytes(pa.toBytes()).merge(FeatureProfile.fromBytes(pb.toBytes()));
        assertThat(pa.toBytes()).as("inputs are not modified").isEqualTo(before);
        assertThat(merged.count()).isEqualTo(5000);
        double[] all = new double[5000];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        assertThat(merged.sampleStd()).isCloseTo(EmpiricalDistribution.ofSamples(all).sampleStd(), within(1e-9));
        // merged (k=4096, n=5000) vs the whole sample: the statistics stay close to zero drift
        NumericStatistics s = DriftStatistics.sketchNumeric(merged, DriftVectorsTest.profile(all));
        assertThat(s.ksStatistic()).isLessThan(0.01);
        assertThat(s.psi()).isLessThan(0.01);
    }

    @Test
    void shouldRoundTripAndMergeCategoricalProfilesWithExactCountsForFewCategories() {
        FeatureProfile a = DriftVectorsTest.profile(Map.of("gpt-4o", 70L, "gpt-4o-mini", 30L));
        FeatureProfile b = DriftVectorsTest.profile(Map.of("gpt-4o", 5L, "o3", 45L));
        b.update((String) null);
        FeatureProfile merged = FeatureProfile.fromBytes(a.toBytes()).merge(FeatureProfile.fromBytes(b.toBytes()));
        assertThat(merged.categoryCounts()).containsExactlyInAnyOrderEntriesOf(
                Map.of("gpt-4o", 75L, "gpt-4o-mini", 30L, "o3", 45L));
        assertThat(merged.count()).isEqualTo(150);
        assertThat(merged.nullCount()).isEqualTo(1);
    }

    @Test
    void shouldKeepSerializedProfilesSmall() {
        Random rnd = new Random(5);
        FeatureProfile n1k = FeatureProfile.numeric();
        FeatureProfile n100k = FeatureProfile.numeric();
        for (int i = 0; i < 100_000; i++) {
            double v = Math.exp(rnd.nextGaussian());
            if (i < 1000) {
                n1k.update(v);
            }
            n100k.update(v);
        }
        FeatureProfile cat = FeatureProfile.categorical();
        for (int i = 0; i < 100_000; i++) {
            cat.update("category-" + (int) Math.abs(rnd.nextGaussian() * 20));
        }
        System.out.printf("profile bytes: numeric n=1k %d, numeric n=100k %d, categorical (~60 categories, n=100k) %d%n",
                n1k.toBytes().length, n100k.toBytes().length, cat.toBytes().length);
        assertThat(n1k.toBytes().length).isLessThan(9_000);
        assertThat(n100k.toBytes().length).isLessThan(100_000);
        assertThat(cat.toBytes().length).isLessThan(4_000);
    }

    @Test
    void shouldRejectMixingKindsAndForeignBytes() {
        assertThatThrownBy(() -> FeatureProfile.numeric().merge(FeatureProfile.categorical()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureProfile.numeric().update("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> FeatureProfile.fromBytes(new byte[] {9, 9, 9})).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureProfile.fromBytes(new byte[] {1, 0, 0})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldKeepFloatProfilesAtHalfTheBytesWithTheSameStatistics() {
        java.util.Random random = new java.util.Random(3);
        FeatureProfile doubles = FeatureProfile.numeric(200);
        FeatureProfile floats = FeatureProfile.numericFloats(200);
        FeatureProfile secondHalf = FeatureProfile.numericFloats(200);
        for (int i = 0; i < 20_000; i++) {
            double v = Math.rint(Math.exp(7 + random.nextGaussian()));
            doubles.update(v);
            (i % 2 == 0 ? floats : secondHalf).update(v);
        }
        FeatureProfile merged = floats.merge(secondHalf);
        FeatureProfile back = FeatureProfile.fromBytes(merged.toBytes());
        assertThat(back.count()).isEqualTo(20_000);
        assertThat(back.sampleStd()).isEqualTo(merged.sampleStd());
        assertThat(back.toBytes().length).isLessThan(doubles.toBytes().length * 6 / 10);
        // the same distribution seen through either sketch: KS between them within the rank error of k = 200
        FeatureStatistics same = DriftStatistics.sketchNumeric(doubles, back);
        assertThat(same.asMap().get("ks_statistic")).isLessThan(0.02);
        // a doubles profile (written before the switch) merges into a floats one, weights and moments kept
        FeatureProfile mixed = back.merge(doubles);
        assertThat(mixed.count()).isEqualTo(40_000);
        assertThat(DriftStatistics.sketchNumeric(doubles, mixed).asMap().get("ks_statistic")).isLessThan(0.02);
        assertThat(FeatureProfile.fromBytes(mixed.toBytes()).count()).isEqualTo(40_000);
    }
}
