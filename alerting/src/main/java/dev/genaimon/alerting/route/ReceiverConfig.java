package dev.genaimon.alerting.route;

import java.util.Map;

/**
 * A named receiver with its one channel configuration.
 *
 * @param type         channel type: webhook, slack, msteams, pagerduty, alertmanager, email, log
 * @param settings     the channel's settings as written (after {@code ${ENV}} substitution)
 * @param sendResolved whether resolved notifications are sent (default true)
 */
public record ReceiverConfig(String name, String type, Map<String, Object> settings, boolean sendResolved) {

    public ReceiverConfig {
        settings = Map.copyOf(settings);
    }

    public String string(String key, String defaultValue) {
        Object value = settings.get(key);
        return value == null ? defaultValue : value.toString();
    }

    public String required(String key) {
        String value = string(key, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(type + " receiver '" + name + "' needs '" + key + "'");
        }
        return value;
    }
}
