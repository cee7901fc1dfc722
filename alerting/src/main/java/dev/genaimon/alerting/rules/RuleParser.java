package dev.genaimon.alerting.rules;

import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses and validates a rule file. Works on SnakeYAML's node tree (not on bound objects) so every error carries the
 * line it is about; collects all errors instead of stopping at the first.
 */
public final class RuleParser {

    static final List<String> KEYS = List.of("name", "kind", "signal", "match", "condition", "min_samples", "for",
            "keep_firing_for", "severity", "labels", "annotations", "retrain", "retrain_cooldown", "objective",
            "windows", "mode");
    static final Set<String> ANNOTATIONS = Set.of("summary", "description", "runbook_url");
    static final Duration DEFAULT_COOLDOWN = Duration.ofHours(24);

    private final String file;
    private final List<RuleError> errors = new ArrayList<>();

    private RuleParser(String file) {
        this.file = file;
    }

    /**
     * @param file name used in error messages
     * @throws RuleValidationException with every problem found
     */
    public static RuleSet parse(String text, String file) throws RuleValidationException {
        RuleParser parser = new RuleParser(file);
        List<Rule> rules = parser.parseFile(text);
        if (!parser.errors.isEmpty()) {
            throw new RuleValidationException(parser.errors);
        }
        return new RuleSet(file, rules);
    }

