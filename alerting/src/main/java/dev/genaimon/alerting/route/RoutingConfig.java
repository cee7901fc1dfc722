package dev.genaimon.alerting.route;

import java.util.List;
import java.util.Map;

/** The whole routing file: the route tree, the receivers by name, the inhibition rules. */
public record RoutingConfig(Route root, Map<String, ReceiverConfig> receivers, List<InhibitRule> inhibitRules) {

    public RoutingConfig {
        receivers = Map.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
    }
}
