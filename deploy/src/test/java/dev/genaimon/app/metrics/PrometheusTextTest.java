package dev.genaimon.app.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The strict parser the metrics tests rely on rejects what Prometheus rejects. */
class PrometheusTextTest {

    @Test
    void shouldParseAValidExposition() {
        var samples = PrometheusText.parse("""
                # HELP a_total Things.
                # TYPE a_total counter
                a_total{x="1\\"q\\\\"} 3.0
                # TYPE g gauge
                g NaN
                g{y="z"} +Inf 1700000000000
                """);
        assertThat(samples).hasSize(3);
        assertThat(samples.get(0).labels()).containsEntry("x", "1\"q\\");
    }

    @Test
    void shouldRejectWhatTheSpecForbids() {
        assertThatThrownBy(() -> PrometheusText.parse("1bad 1\n")).hasMessageContaining("bad metric name");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=\"x\\t\"} 1\n")).hasMessageContaining("bad escape");
        assertThatThrownBy(() -> PrometheusText.parse("a{b=x} 1\n")).hasMessageContaining("quoted");
        assertThatThrownBy(() -> PrometheusText.parse("a 1\na 2\n")).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> PrometheusText.parse("a one\n")).hasMessageContaining("bad value");
        assertThatThrownBy(() -> PrometheusText.parse("a 1\nb 1\na{x=\"1\"} 1\n")).hasMessageContaining("contiguous");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a gauge\n# TYPE a gauge\n")).hasMessageContaining("second TYPE");
        assertThatThrownBy(() -> PrometheusText.parse("# TYPE a counter\na_bucket 1\n")).hasMessageContaining("does not fit");
        assertThatThrownBy(() -> PrometheusText.parse("a 1")).hasMessageContaining("line feed");
    }
}
