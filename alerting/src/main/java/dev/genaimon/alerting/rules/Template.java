package dev.genaimon.alerting.rules;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An annotation template: text with {@code {{ expression }}} or {@code {{ expression | formatter }}} parts, checked
 * when the rule file is loaded so rendering never fails on a stream thread.
 */
public final class Template {

    private static final Pattern PART = Pattern.compile("\\{\\{\\s*([^}|]+?)\\s*(?:\\|\\s*([^}]+?)\\s*)?}}");
    private static final Set<String> VARIABLES = Set.of("value", "signal", "segment", "window", "rule", "threshold");
    private static final Set<String> FORMATTERS = Set.of("pct", "ms", "s", "usd", "round", "fixed2");

    private final String source;
    private final List<Object> parts;

    private record Expr(String variable, String formatter) {
    }

    /** What a template can refer to. */
    public record Context(double value, String signal, String segment, Map<String, String> labels, long windowStart,
                          long windowEnd, String rule, String threshold) {
    }

    private Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException naming the unknown expression or formatter */
    public static Template parse(String source) {
        List<Object> parts = new ArrayList<>();
        Matcher m = PART.matcher(source);
        int last = 0;
        while (m.find()) {
            parts.add(source.substring(last, m.start()));
            String variable = m.group(1);
            String formatter = m.group(2);
            if (!VARIABLES.contains(variable) && !(variable.startsWith("labels.") && variable.length() > 7)) {
                throw new IllegalArgumentException("unknown template expression '" + variable + "' (known: "
                        + String.join(", ", VARIABLES.stream().sorted().toList()) + ", labels.<name>)");
            }
            if (formatter != null && !FORMATTERS.contains(formatter)) {
                throw new IllegalArgumentException("unknown template formatter '" + formatter + "' (known: "
                        + String.join(", ", FORMATTERS.stream().sorted().toList()) + ")");
            }
            parts.add(new Expr(variable, formatter));
            last = m.end();
        }
        parts.add(source.substring(last));
        String literal = String.join("", parts.stream().filter(String.class::isInstance).map(String.class::cast)
                .toList());
        if (literal.contains("{{")) {
            throw new IllegalArgumentException("unclosed or empty '{{' in template '" + source + "'");
        }
        return new Template(source, List.copyOf(parts));
    }

    public String render(Context c) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof String s) {
                out.append(s);
            } else {
                Expr e = (Expr) part;
                out.append(render(e, c));
            }
        }
        return out.toString();
    }

    private static String render(Expr e, Context c) {
        if (e.variable().startsWith("labels.")) {
            return c.labels().getOrDefault(e.variable().substring(7), "");
        }
        return switch (e.variable()) {
            case "value" -> e.formatter() == null ? number(c.value()) : format(c.value(), e.formatter());
            case "signal" -> c.signal();
            case "segment" -> c.segment();
            case "window" -> Instant.ofEpochMilli(c.windowStart()) + " – " + Instant.ofEpochMilli(c.windowEnd());
            case "rule" -> c.rule();
            default -> c.threshold();
        };
    }

    /** A number as templates print it: integers without decimals, else four significant digits. */
    public static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%.4g", v);
    }

    static String format(double v, String formatter) {
        return switch (formatter) {
            case "pct" -> String.format(Locale.ROOT, "%.2f%%", v * 100);
            case "ms" -> Math.round(v) + " ms";
            case "s" -> String.format(Locale.ROOT, "%.2f s", v / 1000);
            case "usd" -> String.format(Locale.ROOT, "$%.2f", v);
            case "round" -> Long.toString(Math.round(v));
            default -> String.format(Locale.ROOT, "%.2f", v);
        };
    }

    @Override
    public String toString() {
        return source;
    }
}
