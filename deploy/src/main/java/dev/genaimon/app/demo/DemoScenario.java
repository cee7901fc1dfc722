package dev.genaimon.app.demo;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Who sends traffic in the demo and when each incident happens. At speed 1 the warm-up lasts 35 s, the five
 * incidents are staggered between 0:35 and 2:00, each lasting 35–45 s on its own segment, and the last minute is
 * quiet so every alert can resolve within the default three minutes. Speed {@code s} divides every time by s (and
 * the demo multiplies the rates and divides the windows by s, so each window holds the same traffic).
 */
final class DemoScenario {

    /** One incident on one segment, from {@code start} to {@code end} after the demo started. */
    record Scheduled(IncidentKind kind, DemoSegment segment, Duration start, Duration end) {
        boolean activeAt(Duration elapsed) {
            return elapsed.compareTo(start) >= 0 && elapsed.compareTo(end) < 0;
        }
    }

    static final DemoSegment ACME_SUPPORT = new DemoSegment("acme", "support-bot", DemoSegment.Kind.SUPPORT,
            "azure.ai.openai", "gpt-4o-mini", "support-gpt4o-mini", "support-answer", "v3", 3);
    static final DemoSegment ACME_DOCS = new DemoSegment("acme", "docs-assistant", DemoSegment.Kind.DOCS,
            "azure.ai.openai", "gpt-4o", "docs-gpt4o", "docs-answer", "v4", 5);
    static final DemoSegment GLOBEX_SUPPORT = new DemoSegment("globex", "support-bot", DemoSegment.Kind.SUPPORT,
            "azure.ai.openai", "gpt-4o-mini", "support-gpt4o-mini", "support-answer", "v2", 3);
    static final DemoSegment GLOBEX_SHOP = new DemoSegment("globex", "shop-agent", DemoSegment.Kind.SHOP_AGENT,
            "openai", "gpt-4.1", "shop-gpt41", "shop-agent", "v7", 3);
    static final DemoSegment INITECH_RESEARCH = new DemoSegment("initech", "research-agent",
            DemoSegment.Kind.RESEARCH_AGENT, "azure.ai.openai", "gpt-4o", "research-gpt4o", "research-brief", "v1", 2);
    /** No incident here: the control group that stays quiet. */
    static final DemoSegment INITECH_DOCS = new DemoSegment("initech", "docs-assistant", DemoSegment.Kind.DOCS,
            "azure.ai.openai", "gpt-4o", "docs-gpt4o", "docs-answer", "v4", 2);

    /** The prompt version the rollout incident ships (and rolls back). */
    static final String ROLLOUT_VERSION = "v5";

    private final List<DemoSegment> segments;
    private final List<Scheduled> incidents;
    private final double speed;

    private DemoScenario(List<DemoSegment> segments, List<Scheduled> incidents, double speed) {
        this.segments = segments;
        this.incidents = incidents;
        this.speed = speed;
    }

    /** The standard scenario at the given speed (1 = real time, a three-minute demo). */
    static DemoScenario standard(double speed) {
        if (!(speed > 0) || speed > 100) {
            throw new IllegalArgumentException("--speed must be in (0, 100], got " + speed);
        }
        List<DemoSegment> segments = List.of(ACME_SUPPORT, ACME_DOCS, GLOBEX_SUPPORT, GLOBEX_SHOP, INITECH_RESEARCH,
                INITECH_DOCS);
        List<Scheduled> incidents = List.of(
                at(IncidentKind.PROMPT_ATTACK, GLOBEX_SUPPORT, 35, 75, speed),
                at(IncidentKind.PII_LEAK, ACME_SUPPORT, 45, 85, speed),
                at(IncidentKind.ROLLOUT, ACME_DOCS, 55, 100, speed),
                at(IncidentKind.LATENCY_THROTTLE, GLOBEX_SHOP, 70, 110, speed),
                at(IncidentKind.COST_BURN, INITECH_RESEARCH, 85, 120, speed));
        return new DemoScenario(segments, incidents, speed);
    }

    private static Scheduled at(IncidentKind kind, DemoSegment segment, int startSeconds, int endSeconds,
                                double speed) {
        return new Scheduled(kind, segment, scaled(startSeconds, speed), scaled(endSeconds, speed));
    }

    private static Duration scaled(double seconds, double speed) {
        return Duration.ofMillis(Math.round(seconds * 1000 / speed));
    }

    /** A duration of the scenario at speed 1, at this scenario's speed. */
    Duration scaled(Duration atSpeedOne) {
        return Duration.ofMillis(Math.max(1, Math.round(atSpeedOne.toMillis() / speed)));
    }

    double speed() {
        return speed;
    }

    List<DemoSegment> segments() {
        return segments;
    }

    List<Scheduled> incidents() {
        return incidents;
    }

    /** The incidents running on a segment at this point of the demo. */
    Set<IncidentKind> activeOn(DemoSegment segment, Duration elapsed) {
        Set<IncidentKind> active = EnumSet.noneOf(IncidentKind.class);
        for (Scheduled incident : incidents) {
            if (incident.segment().equals(segment) && incident.activeAt(elapsed)) {
                active.add(incident.kind());
            }
        }
        return active;
    }

    /** When the last incident ends. */
    Duration lastIncidentEnd() {
        return incidents.stream().map(Scheduled::end).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
