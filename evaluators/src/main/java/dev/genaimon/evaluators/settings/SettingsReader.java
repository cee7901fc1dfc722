package dev.genaimon.evaluators.settings;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Typed access to one block of flat {@code prefix.key} settings (the LLM judge's {@code judge.*}, the Content Safety
 * detector's {@code content-safety.*}), with errors that name the full key and say what was expected. Durations are
 * written as elsewhere in genaimon: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601
 * ({@code evaluators} depends on no other genaimon module, so it parses them itself).
 */
public final class SettingsReader {

    private static final Pattern SIMPLE_DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

    private final String prefix;
    private final Map<String, String> settings;

    /** @param prefix e.g. {@code "judge."} */
    public SettingsReader(String prefix, Map<String, String> settings) {
        this.prefix = prefix;
        this.settings = settings;
    }

    public String text(String key, String fallback) {
        String value = settings.get(prefix + key);
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    public String required(String key) {
        String value = text(key, null);
        if (value == null) {
            throw new IllegalArgumentException(prefix + key + " is required");
        }
        return value;
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type, E fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + key + " must be one of "
                    + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT) + ", was '" + value + "'", e);
        }
    }

    public boolean bool(String key, boolean fallback) {
        String value = text(key, null);
        if (value == null) {
            return fallback;
        }
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException(prefix + key + " must be true or false, was '" + value + "'");
        }
        return Boolean.parseBoolean(value);
    }

    public long number(String key, long fallback, long min) {
        String value = text(key, null);
        long parsed;
        try {
            parsed = value == null ? fallback : Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + " must be a whole number, was '" + value + "'", e);
        }
        if (parsed < min) {
            throw new IllegalArgumentException(prefix + key + " must be >= " + min + ", was " + parsed);
        }
        return parsed;
    }

    public int positiveInt(String key, int fallback) {
        return intValue(key, number(key, fallback, 1));
    }

    public int nonNegativeInt(String key, int fallback) {
        return intValue(key, number(key, fallback, 0));
    }

    public long positiveLong(String key, long fallback) {
        return number(key, fallback, 1);
    }

    public double nonNegativeDouble(String key, double fallback) {
        String value = text(key, null);
        double parsed;
        try {
            parsed = value == null ? fallback : Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + " must be a number, was '" + value + "'", e);
        }
        if (!(parsed >= 0) || Double.isInfinite(parsed)) {
            throw new IllegalArgumentException(prefix + key + " must be >= 0, was " + value);
        }
        return parsed;
    }

    public Duration duration(String key, Duration fallback) {
        String value = text(key, null);
        Duration parsed = value == null ? fallback : parseDuration(prefix + key, value);
        if (parsed.isNegative()) {
            throw new IllegalArgumentException(prefix + key + " must not be negative, was " + value);
        }
        return parsed;
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601; {@code name} is used in errors. */
    public static Duration parseDuration(String name, String value) {
        Matcher m = SIMPLE_DURATION.matcher(value.strip().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(value.strip().toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be a duration like 500ms, 30s, 5m or PT30S, was '"
                    + value + "'", e);
        }
    }

    private int intValue(String key, long value) {
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(prefix + key + " must be at most " + Integer.MAX_VALUE + ", was " + value);
        }
        return (int) value;
    }
}
