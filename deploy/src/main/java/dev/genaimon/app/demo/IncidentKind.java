package dev.genaimon.app.demo;

import java.util.List;

/** The incidents the demo injects, each with the signals it should move. */
public enum IncidentKind {
    PROMPT_ATTACK("prompt-attack", "prompt-attack surge", List.of("safety.injection.rate")),
    PII_LEAK("pii-leak", "PII in responses", List.of("safety.pii_in_response.rate")),
    ROLLOUT("rollout", "prompt rollout: drift, less grounded",
            List.of("drift.prompt_chars.detected", "drift.prompt_version.detected", "eval.groundedness.pass_rate")),
    LATENCY_THROTTLE("latency-throttle", "latency / throttling spike",
            List.of("ops.throttle_rate", "ops.latency.p95_ms")),
    COST_BURN("cost-burn", "cost burn", List.of("cost.usd"));

    private final String code;
    private final String title;
    private final List<String> signals;

    IncidentKind(String code, String title, List<String> signals) {
        this.code = code;
        this.title = title;
        this.signals = signals;
    }

    /** Short id, also the {@code incident} label of the demo's alert rules. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }

    /** Signals this incident moves on its segment, the first one being the headline. */
    public List<String> signals() {
        return signals;
    }

    static IncidentKind ofCode(String code) {
        for (IncidentKind kind : values()) {
            if (kind.code.equals(code)) {
                return kind;
            }
        }
        return null;
    }
}
