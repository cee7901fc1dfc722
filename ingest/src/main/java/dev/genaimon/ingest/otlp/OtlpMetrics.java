package dev.genaimon.ingest.otlp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Span counters of the OTLP receiver, one meter {@code genaimon.ingest.otlp.spans} tagged by outcome:
 * {@code received}, then each span once as {@code mapped} (reason {@code interaction} or {@code tool_call}),
 * {@code ignored} (reason {@code not_genai}) or {@code rejected} (reason code, e.g. {@code missing_model}).
 */
public final class OtlpMetrics {

    static final String METER = "genaimon.ingest.otlp.spans";

    private final MeterRegistry registry;

    public OtlpMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void received(int count) {
        count("received", "none", count);
    }

    public void mapped(String reason, int count) {
        count("mapped", reason, count);
    }

    public void ignored(int count) {
        count("ignored", "not_genai", count);
    }

    /** @param reason a stable code from a fixed vocabulary (never free text: it is a label) */
    public void rejected(String reason, int count) {
        count("rejected", reason, count);
    }

    private void count(String outcome, String reason, int count) {
        if (count == 0) {
            return;
        }
        Counter.builder(METER).description("OTLP spans by outcome (received, mapped, ignored, rejected) and reason")
                .tag("outcome", outcome).tag("reason", reason).register(registry).increment(count);
    }
}
