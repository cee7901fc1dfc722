package dev.genaimon.ingest.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ingest counters: every item is accepted, rejected or dead-lettered, so in = accepted + rejected + dead-lettered.
 * Requests refused as a whole (a limit, auth, a malformed body, Kafka down) are also counted per tenant and reason.
 * The tenant label is capped ({@link #MAX_TENANTS}) so a dev-mode client inventing tenants cannot blow up
 * cardinality; tenants past the cap are counted as {@code _other}.
 */
final class IngestMetrics {

    static final int MAX_TENANTS = 200;
    static final String OTHER = "_other";
    static final String INTERACTION = "interaction";
    static final String FEEDBACK = "feedback";

    private final MeterRegistry registry;
    private final Set<String> tenants = ConcurrentHashMap.newKeySet();

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void request(String endpoint, int status) {
        Counter.builder("genaimon.ingest.requests").description("Ingest HTTP requests by endpoint and status")
                .tag("endpoint", endpoint).tag("status", Integer.toString(status))
                .register(registry).increment();
    }

    /**
     * A request refused as a whole.
     *
     * @param tenant the authenticated tenant; null when unknown (dev mode, or authentication failed)
     * @param reason the error code of the answer: rate_limited, body_too_large, too_many_items, ...
     */
    void rejectedRequest(String endpoint, String tenant, String reason) {
        Counter.builder("genaimon.ingest.rejected.requests")
                .description("Ingest requests refused as a whole, by tenant and reason (a limit, auth, body, Kafka)")
                .tag("endpoint", endpoint).tag("tenant", tenantLabel(tenant)).tag("reason", reason)
                .register(registry).increment();
    }

    void items(String tenant, String outcome, String reason, int count) {
        items(INTERACTION, tenant, outcome, reason, count);
    }

    /** @param kind what the items are: {@link #INTERACTION} or {@link #FEEDBACK} */
    void items(String kind, String tenant, String outcome, String reason, int count) {
        if (count == 0) {
            return;
        }
        Counter.builder("genaimon.ingest.items")
                .description("Items received (interactions, feedback), by outcome (accepted, rejected, dead_lettered)"
                        + " and reason")
                .tag("kind", kind).tag("tenant", tenantLabel(tenant)).tag("outcome", outcome).tag("reason", reason)
                .register(registry).increment(count);
    }

    private String tenantLabel(String tenant) {
        if (tenant == null) {
            return "unknown";
        }
        if (tenants.contains(tenant) || (tenants.size() < MAX_TENANTS && tenants.add(tenant))) {
            return tenant;
        }
        return OTHER;
    }
}
