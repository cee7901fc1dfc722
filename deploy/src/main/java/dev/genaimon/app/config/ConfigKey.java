package dev.genaimon.app.config;

import java.util.List;
import java.util.function.Function;

/**
 * One configuration key: its name in the YAML file ({@code ingest.port}), default, a parser that validates, and what
 * it means. The environment variable is the name upper-cased with {@code .} and {@code -} as {@code _} and a
 * {@code GENAIMON_} prefix ({@code GENAIMON_INGEST_PORT}); the system property is {@code genaimon.<name>}.
 */
public record ConfigKey<T>(String name, String defaultValue, Function<String, T> parser, String description) {

    public String environmentVariable() {
        return "GENAIMON_" + name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String systemProperty() {
        return "genaimon." + name;
    }

    static ConfigKey<String> string(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, defaultValue, s -> s, description);
    }

    static ConfigKey<Integer> integer(String name, int defaultValue, int min, int max, String description) {
        return new ConfigKey<>(name, Integer.toString(defaultValue), s -> {
            int value;
            try {
                value = Integer.parseInt(s.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("expected an integer, got '" + s + "'");
            }
            if (value < min || value > max) {
                throw new IllegalArgumentException("expected an integer in [" + min + ", " + max + "], got " + value);
            }
            return value;
        }, description);
    }

    static ConfigKey<java.time.Duration> duration(String name, String defaultValue, String description) {
        return new ConfigKey<>(name, defaultValue, Durations::parse, description);
    }

    static ConfigKey<Boolean> bool(String name, boolean defaultValue, String description) {
        return new ConfigKey<>(name, Boolean.toString(defaultValue), s -> {
            if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new IllegalArgumentException("expected true or false, got '" + s + "'");
        }, description);
    }

    static ConfigKey<String> oneOf(String name, String defaultValue, List<String> allowed, String description) {
        return new ConfigKey<>(name, defaultValue, s -> {
            if (!allowed.contains(s.strip())) {
                throw new IllegalArgumentException("expected one of " + allowed + ", got '" + s + "'");
            }
            return s.strip();
        }, description);
    }

    static Double probability(String s) {
        double value;
        try {
            value = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("expected a number in [0, 1], got '" + s + "'");
        }
        if (value < 0 || value > 1) {
            throw new IllegalArgumentException("expected a number in [0, 1], got " + value);
        }
        return value;
    }

    static Double positiveNumber(String s) {
        try {
            double value = Double.parseDouble(s.strip());
            if (value > 0 && Double.isFinite(value)) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a positive number, got '" + s + "'");
    }

    static Long positiveLong(String s) {
        try {
            long value = Long.parseLong(s.strip());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a positive integer, got '" + s + "'");
    }
}
