package dev.genaimon.alerting.rules;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A rule's condition on a value: a comparison with a number or a range test ({@code outside [a, b]}). */
public record Condition(Op op, double a, double b, String text) {

    public enum Op { GT, GE, LT, LE, EQ, NE, OUTSIDE, INSIDE }

    private static final String NUMBER = "([-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?)";
    private static final Pattern COMPARISON = Pattern.compile("(>=|<=|==|!=|>|<)\\s*" + NUMBER);
    private static final Pattern RANGE = Pattern.compile("(outside|inside)\\s*\\[\\s*" + NUMBER + "\\s*,\\s*"
            + NUMBER + "\\s*]");
    static final String EXPECTED = "expected one of >, >=, <, <=, ==, != <number>, outside [a, b], inside [a, b]";

    /** @throws IllegalArgumentException with the reason */
    public static Condition parse(String text) {
        String t = text.strip();
        Matcher c = COMPARISON.matcher(t);
        if (c.matches()) {
            Op op = switch (c.group(1)) {
                case ">" -> Op.GT;
                case ">=" -> Op.GE;
                case "<" -> Op.LT;
                case "<=" -> Op.LE;
                case "==" -> Op.EQ;
                default -> Op.NE;
            };
            double v = Double.parseDouble(c.group(2));
            return new Condition(op, v, v, t);
        }
        Matcher r = RANGE.matcher(t);
        if (r.matches()) {
            double a = Double.parseDouble(r.group(2));
            double b = Double.parseDouble(r.group(3));
            if (a > b) {
                throw new IllegalArgumentException("bad condition '" + text + "': range [" + a + ", " + b
                        + "] is empty (a must be <= b)");
            }
            return new Condition(r.group(1).equals("outside") ? Op.OUTSIDE : Op.INSIDE, a, b, t);
        }
        throw new IllegalArgumentException("bad condition '" + text + "': " + EXPECTED);
    }

    /** NaN never holds. */
    public boolean test(double value) {
        if (Double.isNaN(value)) {
            return false;
        }
        return switch (op) {
            case GT -> value > a;
            case GE -> value >= a;
            case LT -> value < a;
            case LE -> value <= a;
            case EQ -> value == a;
            case NE -> value != a;
            case OUTSIDE -> value < a || value > b;
            case INSIDE -> value >= a && value <= b;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
