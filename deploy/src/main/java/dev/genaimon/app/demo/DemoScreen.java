package dev.genaimon.app.demo;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's live summary and final recap, as text; ANSI colours only when asked (a terminal). */
final class DemoScreen {

    /** Everything one frame shows. */
    record Frame(Duration elapsed, Duration total, double interactionsPerSecond, long interactions, long feedback,
                 long dropped, List<String> stagesNotRunning, DemoWatcher.View view) {
    }

    private static final String CLEAR = "\033[H\033[2J";
    private final DemoScenario scenario;
    private final Instant start;
    private final boolean ansi;

    DemoScreen(DemoScenario scenario, Instant start, boolean ansi) {
        this.scenario = scenario;
        this.start = start;
        this.ansi = ansi;
    }

    /** The banner printed once at start. */
    String banner(String dashboardUrl, String kafka, Duration total) {
        return bold("genaimon demo") + " — " + scenario.segments().size() + " segments, "
                + scenario.incidents().size() + " incidents in " + clock(total) + (scenario.speed() == 1 ? ""
                : " (speed ×" + number(scenario.speed()) + ")") + "\n"
                + "  dashboard  " + dashboardUrl + "\n"
                + "  kafka      " + kafka + "\n"
                + "  afterwards ./genaimon tail genaimon.alerts.v1 --from-beginning\n";
    }

    /** The live summary. */
    String render(Frame frame) {
        StringBuilder out = new StringBuilder();
        if (ansi) {
            out.append(CLEAR);
        }
        out.append(bold("genaimon demo")).append("  ").append(clock(frame.elapsed())).append(" / ")
                .append(clock(frame.total())).append('\n');
        out.append(String.format(Locale.ROOT, "traffic    %.1f interactions/s   sent %d   feedback %d%s%n",
                frame.interactionsPerSecond(), frame.interactions(), frame.feedback(),
                frame.dropped() > 0 ? "   dropped " + frame.dropped() : ""));
        out.append("stages     ").append(frame.stagesNotRunning().isEmpty() ? green("all running")
                : yellow(String.join(", ", frame.stagesNotRunning()))).append("   signals ")
                .append(signalCounts(frame.view().signals())).append('\n');
        out.append('\n').append(bold("incidents")).append('\n');
        for (DemoScenario.Scheduled incident : scenario.incidents()) {
            String state = frame.elapsed().compareTo(incident.start()) < 0 ? "scheduled"
                    : frame.elapsed().compareTo(incident.end()) < 0 ? red("ACTIVE   ") : green("recovered");
            DemoRecap.SignalCheck check = DemoRecap.signalCheck(incident, frame.view().signals(), start);
            out.append(String.format(Locale.ROOT, "  %-9s %-30s %-40s %s–%s  %s%n", state,
                    incident.kind().title(), incident.segment().id(), clock(incident.start()), clock(incident.end()),
                    frame.elapsed().compareTo(incident.start()) < 0 ? "" : check.summary()));
        }
        Map<String, AlertEvent> latest = latestByFingerprint(frame.view().alerts());
        List<AlertEvent> firing = latest.values().stream().filter(a -> "firing".equals(a.getStatus())).toList();
        List<AlertEvent> resolved = latest.values().stream().filter(a -> "resolved".equals(a.getStatus())).toList();
        out.append('\n').append(bold("alerts firing (" + firing.size() + ")")).append('\n');
        firing.forEach(a -> out.append("  ").append(red(a.getSeverity().toUpperCase(Locale.ROOT))).append(' ')
                .append(describe(a)).append('\n'));
        out.append(bold("alerts resolved (" + resolved.size() + ")")).append('\n');
        resolved.forEach(a -> out.append("  ").append(green("RESOLVED")).append(' ').append(describe(a)).append('\n'));
        out.append(bold("retraining triggers (" + frame.view().triggers().size() + ")")).append('\n');
        frame.view().triggers().forEach(t -> out.append("  ").append(describe(t)).append('\n'));
        return out.toString();
    }

    /** One plain line, for logs and pipes (no terminal). */
    String line(Frame frame) {
        Map<String, AlertEvent> latest = latestByFingerprint(frame.view().alerts());
        long firing = latest.values().stream().filter(a -> "firing".equals(a.getStatus())).count();
        long resolved = latest.values().stream().filter(a -> "resolved".equals(a.getStatus())).count();
        List<String> active = new ArrayList<>();
        for (DemoScenario.Scheduled incident : scenario.incidents()) {
            if (incident.activeAt(frame.elapsed())) {
                active.add(incident.kind().code());
            }
        }
        return String.format(Locale.ROOT, "[%s] %.1f interactions/s, sent %d; incidents active: %s; signals %s; "
                        + "alerts firing %d, resolved %d; retraining triggers %d%s", clock(frame.elapsed()),
                frame.interactionsPerSecond(), frame.interactions(), active.isEmpty() ? "none" : String.join(",", active),
                signalCounts(frame.view().signals()), firing, resolved, frame.view().triggers().size(),
                frame.stagesNotRunning().isEmpty() ? "" : "; not running: " + frame.stagesNotRunning());
    }

