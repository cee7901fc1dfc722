package dev.genaimon.app.metrics;

import dev.genaimon.app.query.ViewObserver;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.PiiFinding;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.Signal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * genaimon's own Prometheus metrics fed by the view stage (see docs/operations.md for the full reference):
 * <ul>
 *   <li>{@code genaimon_interactions_enriched_total{tenant}}: interactions out of enrich (one safety-flags record
 *   each)</li>
 *   <li>{@code genaimon_dlq_records_total{stage, reason}}: dead letters</li>
 *   <li>{@code genaimon_safety_flags_total{type}}: interactions flagged, per flag type (pii:EMAIL_ADDRESS,
 *   attack:jailbreak, harm:violence, refusal, harmful_compliance)</li>
 *   <li>{@code genaimon_alert_transitions_total{state, severity}}: alert events read</li>
 *   <li>{@code genaimon_signal_value{segment, signal, labels}} (capped, {@link SignalGauges})</li>
 * </ul>
 * Label values that come from data (tenant, stage, reason, flag type) are capped at {@link #MAX_LABEL_VALUES} each;
 * the rest are counted as {@code _other}.
 */
public final class GenaimonMetrics implements ViewObserver {

    static final int MAX_LABEL_VALUES = 200;
    static final String OTHER = "_other";
    static final double HARMFUL_COMPLIANCE_THRESHOLD = 0.5;

    private final MeterRegistry registry;
    private final SignalGauges gauges;
    private final Map<String, Set<String>> labelValues = new ConcurrentHashMap<>();

    public GenaimonMetrics(MeterRegistry registry, int signalSeriesCap) {
        this.registry = registry;
        this.gauges = new SignalGauges(registry, signalSeriesCap);
    }

    @Override
    public void signal(Signal signal) {
        gauges.update(signal);
    }

    @Override
    public void alert(AlertEvent alert) {
        Counter.builder("genaimon.alert.transitions").description("Alert events (firing, resolved) by severity")
                .tag("state", bounded("state", alert.getStatus())).tag("severity", bounded("severity", alert.getSeverity()))
                .register(registry).increment();
    }

    @Override
    public void deadLetter(DeadLetter letter) {
        Counter.builder("genaimon.dlq.records").description("Dead letters by the stage that gave up and the reason")
                .tag("stage", bounded("stage", letter.getStage())).tag("reason", bounded("reason", letter.getReason()))
                .register(registry).increment();
    }

    @Override
    public void safetyFlags(SafetyFlags flags) {
        Counter.builder("genaimon.interactions.enriched").description("Interactions out of the enrich stage, by tenant")
                .tag("tenant", bounded("tenant", flags.getTenant())).register(registry).increment();
        Set<String> types = new HashSet<>();
        for (PiiFinding finding : flags.getPii()) {
            types.add("pii:" + finding.getType());
        }
        if (flags.getAttack() != null && flags.getAttack().getDetected()) {
            types.add("attack:" + (flags.getAttack().getKind() == null ? "unknown" : flags.getAttack().getKind()));
        }
        flags.getHarm().forEach((category, severity) -> {
            if (severity != null && severity > 0) {
                types.add("harm:" + category);
            }
        });
        if (flags.getRefusal()) {
            types.add("refusal");
        }
        if (flags.getHarmfulCompliance() != null && flags.getHarmfulCompliance() >= HARMFUL_COMPLIANCE_THRESHOLD) {
            types.add("harmful_compliance");
        }
        for (String type : types) {
            Counter.builder("genaimon.safety.flags").description("Interactions flagged, per flag type")
                    .tag("type", bounded("type", type)).register(registry).increment();
        }
    }

    private String bounded(String label, String value) {
        String v = value == null || value.isEmpty() ? "unknown" : value;
        Set<String> seen = labelValues.computeIfAbsent(label, l -> ConcurrentHashMap.newKeySet());
        if (seen.contains(v)) {
            return v;
        }
        if (seen.size() >= MAX_LABEL_VALUES) {
            return OTHER;
        }
        seen.add(v);
        return v;
    }

    public SignalGauges signalGauges() {
        return gauges;
    }
}