    private List<Rule> parseFile(String text) {
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? e.getProblemMark().getLine() + 1 : 1;
            errors.add(new RuleError(file, line, null, "not valid YAML: " + e.getProblem()));
            return List.of();
        } catch (YAMLException e) {
            errors.add(new RuleError(file, 1, null, "not valid YAML: " + e.getMessage()));
            return List.of();
        }
        if (root == null) {
            errors.add(new RuleError(file, 1, null, "empty rule file (expected 'rules:' with a list of rules)"));
            return List.of();
        }
        if (!(root instanceof MappingNode top)) {
            errors.add(new RuleError(file, line(root), null, "expected a mapping with 'rules:'"));
            return List.of();
        }
        SequenceNode list = null;
        for (NodeTuple t : top.getValue()) {
            String key = scalar(t.getKeyNode());
            if ("rules".equals(key) && t.getValueNode() instanceof SequenceNode s) {
                list = s;
            } else if ("rules".equals(key)) {
                errors.add(new RuleError(file, line(t.getValueNode()), null, "'rules' must be a list"));
                return List.of();
            } else {
                errors.add(new RuleError(file, line(t.getKeyNode()), null, "unknown key '" + key
                        + "' (expected 'rules')"));
            }
        }
        if (list == null) {
            if (errors.isEmpty()) {
                errors.add(new RuleError(file, line(root), null, "missing 'rules:'"));
            }
            return List.of();
        }
        List<Rule> rules = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node item : list.getValue()) {
            Rule rule = parseRule(item, seen);
            if (rule != null) {
                rules.add(rule);
            }
        }
        return rules;
    }

    private Rule parseRule(Node item, Map<String, Integer> seen) {
        if (!(item instanceof MappingNode map)) {
            errors.add(new RuleError(file, line(item), null, "a rule must be a mapping (name, kind, signal, ...)"));
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new HashMap<>();
        List<String> unknown = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            String key = scalar(t.getKeyNode());
            if (key == null || !KEYS.contains(key)) {
                unknown.add(key);
                keyLines.put("?" + key, line(t.getKeyNode()));
            } else if (fields.containsKey(key)) {
                unknown.add(null);
                keyLines.put("?dup", line(t.getKeyNode()));
            } else {
                fields.put(key, t.getValueNode());
                keyLines.put(key, line(t.getKeyNode()));
            }
        }
        int errorsBefore = errors.size();
        Node nameNode = fields.get("name");
        String name = nameNode == null ? null : scalar(nameNode);
        if (name == null || name.isBlank()) {
            errors.add(new RuleError(file, line(item), null, "missing 'name'"));
            name = null;
        } else if (!name.matches("[A-Za-z0-9_.-]+")) {
            error(nameNode, name, "bad name (letters, digits, '_', '-', '.' only)");
        } else if (seen.containsKey(name)) {
            error(nameNode, name, "duplicate rule name (first at line " + seen.get(name) + ")");
        } else {
            seen.put(name, line(nameNode));
        }
        final String rule = name;
        for (String key : unknown) {
            if (key == null) {
                // a key YAML cannot name (e.g. a sequence used as a key) has no line of its own: the rule's line
                errors.add(new RuleError(file, keyLines.getOrDefault("?dup", line(item)), rule, "duplicate key"));
            } else {
                errors.add(new RuleError(file, keyLines.getOrDefault("?" + key, line(item)), rule, "unknown key '"
                        + key + "' (known: " + String.join(", ", KEYS) + ")"));
            }
        }

        RuleKind kind = RuleKind.THRESHOLD;
        if (fields.containsKey("kind")) {
            String k = text(fields.get("kind"), rule, "kind");
            try {
                kind = k == null ? kind : RuleKind.valueOf(k.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(fields.get("kind"), rule, "unknown kind '" + k
                        + "' (expected threshold, burn_rate, absence, rate_of_change)");
            }
        }
        String signal = fields.containsKey("signal") ? text(fields.get("signal"), rule, "signal") : null;
        if (signal == null && kind != RuleKind.BURN_RATE && !fields.containsKey("signal")) {
            errors.add(new RuleError(file, line(item), rule, "missing 'signal'"));
        }
        if (kind == RuleKind.BURN_RATE) {
            signal = Rule.ERROR_RATE;
        }

        List<LabelMatcher> matchers = new ArrayList<>();
        if (fields.containsKey("match")) {
            for (Map.Entry<String, Node> e : stringMap(fields.get("match"), rule, "match").entrySet()) {
                String spec = text(e.getValue(), rule, "match." + e.getKey());
                if (spec != null) {
                    try {
                        matchers.add(LabelMatcher.parse(e.getKey(), spec));
                    } catch (IllegalArgumentException ex) {
                        error(e.getValue(), rule, ex.getMessage());
                    }
                }
            }
        }

        Condition condition = null;
        if (fields.containsKey("condition")) {
            if (kind == RuleKind.ABSENCE || kind == RuleKind.BURN_RATE) {
                error(fields.get("condition"), rule, "'condition' is not used by " + kind.yamlName() + " rules");
            } else {
                String c = text(fields.get("condition"), rule, "condition");
                if (c != null) {
                    try {
                        condition = Condition.parse(c);
                    } catch (IllegalArgumentException ex) {
                        error(fields.get("condition"), rule, ex.getMessage());
                    }
                }
            }
        } else if (kind == RuleKind.THRESHOLD || kind == RuleKind.RATE_OF_CHANGE) {
            errors.add(new RuleError(file, line(item), rule, "missing 'condition'"));
        }

        long minSamples = 0;
        if (fields.containsKey("min_samples")) {
            Long n = nonNegativeLong(fields.get("min_samples"), rule, "min_samples");
            minSamples = n == null ? 0 : n;
        }
        Span forSpan = fields.containsKey("for") ? span(fields.get("for"), rule, "for") : Span.ZERO;
        if (kind == RuleKind.ABSENCE && (forSpan == null || forSpan.duration().isZero())) {
            errors.add(new RuleError(file, fields.containsKey("for") ? line(fields.get("for")) : line(item), rule,
                    "absence rules need 'for' as a duration (how long the signal may be missing), e.g. 15m"));
        }
        Span keep = fields.containsKey("keep_firing_for")
                ? span(fields.get("keep_firing_for"), rule, "keep_firing_for") : Span.ZERO;

        Severity severity = Severity.WARNING;
        if (fields.containsKey("severity")) {
            String s = text(fields.get("severity"), rule, "severity");
            try {
                severity = s == null ? severity : Severity.valueOf(s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                error(fields.get("severity"), rule, "unknown severity '" + s + "' (expected critical, warning, info)");
            }
        }

        Map<String, String> labels = new LinkedHashMap<>();
        if (fields.containsKey("labels")) {
            stringMap(fields.get("labels"), rule, "labels").forEach((k, v) -> {
                String value = text(v, rule, "labels." + k);
                if (value != null) {
                    labels.put(k, value);
                }
            });
        }
        Map<String, Template> annotations = new LinkedHashMap<>();
        if (fields.containsKey("annotations")) {
            stringMap(fields.get("annotations"), rule, "annotations").forEach((k, v) -> {
                if (!ANNOTATIONS.contains(k)) {
                    error(v, rule, "unknown annotation '" + k + "' (expected summary, description, runbook_url)");
                    return;
                }
                String value = text(v, rule, "annotations." + k);
                if (value != null) {
                    try {
                        annotations.put(k, Template.parse(value));
                    } catch (IllegalArgumentException ex) {
                        error(v, rule, "annotation '" + k + "': " + ex.getMessage());
                    }
                }
            });
        }

        boolean retrain = false;
        if (fields.containsKey("retrain")) {
            String r = text(fields.get("retrain"), rule, "retrain");
            if ("true".equals(r) || "false".equals(r)) {
                retrain = Boolean.parseBoolean(r);
            } else if (r != null) {
                error(fields.get("retrain"), rule, "'retrain' must be true or false, got '" + r + "'");
            }
        }
        Duration cooldown = DEFAULT_COOLDOWN;
        if (fields.containsKey("retrain_cooldown")) {
            Duration d = duration(fields.get("retrain_cooldown"), rule, "retrain_cooldown");
            cooldown = d == null ? cooldown : d;
        }

        double objective = 0;
        List<BurnWindow> windows = new ArrayList<>();
        if (kind == RuleKind.BURN_RATE) {
            if (!fields.containsKey("objective")) {
                errors.add(new RuleError(file, line(item), rule, "burn_rate rules need 'objective' (e.g. 0.99)"));
            } else {
                Double o = number(fields.get("objective"), rule, "objective");
                if (o != null && (o <= 0 || o >= 1)) {
                    error(fields.get("objective"), rule, "'objective' must be between 0 and 1 (exclusive), got " + o);
                } else if (o != null) {
                    objective = o;
                }
            }
            if (!fields.containsKey("windows")) {
                errors.add(new RuleError(file, line(item), rule,
                        "burn_rate rules need 'windows' (e.g. [{short: 5m, long: 1h, factor: 14.4}])"));
            } else {
                windows = burnWindows(fields.get("windows"), rule);
            }
        } else {
            for (String key : List.of("objective", "windows")) {
                if (fields.containsKey(key)) {
                    error(fields.get(key), rule, "'" + key + "' is only used by burn_rate rules");
                }
            }
        }
        ChangeMode mode = ChangeMode.RATIO;
        if (fields.containsKey("mode")) {
            if (kind != RuleKind.RATE_OF_CHANGE) {
                error(fields.get("mode"), rule, "'mode' is only used by rate_of_change rules");
            } else {
                String m = text(fields.get("mode"), rule, "mode");
                try {
                    mode = m == null ? mode : ChangeMode.valueOf(m.toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    error(fields.get("mode"), rule, "unknown mode '" + m + "' (expected ratio, delta, relative)");
                }
            }
        }
        if (errors.size() > errorsBefore || rule == null) {
            return null;
        }
        return new Rule(rule, kind, signal, matchers, condition, minSamples, forSpan, keep, severity, labels,
                annotations, retrain, cooldown, objective, windows, mode, line(item));
    }

    private List<BurnWindow> burnWindows(Node node, String rule) {
        List<BurnWindow> windows = new ArrayList<>();
        if (!(node instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            error(node, rule, "'windows' must be a non-empty list of {short, long, factor}");
            return windows;
        }
        for (Node w : seq.getValue()) {
            Map<String, Node> m = stringMap(w, rule, "windows");
            for (String key : m.keySet()) {
                if (!Set.of("short", "long", "factor").contains(key)) {
                    error(m.get(key), rule, "unknown key '" + key + "' in windows (expected short, long, factor)");
                }
            }
            if (!m.containsKey("short") || !m.containsKey("long") || !m.containsKey("factor")) {
                error(w, rule, "each burn-rate window needs short, long and factor");
                continue;
            }
            Duration s = duration(m.get("short"), rule, "short");
            Duration l = duration(m.get("long"), rule, "long");
            Double f = number(m.get("factor"), rule, "factor");
            if (s != null && l != null && f != null) {
                if (s.compareTo(l) >= 0 || s.isZero()) {
                    error(w, rule, "burn-rate window: short (" + DurationText.format(s) + ") must be positive and "
                            + "shorter than long (" + DurationText.format(l) + ")");
                } else if (f <= 0) {
                    error(m.get("factor"), rule, "'factor' must be positive");
                } else {
                    windows.add(new BurnWindow(s, l, f));
                }
            }
        }
        return windows;
    }

    private Span span(Node node, String rule, String key) {
        String t = text(node, rule, key);
        if (t == null) {
            return null;
        }
        if (t.strip().matches("\\d+")) {
            try {
                return Span.ofWindows(Integer.parseInt(t.strip()));
            } catch (NumberFormatException e) {
                error(node, rule, "'" + key + "' is too large: " + t);
                return null;
            }
        }
        Duration d = duration(node, rule, key);
        return d == null ? null : Span.of(d);
    }

    private Duration duration(Node node, String rule, String key) {
        String t = text(node, rule, key);
        if (t == null) {
            return null;
        }
        try {
            return DurationText.parse(t);
        } catch (IllegalArgumentException e) {
            error(node, rule, "bad duration '" + t + "' for '" + key + "' (expected e.g. 90s, 10m, 1h, 1d)");
            return null;
        }
    }

    private Double number(Node node, String rule, String key) {
        String t = text(node, rule, key);
        if (t == null) {
            return null;
        }
        try {
            double v = Double.parseDouble(t.strip());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        error(node, rule, "'" + key + "' must be a number, got '" + t + "'");
        return null;
    }

    private Long nonNegativeLong(Node node, String rule, String key) {
        String t = text(node, rule, key);
        if (t != null && t.strip().matches("\\d{1,18}")) {
            return Long.parseLong(t.strip());
        }
        if (t != null) {
            error(node, rule, "'" + key + "' must be a non-negative integer, got '" + t + "'");
        }
        return null;
    }

    private Map<String, Node> stringMap(Node node, String rule, String key) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (!(node instanceof MappingNode map)) {
            error(node, rule, "'" + key + "' must be a mapping");
            return out;
        }
        for (NodeTuple t : map.getValue()) {
            String k = scalar(t.getKeyNode());
            if (k == null) {
                error(t.getKeyNode(), rule, "keys of '" + key + "' must be strings");
            } else {
                out.put(k, t.getValueNode());
            }
        }
        return out;
    }

    /** A scalar's text, or null (and an error) for a list or mapping. */
    private String text(Node node, String rule, String key) {
        String s = scalar(node);
        if (s == null) {
            error(node, rule, "'" + key + "' must be a single value, not a list or mapping");
        }
        return s;
    }

    private static String scalar(Node node) {
        return node instanceof ScalarNode s ? s.getValue() : null;
    }

    private void error(Node node, String rule, String reason) {
        errors.add(new RuleError(file, line(node), rule, reason));
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 1 : node.getStartMark().getLine() + 1;
    }
}
