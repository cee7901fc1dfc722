package dev.genaimon.app.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The CI gate of {@code genaimon eval run --gate GATE.yaml}:
 * <pre>
 * settings:                  # optional: evaluator settings, e.g. pass thresholds
 *   groundedness.threshold: 0.6
 * evaluators:
 *   groundedness:
 *     min_mean: 0.7          # mean score over scored (non-error) results
 *     min_pass_rate: 0.8     # passes / results (errors count as not passed)
 *     max_failures: 2        # results that did not pass, errors included
 *     max_errors: 0          # error results (e.g. no context)
 *     max_drop: 0.05         # mean may fall at most this much below the --baseline run's mean (skipped without)
 *   refusal:
 *     max_mean: 0.2
 * </pre>
 * An unknown key or a non-numeric limit is a usage error ({@link IllegalArgumentException}).
 */
public record Gate(Map<String, String> settings, Map<String, Map<String, Double>> rules) {

    static final Set<String> RULES = Set.of("min_mean", "max_mean", "min_pass_rate", "max_failures", "max_errors",
            "max_drop");

    /** One evaluated rule. */
    public record Check(String evaluator, String rule, double limit, double actual, boolean passed, String message) {
    }

    public static Gate load(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("gate " + file + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("gate " + file + ": expected a mapping with 'evaluators'");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!key.equals("settings") && !key.equals("evaluators")) {
                throw new IllegalArgumentException("gate " + file + ": unknown key '" + key
                        + "' (expected settings, evaluators)");
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        JsonNode s = root.path("settings");
        if (s.isObject()) {
            s.fields().forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        }
        Map<String, Map<String, Double>> rules = new LinkedHashMap<>();
        JsonNode evaluators = root.path("evaluators");
        if (!evaluators.isObject() || evaluators.isEmpty()) {
            throw new IllegalArgumentException("gate " + file + ": 'evaluators' must map evaluator names to rules");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = evaluators.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isObject()) {
                throw new IllegalArgumentException("gate " + file + ": rules of '" + e.getKey() + "' must be a mapping");
            }
            Map<String, Double> limits = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> r = e.getValue().fields(); r.hasNext(); ) {
                Map.Entry<String, JsonNode> rule = r.next();
                if (!RULES.contains(rule.getKey())) {
                    throw new IllegalArgumentException("gate " + file + ": unknown rule '" + rule.getKey() + "' for '"
                            + e.getKey() + "' (expected one of " + String.join(", ", new java.util.TreeSet<>(RULES)) + ")");
                }
                if (!rule.getValue().isNumber()) {
                    throw new IllegalArgumentException("gate " + file + ": " + e.getKey() + "." + rule.getKey()
                            + " must be a number");
                }
                limits.put(rule.getKey(), rule.getValue().asDouble());
            }
            rules.put(e.getKey(), limits);
        }
        return new Gate(settings, rules);
    }

    /**
     * Evaluates every rule; {@code baseline} may be empty (then a {@code max_drop} rule is skipped — it passes with a
     * message saying so — because a pipeline's first run has nothing to compare with).
     */
    public List<Check> evaluate(Map<String, EvaluatorStats> current, Map<String, EvaluatorStats> baseline) {
        List<Check> checks = new ArrayList<>();
        rules.forEach((evaluator, limits) -> {
            EvaluatorStats s = current.get(evaluator);
            limits.forEach((rule, limit) -> {
                if (s == null) {
                    checks.add(new Check(evaluator, rule, limit, Double.NaN, false,
                            "no results for " + evaluator + " (not among the evaluators run?)"));
                    return;
                }
                checks.add(switch (rule) {
                    case "min_mean" -> check(evaluator, rule, limit, s.mean(), s.mean() >= limit, "mean");
                    case "max_mean" -> check(evaluator, rule, limit, s.mean(), s.mean() <= limit, "mean");
                    case "min_pass_rate" -> check(evaluator, rule, limit, s.passRate(), s.passRate() >= limit, "pass rate");
                    case "max_failures" -> check(evaluator, rule, limit, s.failures(), s.failures() <= limit, "failures");
                    case "max_errors" -> check(evaluator, rule, limit, s.errors(), s.errors() <= limit, "errors");
                    case "max_drop" -> drop(evaluator, limit, s, baseline.get(evaluator));
                    default -> throw new IllegalStateException(rule);
                });
            });
        });
        return checks;
    }

    private static Check drop(String evaluator, double limit, EvaluatorStats s, EvaluatorStats before) {
        if (before == null || Double.isNaN(before.mean())) {
            // the first run of a pipeline has no baseline yet; say so rather than fail every first pull request
            return new Check(evaluator, "max_drop", limit, Double.NaN, true,
                    "skipped: no baseline scores for " + evaluator + " (--baseline)");
        }
        double drop = before.mean() - s.mean();
        return check(evaluator, "max_drop", limit, drop, drop <= limit,
                String.format("mean drop from %.3f", before.mean()));
    }

    private static Check check(String evaluator, String rule, double limit, double actual, boolean ok, String what) {
        // NaN (no scored results) never passes a mean rule: an empty run is not a good run
        boolean passed = ok && !Double.isNaN(actual);
        return new Check(evaluator, rule, limit, actual, passed, String.format("%s %s, limit %s %s", what,
                fmt(actual), rule.startsWith("min") ? "≥" : "≤", fmt(limit)));
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? String.valueOf((long) v) : String.format("%.3f", v);
    }
}
