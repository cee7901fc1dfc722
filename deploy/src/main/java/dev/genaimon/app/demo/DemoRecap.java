package dev.genaimon.app.demo;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * What happened to each incident: did its signals move on its segment, did an alert fire and resolve. An alert
 * belongs to an incident when it is about the incident's segment, began after the incident did (give or take the
 * window it began in) and, when it has an {@code incident} label (the demo's rules set one), the label names it.
 */
final class DemoRecap {

    /** One incident's outcome; times are offsets from the start of the demo, null when it did not happen. */
    record Row(DemoScenario.Scheduled incident, String signalSummary, boolean signalMoved, String alertRule,
               Duration firedAt, Duration resolvedAt) {
        boolean firedAndResolved() {
            return firedAt != null && resolvedAt != null;
        }
    }

    private DemoRecap() {
    }

    static List<Row> of(DemoScenario scenario, DemoWatcher.View view, Instant start) {
        List<Row> rows = new ArrayList<>();
        // an alert's startsAt may be the start of the window the incident began in
        Duration slack = scenario.scaled(Duration.ofSeconds(25));
        for (DemoScenario.Scheduled incident : scenario.incidents()) {
            SignalCheck check = signalCheck(incident, view.signals(), start);
            Instant earliest = start.plus(incident.start()).minus(slack);
            // per alert (fingerprint): its first firing and the first resolution after it
            Map<String, AlertEvent[]> byFingerprint = new LinkedHashMap<>();
            for (AlertEvent event : view.alerts()) {
                if (!belongsTo(event, incident, earliest)) {
                    continue;
                }
                AlertEvent[] pair = byFingerprint.computeIfAbsent(event.getFingerprint(), f -> new AlertEvent[2]);
                if (pair[0] == null && "firing".equals(event.getStatus())) {
                    pair[0] = event;
                } else if (pair[0] != null && pair[1] == null && "resolved".equals(event.getStatus())) {
                    pair[1] = event;
                }
            }
            // the alert that fired and resolved first, else the first that fired
            AlertEvent[] chosen = byFingerprint.values().stream().filter(p -> p[0] != null)
                    .min(Comparator.<AlertEvent[]>comparingInt(p -> p[1] == null ? 1 : 0)
                            .thenComparing(p -> p[0].getTransitionAt()))
                    .orElse(new AlertEvent[2]);
            rows.add(new Row(incident, check.summary(), check.moved(), chosen[0] == null ? null : chosen[0].getRule(),
                    chosen[0] == null ? null : Duration.between(start, chosen[0].getTransitionAt()),
                    chosen[1] == null ? null : Duration.between(start, chosen[1].getTransitionAt())));
        }
        return rows;
    }

    /** 0 when every incident's alert fired and resolved, else 1. */
    static int exitCode(List<Row> rows) {
        return rows.stream().allMatch(Row::firedAndResolved) ? 0 : 1;
    }

    /** Whether an alert is about the incident: its label (else its segment) and it began since {@code earliest}. */
    static boolean belongsTo(AlertEvent event, DemoScenario.Scheduled incident, Instant earliest) {
        if (event.getStartsAt().isBefore(earliest)) {
            return false;
        }
        String label = event.getLabels() == null ? null : event.getLabels().get("incident");
        if (label != null) {
            return label.equals(incident.kind().code()) && segmentOf(event).equals(incident.segment().id());
        }
        return segmentOf(event).equals(incident.segment().id());
    }

    static String segmentOf(AlertEvent event) {
        if (event.getSegment() != null) {
            return event.getSegment().getId();
        }
        var labels = event.getLabels();
        return labels == null ? "" : labels.getOrDefault("tenant", "") + "/" + labels.getOrDefault("app", "") + "/"
                + labels.getOrDefault("model", "");
    }

    record SignalCheck(boolean moved, String summary) {
    }

    /**
     * Whether the incident's headline signal moved on its segment: the largest value of the windows that overlap
     * the incident against the largest of the windows before it (rates, latency, cost), or any drift detection.
     */
    static SignalCheck signalCheck(DemoScenario.Scheduled incident, List<Signal> signals, Instant start) {
        Instant from = start.plus(incident.start());
        Instant to = start.plus(incident.end());
        String segment = incident.segment().id();
        return switch (incident.kind()) {
            case PROMPT_ATTACK -> rate(signals, segment, "safety.injection.rate", from, to);
            case PII_LEAK -> rate(signals, segment, "safety.pii_in_response.rate", from, to);
            case LATENCY_THROTTLE -> {
                SignalCheck throttle = rate(signals, segment, "ops.throttle_rate", from, to);
                SignalCheck latency = factor(signals, segment, "ops.latency.p95_ms", from, to, 2.5);
                yield new SignalCheck(throttle.moved() && latency.moved(),
                        throttle.summary() + ", " + latency.summary());
            }
            case COST_BURN -> factor(signals, segment, "cost.usd", from, to, 5);
            case ROLLOUT -> drift(signals, segment, from, to);
        };
    }

    private static SignalCheck rate(List<Signal> signals, String segment, String name, Instant from, Instant to) {
        double before = peak(signals, segment, name, Instant.EPOCH, from, true);
        double during = peak(signals, segment, name, from, to, false);
        boolean moved = during >= 0.2 && during >= before + 0.15;
        return new SignalCheck(moved, name + " " + number(before) + " → " + number(during));
    }

    private static SignalCheck factor(List<Signal> signals, String segment, String name, Instant from, Instant to,
                                      double factor) {
        double before = peak(signals, segment, name, Instant.EPOCH, from, true);
        double during = peak(signals, segment, name, from, to, false);
        boolean moved = before > 0 && during >= factor * before;
        return new SignalCheck(moved, name + " " + number(before) + " → " + number(during));
    }

    private static SignalCheck drift(List<Signal> signals, String segment, Instant from, Instant to) {
        List<String> drifted = new ArrayList<>();
        for (Signal signal : signals) {
            String name = signal.getName();
            if (signal.getSegment().getId().equals(segment) && name.startsWith("drift.") && name.endsWith(".detected")
                    && signal.getValue() >= 1 && overlaps(signal, from, to.plusSeconds(60))) {
                String feature = name.substring("drift.".length(), name.length() - ".detected".length());
                if (!drifted.contains(feature)) {
                    drifted.add(feature);
                }
            }
        }
        // the features the rollout changes on purpose first, then the others in the order they were reported
        List<String> first = List.of("prompt_chars", "prompt_version", "system_prompt_chars", "input_tokens");
        drifted.sort(java.util.Comparator.comparingInt(f -> first.contains(f) ? first.indexOf(f) : first.size()));
        double groundedBefore = lowest(signals, segment, "eval.groundedness.pass_rate", Instant.EPOCH, from);
        double groundedDuring = lowest(signals, segment, "eval.groundedness.pass_rate", from, to);
        String grounded = Double.isNaN(groundedDuring) ? "" : ", eval.groundedness.pass_rate "
                + number(groundedBefore) + " → " + number(groundedDuring);
        return new SignalCheck(!drifted.isEmpty(), (drifted.isEmpty() ? "no drift detected"
                : "drift in " + String.join(", ", drifted.subList(0, Math.min(4, drifted.size())))
                + (drifted.size() > 4 ? " …" : "")) + grounded);
    }

    /** The largest value of the windows overlapping [from, to) (only those inside it when {@code inside}). */
    private static double peak(List<Signal> signals, String segment, String name, Instant from, Instant to,
                               boolean inside) {
        double peak = 0;
        for (Signal signal : signals) {
            boolean inWindow = inside ? !signal.getWindowStart().isBefore(from) && !signal.getWindowEnd().isAfter(to)
                    : overlaps(signal, from, to);
            if (signal.getName().equals(name) && signal.getSegment().getId().equals(segment) && inWindow
                    && signal.getLabels().isEmpty()) {
                peak = Math.max(peak, signal.getValue());
            }
        }
        return peak;
    }

    private static double lowest(List<Signal> signals, String segment, String name, Instant from, Instant to) {
        double lowest = Double.NaN;
        for (Signal signal : signals) {
            if (signal.getName().equals(name) && signal.getSegment().getId().equals(segment) && overlaps(signal, from, to)) {
                lowest = Double.isNaN(lowest) ? signal.getValue() : Math.min(lowest, signal.getValue());
            }
        }
        return lowest;
    }

    private static boolean overlaps(Signal signal, Instant from, Instant to) {
        return signal.getWindowEnd().isAfter(from) && signal.getWindowStart().isBefore(to);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        if (value >= 100) {
            return String.format(Locale.ROOT, "%.0f", value);
        }
        return String.format(Locale.ROOT, value >= 10 ? "%.1f" : "%.2f", value);
    }
}