    /** A plain line per alert transition or trigger, for logs and pipes. */
    String event(AlertEvent alert) {
        return "[" + clock(Duration.between(start, alert.getTransitionAt())) + "] alert " + alert.getStatus() + ": "
                + describe(alert);
    }

    String event(RetrainingTrigger trigger) {
        return "[" + clock(Duration.between(start, trigger.getCreatedAt())) + "] retraining trigger: "
                + describe(trigger);
    }

    /** The table printed at the end. */
    String recap(List<DemoRecap.Row> rows, int triggers) {
        StringBuilder out = new StringBuilder("\n").append(bold("recap")).append('\n');
        out.append(String.format(Locale.ROOT, "  %-38s %-8s %-8s %-20s %s%n", "incident", "fired", "resolved",
                "alert", "signals"));
        for (DemoRecap.Row row : rows) {
            out.append(String.format(Locale.ROOT, "  %-38s %-8s %-8s %-20s %s%n", row.incident().kind().title(),
                    row.firedAt() == null ? "–" : clock(row.firedAt()),
                    row.resolvedAt() == null ? "–" : clock(row.resolvedAt()),
                    row.alertRule() == null ? "(no alert)" : row.alertRule(),
                    (row.signalMoved() ? "moved: " : "did not move: ") + row.signalSummary()));
        }
        out.append("  retraining triggers: ").append(triggers).append('\n');
        boolean ok = DemoRecap.exitCode(rows) == 0;
        out.append(ok ? green("every incident fired an alert that resolved") + "\n"
                : yellow("not every incident fired and resolved an alert (exit code 1)") + "\n");
        return out.toString();
    }

    private String describe(AlertEvent alert) {
        StringBuilder out = new StringBuilder(alert.getRule()).append("  ").append(DemoRecap.segmentOf(alert));
        if (alert.getValue() != null) {
            out.append("  value ").append(number(alert.getValue()));
        }
        out.append("  since ").append(clock(Duration.between(start, alert.getStartsAt())));
        String summary = alert.getAnnotations() == null ? null : alert.getAnnotations().get("summary");
        if (summary != null) {
            out.append("  — ").append(summary);
        }
        out.append(evidence(alert.getEvidence()));
        if (alert.getRetrain()) {
            out.append("  [retrain]");
        }
        return out.toString();
    }

    private String describe(RetrainingTrigger trigger) {
        return trigger.getModelDeployment() + "  cause " + trigger.getCause() + "  rule " + trigger.getRule() + "  — "
                + trigger.getReason() + evidence(trigger.getEvidence());
    }

    private static String evidence(Evidence evidence) {
        if (evidence == null) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        List<String> ids = evidence.getInteractionIds();
        if (ids != null && !ids.isEmpty()) {
            out.append("  evidence: ").append(String.join(", ", ids.subList(0, Math.min(3, ids.size()))));
            if (ids.size() > 3) {
                out.append(" …");
            }
        }
        List<String> features = evidence.getFeatures();
        if (features != null && !features.isEmpty()) {
            out.append("  features: ").append(String.join(", ", features.subList(0, Math.min(4, features.size()))));
        }
        if (evidence.getNote() != null && !evidence.getNote().isBlank()) {
            out.append("  (").append(evidence.getNote()).append(')');
        }
        return out.toString();
    }

    private static Map<String, AlertEvent> latestByFingerprint(List<AlertEvent> alerts) {
        Map<String, AlertEvent> latest = new LinkedHashMap<>();
        alerts.forEach(a -> {
            latest.remove(a.getFingerprint());
            latest.put(a.getFingerprint(), a);
        });
        return latest;
    }

    private static String signalCounts(List<Signal> signals) {
        Map<String, Integer> byStage = new LinkedHashMap<>();
        for (String stage : List.of("safety", "ops", "cost", "drift", "eval")) {
            byStage.put(stage, 0);
        }
        for (Signal signal : signals) {
            String stage = signal.getName().substring(0, Math.max(0, signal.getName().indexOf('.')));
            byStage.computeIfPresent(stage, (k, v) -> v + 1);
        }
        List<String> parts = new ArrayList<>();
        byStage.forEach((stage, count) -> parts.add(stage + " " + count));
        return String.join(", ", parts);
    }

    static String clock(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    private static String number(double value) {
        return DemoRecap.number(value);
    }

    private String bold(String text) {
        return ansi ? "\033[1m" + text + "\033[0m" : text;
    }

    private String red(String text) {
        return ansi ? "\033[31m" + text + "\033[0m" : text;
    }

    private String green(String text) {
        return ansi ? "\033[32m" + text + "\033[0m" : text;
    }

    private String yellow(String text) {
        return ansi ? "\033[33m" + text + "\033[0m" : text;
    }
}
