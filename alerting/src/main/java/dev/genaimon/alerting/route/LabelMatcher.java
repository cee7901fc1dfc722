package dev.genaimon.alerting.route;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One Alertmanager label matcher: {@code severity="critical"}, {@code team=~"db|infra"}, {@code env!="dev"},
 * {@code tier!~"test.*"}. Regular expressions match the whole value, as in Alertmanager; a missing label is the empty
 * string.
 */
public final class LabelMatcher {

    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*([a-zA-Z_][a-zA-Z0-9_.]*)\\s*(=~|!~|!=|=)\\s*(?:\"((?:[^\"\\\\]|\\\\.)*)\"|'([^']*)'|((?:[^\"'\\s=~!][^\"'\\s]*)?))\\s*");

    private final String name;
    private final String op;
    private final String value;
    private final Pattern regex;

    public LabelMatcher(String name, String op, String value) {
        this.name = Objects.requireNonNull(name);
        this.op = Objects.requireNonNull(op);
        this.value = Objects.requireNonNull(value);
        if (!name.matches("[a-zA-Z_][a-zA-Z0-9_.]*")) {
            throw new IllegalArgumentException("invalid label name '" + name + "'");
        }
        switch (op) {
            case "=", "!=" -> regex = null;
            case "=~", "!~" -> {
                try {
                    regex = Pattern.compile(value);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("invalid regular expression in matcher " + name + op + "\""
                            + value + "\": " + e.getDescription());
                }
            }
            default -> throw new IllegalArgumentException("invalid matcher operator '" + op
                    + "' (expected =, !=, =~ or !~)");
        }
    }

    /** Parses {@code name<op>"value"}; throws IllegalArgumentException with the reason. */
    public static LabelMatcher parse(String text) {
        Matcher m = SYNTAX.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid matcher '" + text
                    + "': expected name=\"value\", name!=\"value\", name=~\"regex\" or name!~\"regex\"");
        }
        String value = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1")
                : m.group(4) != null ? m.group(4) : m.group(5);
        return new LabelMatcher(m.group(1), m.group(2), value);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (op) {
            case "=" -> actual.equals(value);
            case "!=" -> !actual.equals(value);
            case "=~" -> regex.matcher(actual).matches();
            default -> !regex.matcher(actual).matches();
        };
    }

    public String name() {
        return name;
    }

    public String op() {
        return op;
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return name + op + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher other && name.equals(other.name) && op.equals(other.op)
                && value.equals(other.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }
}
