package dev.genaimon.alerting.rules;

/** What a rule evaluates (see docs/alerting.md, "Kinds"). */
public enum RuleKind {
    THRESHOLD, BURN_RATE, ABSENCE, RATE_OF_CHANGE;

    /** The spelling in the rule file. */
    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
