package dev.genaimon.app.metrics;

import static dev.genaimon.app.query.ViewFixtures.alert;
import static dev.genaimon.app.query.ViewFixtures.deadLetter;
import static dev.genaimon.app.query.ViewFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.AttackResult;
import dev.genaimon.schemas.avro.PiiFinding;
import dev.genaimon.schemas.avro.SafetyFlags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class GenaimonMetricsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** Every genaimon metric docs/operations.md lists as exported by the view stage. */
    static final List<String> DOCUMENTED = List.of("genaimon_signal_value", "genaimon_signal_series",
            "genaimon_signal_series_dropped_total", "genaimon_dlq_records_total", "genaimon_safety_flags_total",
            "genaimon_interactions_enriched_total", "genaimon_alert_transitions_total");

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void shouldStayWithinTheSeriesCapWithTenThousandSegments() {
        GenaimonMetrics metrics = new GenaimonMetrics(registry, 2000);
        for (int i = 0; i < 10_000; i++) {
            metrics.signal(signal("tenant" + i + "/bot", "ops.latency.p95_ms", T0, i));
            metrics.signal(signal("tenant" + i + "/bot", "safety.pii.rate", Map.of("pii_type", "EMAIL_ADDRESS"), T0, 0.5));
        }
        // an update of a tracked series changes its value and is not dropped
        metrics.signal(signal("tenant0/bot", "ops.latency.p95_ms", T0.plusSeconds(60), 1234.5));

        List<PrometheusText.Sample> samples = PrometheusText.parse(registry.scrape());
        List<PrometheusText.Sample> values = samples.stream()
                .filter(s -> s.name().equals("genaimon_signal_value")).toList();
        assertThat(values).hasSize(2000);
        assertThat(value(samples, "genaimon_signal_series")).isEqualTo(2000.0);
        assertThat(value(samples, "genaimon_signal_series_dropped_total")).isEqualTo(18_000.0);
        assertThat(values).filteredOn(s -> s.labels().get("segment").equals("tenant0/bot")
                        && s.labels().get("signal").equals("ops.latency.p95_ms"))
                .singleElement().extracting(PrometheusText.Sample::value).isEqualTo(1234.5);
        assertThat(values).filteredOn(s -> s.labels().get("signal").equals("safety.pii.rate"))
                .allSatisfy(s -> assertThat(s.labels()).containsEntry("labels", "pii_type=EMAIL_ADDRESS"));
        assertThat(values.get(0).labels().keySet()).containsExactlyInAnyOrder("segment", "signal", "labels");
    }

    @Test
    void shouldCountDeadLettersSafetyFlagsAlertsAndEnrichedInteractionsWithDocumentedNames() {
        GenaimonMetrics metrics = new GenaimonMetrics(registry, 10);
        metrics.signal(signal("acme/bot", "cost.usd", T0, 2.0));
        metrics.deadLetter(deadLetter("d1", "enrich", "DESERIALIZATION_FAILED", T0));
        metrics.deadLetter(deadLetter("d2", "enrich", "DESERIALIZATION_FAILED", T0));
        metrics.alert(alert("fp", "firing", "acme/bot", T0));
        metrics.safetyFlags(flags("acme", List.of("EMAIL_ADDRESS", "EMAIL_ADDRESS", "PHONE_NUMBER"), true));
        metrics.safetyFlags(flags("acme", List.of(), false));

        List<PrometheusText.Sample> samples = PrometheusText.parse(registry.scrape());
        assertThat(samples.stream().map(PrometheusText.Sample::name).collect(Collectors.toSet()))
                .containsAll(DOCUMENTED);
        assertThat(value(samples, "genaimon_dlq_records_total", "reason", "DESERIALIZATION_FAILED")).isEqualTo(2.0);
        assertThat(value(samples, "genaimon_interactions_enriched_total", "tenant", "acme")).isEqualTo(2.0);
        // per interaction and type: two e-mail findings in one interaction count once
        assertThat(value(samples, "genaimon_safety_flags_total", "type", "pii:EMAIL_ADDRESS")).isEqualTo(1.0);
        assertThat(value(samples, "genaimon_safety_flags_total", "type", "attack:jailbreak")).isEqualTo(1.0);
        assertThat(value(samples, "genaimon_alert_transitions_total", "state", "firing")).isEqualTo(1.0);
    }

    @Test
    void shouldCapLabelValuesThatComeFromData() {
        GenaimonMetrics metrics = new GenaimonMetrics(registry, 10);
        for (int i = 0; i < GenaimonMetrics.MAX_LABEL_VALUES + 50; i++) {
            metrics.safetyFlags(flags("tenant-" + i, List.of(), false));
        }
        List<PrometheusText.Sample> samples = PrometheusText.parse(registry.scrape());
        assertThat(samples).filteredOn(s -> s.name().equals("genaimon_interactions_enriched_total"))
                .hasSize(GenaimonMetrics.MAX_LABEL_VALUES + 1);
        assertThat(value(samples, "genaimon_interactions_enriched_total", "tenant", "_other")).isEqualTo(50.0);
    }

    private static SafetyFlags flags(String tenant, List<String> pii, boolean attack) {
        return SafetyFlags.newBuilder().setInteractionId("i").setTimestamp(T0).setTenant(tenant).setApp("bot")
                .setPii(pii.stream().map(t -> new PiiFinding(t, "prompt", 0, 3, 0.9)).toList())
                .setAttack(attack ? new AttackResult(0.9, true, "jailbreak", "prompt") : null).build();
    }

    private static double value(List<PrometheusText.Sample> samples, String name) {
        return samples.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow().value();
    }

    private static double value(List<PrometheusText.Sample> samples, String name, String label, String labelValue) {
        return samples.stream().filter(s -> s.name().equals(name) && labelValue.equals(s.labels().get(label)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + name + "{" + label + "=" + labelValue + "}"))
                .value();
    }
}
