package dev.genaimon.app.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4 (the format Prometheus scrapes): every line must be
 * a HELP, TYPE or other comment, or a sample; names and label names must match the spec's patterns; label values may
 * only use the escapes {@code \\}, {@code \"} and {@code \n}; values are Go floats (NaN, +Inf, -Inf allowed); a
 * family's TYPE comes once and before its samples; a family's samples are contiguous; no series appears twice;
 * sample names fit the family's type. Throws {@link IllegalArgumentException} naming the line on any violation.
 */
public final class PrometheusText {

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    /** One sample. */
    public record Sample(String family, String name, Map<String, String> labels, double value) {
    }

    private PrometheusText() {
    }

    public static List<Sample> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition must end with a line feed");
        }
        Map<String, String> types = new HashMap<>();
        Set<String> helped = new HashSet<>();
        Set<String> closedFamilies = new HashSet<>();
        Set<String> series = new HashSet<>();
        List<Sample> samples = new ArrayList<>();
        String currentFamily = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length - 1; i++) {
            String line = lines[i];
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                String[] parts = line.split(" ", 4);
                if (parts.length >= 3 && (parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
                    String name = parts[2];
                    requireName(name, number, line);
                    if (parts[1].equals("HELP")) {
                        if (!helped.add(name)) {
                            throw fail(number, line, "second HELP for " + name);
                        }
                        if (parts.length == 4) {
                            checkHelpEscapes(parts[3], number, line);
                        }
                    } else {
                        if (parts.length != 4 || !TYPES.contains(parts[3])) {
                            throw fail(number, line, "TYPE needs one of " + TYPES);
                        }
                        if (types.containsKey(name)) {
                            throw fail(number, line, "second TYPE for " + name);
                        }
                        if (samples.stream().anyMatch(s -> s.family().equals(name))) {
                            throw fail(number, line, "TYPE after samples of " + name);
                        }
                        types.put(name, parts[3]);
                    }
                }
                continue;
            }
            Sample sample = parseSample(line, number, types);
            if (!sample.family().equals(currentFamily)) {
                if (closedFamilies.contains(sample.family())) {
                    throw fail(number, line, "samples of " + sample.family() + " are not contiguous");
                }
                if (currentFamily != null) {
                    closedFamilies.add(currentFamily);
                }
                currentFamily = sample.family();
            }
            if (!series.add(sample.name() + sample.labels())) {
                throw fail(number, line, "duplicate series");
            }
            samples.add(sample);
        }
        return samples;
    }

    private static Sample parseSample(String line, int number, Map<String, String> types) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        requireName(name, number, line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (true) {
                if (i >= line.length()) {
                    throw fail(number, line, "unterminated label set");
                }
                if (line.charAt(i) == '}') {
                    i++;
                    break;
                }
                int eq = line.indexOf('=', i);
                if (eq < 0) {
                    throw fail(number, line, "label without '='");
                }
                String label = line.substring(i, eq);
                if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                    throw fail(number, line, "bad label name '" + label + "'");
                }
                if (eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
                    throw fail(number, line, "label value must be quoted");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                while (true) {
                    if (j >= line.length()) {
                        throw fail(number, line, "unterminated label value");
                    }
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = j + 1 < line.length() ? line.charAt(j + 1) : ' ';
                        switch (next) {
                            case '\\' -> value.append('\\');
                            case '"' -> value.append('"');
                            case 'n' -> value.append('\n');
                            default -> throw fail(number, line, "bad escape \\" + next);
                        }
                        j += 2;
                    } else if (c == '"') {
                        j++;
                        break;
                    } else {
                        value.append(c);
                        j++;
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw fail(number, line, "label " + label + " twice");
                }
                i = j;
                if (i < line.length() && line.charAt(i) == ',') {
                    i++;
                } else if (i >= line.length() || line.charAt(i) != '}') {
                    throw fail(number, line, "expected ',' or '}' after a label");
                }
            }
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw fail(number, line, "expected a space before the value");
        }
        String[] rest = line.substring(i + 1).split(" ");
        if (rest.length < 1 || rest.length > 2 || rest[0].isEmpty()) {
            throw fail(number, line, "expected 'value [timestamp]'");
        }
        double value = parseValue(rest[0], number, line);
        if (rest.length == 2) {
            try {
                Long.parseLong(rest[1]);
            } catch (NumberFormatException e) {
                throw fail(number, line, "timestamp must be an integer");
            }
        }
        String family = familyOf(name, types);
        String type = types.getOrDefault(family, "untyped");
        String suffix = name.substring(family.length());
        boolean suffixOk = switch (type) {
            case "counter" -> suffix.equals("_total") || suffix.equals("_created") || suffix.isEmpty();
            case "histogram" -> Set.of("_bucket", "_sum", "_count", "_created", "").contains(suffix);
            case "summary" -> Set.of("_sum", "_count", "_created", "").contains(suffix);
            default -> suffix.isEmpty();
        };
        if (!suffixOk) {
            throw fail(number, line, "sample name " + name + " does not fit " + type + " family " + family);
        }
        if (type.equals("histogram") && suffix.equals("_bucket") && !labels.containsKey("le")) {
            throw fail(number, line, "histogram bucket without le");
        }
        return new Sample(family, name, labels, value);
    }

    private static String familyOf(String name, Map<String, String> types) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_created", "_bucket", "_sum", "_count")) {
            if (name.endsWith(suffix)) {
                String base = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(base)) {
                    return base;
                }
            }
        }
        return name;
    }

    private static double parseValue(String s, int number, String line) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!s.matches("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?")) {
                    throw fail(number, line, "bad value '" + s + "'");
                }
                return Double.parseDouble(s);
        }
    }

    private static void checkHelpEscapes(String help, int number, String line) {
        for (int i = 0; i < help.length(); i++) {
            if (help.charAt(i) == '\\') {
                char next = i + 1 < help.length() ? help.charAt(i + 1) : ' ';
                if (next != '\\' && next != 'n') {
                    throw fail(number, line, "bad escape in HELP");
                }
                i++;
            }
        }
    }

    private static void requireName(String name, int number, String line) {
        if (!METRIC_NAME.matcher(name).matches()) {
            throw fail(number, line, "bad metric name '" + name + "'");
        }
    }

    private static IllegalArgumentException fail(int number, String line, String why) {
        return new IllegalArgumentException("line " + number + ": " + why + ": " + line);
    }
}
