package dev.genaimon.alerting.rules;

import java.util.List;

/** A rule file that cannot be used, with every problem found. */
public final class RuleValidationException extends Exception {

    private final transient List<RuleError> errors;

    public RuleValidationException(List<RuleError> errors) {
        super(errors.size() + " error(s) in rule file:\n  " + String.join("\n  ",
                errors.stream().map(RuleError::toString).toList()));
        this.errors = List.copyOf(errors);
    }

    public List<RuleError> errors() {
        return errors;
    }
}
