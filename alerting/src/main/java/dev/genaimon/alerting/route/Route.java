package dev.genaimon.alerting.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of the route tree. Children inherit receiver, group_by and the timers unless they set their own.
 *
 * @param id             path in the tree ({@code 0} is the root, {@code 0.1} its second child); part of group keys
 * @param groupByAll     {@code group_by: ['...']}: every label makes the group (one group per alert)
 * @param continueMatching after this route matched, try its later siblings too
 */
public record Route(String id, String receiver, List<LabelMatcher> matchers, List<String> groupBy,
                    boolean groupByAll, Duration groupWait, Duration groupInterval, Duration repeatInterval,
                    boolean continueMatching, List<Route> routes) {

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The routes an alert goes to: the deepest matching node of each matching branch (Alertmanager's semantics). */
    public List<Route> match(Map<String, String> labels) {
        if (!matchers.stream().allMatch(m -> m.matches(labels))) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> matched = child.match(labels);
            all.addAll(matched);
            if (!matched.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        return all.isEmpty() ? List.of(this) : all;
    }

    /** A route by id, searching the subtree. */
    public Route find(String routeId) {
        if (id.equals(routeId)) {
            return this;
        }
        for (Route child : routes) {
            Route found = child.find(routeId);
            if (found != null) {
                return found;
            }
        }
        return null;
    }
}
