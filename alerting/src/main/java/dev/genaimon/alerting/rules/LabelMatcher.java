package dev.genaimon.alerting.rules;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * One {@code match} entry: {@code value} (equal), {@code =~regex}, {@code !=value}, {@code !~regex}. A missing label
 * is the empty string, as in Prometheus.
 */
public record LabelMatcher(String label, Type type, String value, Pattern regex) {

    public enum Type { EQ, NE, RE, NRE }

    /** @throws IllegalArgumentException for a bad regular expression */
    public static LabelMatcher parse(String label, String spec) {
        if (spec.startsWith("=~") || spec.startsWith("!~")) {
            String expr = spec.substring(2).strip();
            Pattern p;
            try {
                p = Pattern.compile(expr);
            } catch (java.util.regex.PatternSyntaxException e) {
                throw new IllegalArgumentException("bad regular expression '" + expr + "' for label '" + label + "': "
                        + e.getDescription());
            }
            return new LabelMatcher(label, spec.startsWith("=~") ? Type.RE : Type.NRE, expr, p);
        }
        if (spec.startsWith("!=")) {
            return new LabelMatcher(label, Type.NE, spec.substring(2).strip(), null);
        }
        return new LabelMatcher(label, Type.EQ, spec, null);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(label, "");
        return switch (type) {
            case EQ -> actual.equals(value);
            case NE -> !actual.equals(value);
            case RE -> regex.matcher(actual).matches();
            case NRE -> !regex.matcher(actual).matches();
        };
    }
}
