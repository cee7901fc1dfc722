package dev.genaimon.alerting.rules;

/** Alert severity, the {@code severity} label. */
public enum Severity {
    CRITICAL, WARNING, INFO;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
