package dev.genaimon.alerting.rules;

import java.util.List;
import java.util.Optional;

/** The validated rules of one version of a rule file. Immutable: a reload makes a new one. */
public record RuleSet(String source, List<Rule> rules) {

    public static final RuleSet EMPTY = new RuleSet("(none)", List.of());

    public RuleSet {
        rules = List.copyOf(rules);
    }

    public Optional<Rule> byName(String name) {
        return rules.stream().filter(r -> r.name().equals(name)).findFirst();
    }
}
