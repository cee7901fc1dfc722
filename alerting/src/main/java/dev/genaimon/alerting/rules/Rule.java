package dev.genaimon.alerting.rules;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One validated alert rule (see docs/alerting.md, "Rules").
 *
 * @param signal      signal name pattern ({@code *} = any run of characters); for burn rate the error-rate signal
 * @param condition   null for absence and burn rate
 * @param forSpan     for absence: the silence duration
 * @param burnWindows burn rate only
 * @param objective   burn rate only (success ratio, e.g. 0.99)
 * @param line        line of the rule in its file, for messages
 */
public record Rule(String name, RuleKind kind, String signal, List<LabelMatcher> matchers, Condition condition,
                   long minSamples, Span forSpan, Span keepFiringFor, Severity severity, Map<String, String> labels,
                   Map<String, Template> annotations, boolean retrain, Duration retrainCooldown,
                   double objective, List<BurnWindow> burnWindows, ChangeMode changeMode, int line) {

    /** Signal names a burn-rate rule reads. */
    public static final String ERROR_RATE = "ops.error_rate";
    public static final String REQUEST_COUNT = "ops.request_count";

    public Rule {
        matchers = List.copyOf(matchers);
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
        burnWindows = List.copyOf(burnWindows);
    }

    /** Whether this rule reads a signal of this name. */
    public boolean readsSignal(String name) {
        if (kind == RuleKind.BURN_RATE) {
            return name.equals(ERROR_RATE) || name.equals(REQUEST_COUNT);
        }
        if (signal.indexOf('*') < 0) {
            return signal.equals(name);
        }
        return WILDCARDS.computeIfAbsent(signal, Rule::wildcard).matcher(name).matches();
    }

    /** Compiled wildcard patterns by signal pattern (a record cannot hold a derived field; rules are few). */
    private static final java.util.Map<String, Pattern> WILDCARDS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Pattern wildcard(String signal) {
        StringBuilder regex = new StringBuilder();
        for (String part : signal.split("\\*", -1)) {
            if (regex.length() > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    /** Whether every matcher holds for these labels (segment labels + signal labels). */
    public boolean matches(Map<String, String> labels) {
        for (LabelMatcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    /** The longest span a burn-rate rule looks back over. */
    public Duration longestBurnSpan() {
        return burnWindows.stream().map(BurnWindow::longSpan).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
