package dev.genaimon.alerting.route;

import java.util.List;
import java.util.Map;

/**
 * A firing alert matching {@code sourceMatchers} mutes alerts matching {@code targetMatchers} that have the same
 * values for the {@code equal} labels (Alertmanager's inhibit_rules). An alert does not inhibit itself.
 */
public record InhibitRule(List<LabelMatcher> sourceMatchers, List<LabelMatcher> targetMatchers, List<String> equal) {

    public InhibitRule {
        sourceMatchers = List.copyOf(sourceMatchers);
        targetMatchers = List.copyOf(targetMatchers);
        equal = List.copyOf(equal);
    }

    public boolean isTarget(Map<String, String> labels) {
        return targetMatchers.stream().allMatch(m -> m.matches(labels));
    }

    public boolean inhibits(Map<String, String> source, Map<String, String> target) {
        return sourceMatchers.stream().allMatch(m -> m.matches(source)) && isTarget(target)
                && equal.stream().allMatch(l -> source.getOrDefault(l, "").equals(target.getOrDefault(l, "")));
    }
}
