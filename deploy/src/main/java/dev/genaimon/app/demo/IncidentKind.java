package dev.genaimon.app.demo;

/** The incidents the demo injects (the signals each one moves: {@link DemoRecap#signalCheck}). */
public enum IncidentKind {
    PROMPT_ATTACK("prompt-attack", "prompt-attack surge"),
    PII_LEAK("pii-leak", "PII in responses"),
    ROLLOUT("rollout", "prompt rollout: drift, less grounded"),
    LATENCY_THROTTLE("latency-throttle", "latency / throttling spike"),
    COST_BURN("cost-burn", "cost burn");

    private final String code;
    private final String title;

    IncidentKind(String code, String title) {
        this.code = code;
        this.title = title;
    }

    /** Short id, also the {@code incident} label of the demo's alert rules. */
    public String code() {
        return code;
    }

    public String title() {
        return title;
    }
}
