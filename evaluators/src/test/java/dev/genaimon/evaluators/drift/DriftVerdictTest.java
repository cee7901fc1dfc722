package dev.genaimon.evaluators.drift;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DriftVerdictTest {

    private static final Histogram NONE = new Histogram(List.of(), List.of(), List.of());
    private static final DriftThresholds T = DriftThresholds.DEFAULTS;

    private static NumericStatistics numeric(double ksP, double wNorm, double psi) {
        return new NumericStatistics(0.1, ksP, 1.0, wNorm, psi, 0.05, 0.05, NONE);
    }

    @Test
    void shouldFlagNumericDriftWhenNormalisedWassersteinExceedsThreshold() {
        DriftVerdict v = DriftVerdict.numeric(numeric(0.5, 0.11, 0.01), 5000, 5000, T);
        assertThat(v.status()).isEqualTo(DriftVerdict.Status.DRIFT);
        assertThat(v.reasons()).singleElement().asString().startsWith("wasserstein_norm");
    }

    @Test
    void shouldUseTheKsTestOnlyForASmallReference() {
        NumericStatistics s = numeric(0.001, 0.05, 0.01);
        assertThat(DriftVerdict.numeric(s, 999, 5000, T).driftDetected()).isTrue();
        assertThat(DriftVerdict.numeric(s, 1000, 5000, T).driftDetected()).isFalse();
    }

    @Test
    void shouldGradePsiAndTreatAnAlertAsDrift() {
        assertThat(DriftVerdict.numeric(numeric(0.5, 0.01, 0.05), 5000, 5000, T).psiLevel()).isEqualTo(DriftVerdict.PsiLevel.OK);
        DriftVerdict warn = DriftVerdict.numeric(numeric(0.5, 0.01, 0.1), 5000, 5000, T);
        assertThat(warn.psiLevel()).isEqualTo(DriftVerdict.PsiLevel.WARN);
        assertThat(warn.driftDetected()).isFalse();
        DriftVerdict alert = DriftVerdict.numeric(numeric(0.5, 0.01, 0.25), 5000, 5000, T);
        assertThat(alert.psiLevel()).isEqualTo(DriftVerdict.PsiLevel.ALERT);
        assertThat(alert.driftDetected()).isTrue();
    }

    @Test
    void shouldReportInsufficientDataBelowTheMinimumSampleOnEitherSide() {
        NumericStatistics s = numeric(0.0, 5.0, 3.0);
        assertThat(DriftVerdict.numeric(s, 49, 5000, T).status()).isEqualTo(DriftVerdict.Status.INSUFFICIENT_DATA);
        assertThat(DriftVerdict.numeric(s, 5000, 10, T).status()).isEqualTo(DriftVerdict.Status.INSUFFICIENT_DATA);
        assertThat(DriftVerdict.numeric(s, 50, 50, T).status()).isEqualTo(DriftVerdict.Status.DRIFT);
    }

    @Test
    void shouldFlagCategoricalDriftOnJensenShannonOrChiSquared() {
        CategoricalStatistics js = new CategoricalStatistics(1, 0.5, 0.2, 0.01, NONE);
        CategoricalStatistics chi = new CategoricalStatistics(30, 0.001, 0.02, 0.01, NONE);
        CategoricalStatistics none = new CategoricalStatistics(1, 0.5, 0.02, 0.01, NONE);
        assertThat(DriftVerdict.categorical(js, 1000, 1000, T).driftDetected()).isTrue();
        assertThat(DriftVerdict.categorical(chi, 1000, 1000, T).driftDetected()).isTrue();
        assertThat(DriftVerdict.categorical(none, 1000, 1000, T).status()).isEqualTo(DriftVerdict.Status.NO_DRIFT);
    }

    @Test
    void shouldApplyPerFeatureOverridesInsteadOfDefaults() {
        DriftThresholds lenient = new DriftThresholds(0.5, 0.05, 1000, 0.1, 0.05, 0.1, 0.25, 50);
        DriftSettings settings = DriftSettings.DEFAULTS.withFeature("latency_ms", lenient);
        NumericStatistics s = numeric(0.5, 0.3, 0.01);
        assertThat(DriftVerdict.numeric(s, 5000, 5000, settings.forFeature("latency_ms")).driftDetected()).isFalse();
        assertThat(DriftVerdict.numeric(s, 5000, 5000, settings.forFeature("prompt_tokens")).driftDetected()).isTrue();
    }

    @Test
    void shouldGiveInsufficientDataWhenOneSideIsEmpty() {
        CategoricalStatistics s = DriftStatistics.exactCategorical(Map.of("a", 10L), Map.of());
        assertThat(s.chi2PValue()).isNaN();
        assertThat(DriftVerdict.categorical(s, 10, 0, T).status()).isEqualTo(DriftVerdict.Status.INSUFFICIENT_DATA);
    }
}
