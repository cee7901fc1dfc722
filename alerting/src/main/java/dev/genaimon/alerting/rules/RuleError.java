package dev.genaimon.alerting.rules;

/** One problem of a rule file: where it is and why. {@code rule} is null for file-level problems. */
public record RuleError(String file, int line, String rule, String reason) {

    @Override
    public String toString() {
        return file + ":" + line + ": " + (rule == null ? "" : "rule '" + rule + "': ") + reason;
    }
}
