package dev.genaimon.alerting.state;

import dev.genaimon.alerting.rules.Rule;
import dev.genaimon.alerting.rules.RuleSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Which rules read a signal name, remembered per name for the current rule set (a reload makes a new set, and the
 * index starts over). Most signals on {@code genaimon.signals.v1} are read by no rule (latency percentiles other
 * than p95, tokens, per-type rates, ...), and the stage decides that from the record key alone, before decoding
 * or repartitioning anything. One instance per processor (stream thread): not thread-safe.
 */
final class RuleIndex {

    /** Names are few (tens per emitter); a bound protects against a producer inventing names without end. */
    static final int MAX_NAMES = 10_000;

    private final Supplier<RuleSet> rules;
    private RuleSet indexed;
    private final Map<String, List<Rule>> byName = new HashMap<>();

    RuleIndex(Supplier<RuleSet> rules) {
        this.rules = rules;
    }

    /** The rules of the current set that read this signal name, in file order; empty when none. */
    List<Rule> reading(String name) {
        RuleSet current = rules.get();
        if (current != indexed) {
            indexed = current;
            byName.clear();
        }
        List<Rule> found = byName.get(name);
        if (found == null) {
            found = new ArrayList<>();
            for (Rule rule : current.rules()) {
                if (rule.readsSignal(name)) {
                    found.add(rule);
                }
            }
            found = List.copyOf(found);
            if (byName.size() >= MAX_NAMES) {
                byName.clear();
            }
            byName.put(name, found);
        }
        return found;
    }
}
