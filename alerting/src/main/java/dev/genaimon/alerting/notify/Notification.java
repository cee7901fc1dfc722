package dev.genaimon.alerting.notify;

import dev.genaimon.alerting.route.GroupKeys;
import dev.genaimon.schemas.avro.AlertEvent;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One notification of one alert group to one receiver.
 *
 * @param groupKey       route id + group_by label values
 * @param idempotencyKey hash of group key, the alerts' fingerprints and statuses, and {@code sequence}: the same
 *                       notification always carries the same key, so receivers can drop redeliveries
 * @param sequence       number of this notification within the group (1, 2, ...)
 * @param alerts         firing alerts, then resolved ones
 * @param externalUrl    where genaimon's UI/API is reachable (generatorURL), may be empty
 */
public record Notification(String receiver, String groupKey, String idempotencyKey, long sequence,
                           Map<String, String> groupLabels, List<AlertEvent> alerts, Instant createdAt,
                           String externalUrl) {

    public Notification {
        groupLabels = Map.copyOf(groupLabels);
        alerts = List.copyOf(alerts);
    }

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";

    /** firing when any alert fires, else resolved (Alertmanager's group status). */
    public String status() {
        return alerts.stream().anyMatch(a -> FIRING.equals(a.getStatus())) ? FIRING : RESOLVED;
    }

    public List<AlertEvent> firing() {
        return alerts.stream().filter(a -> FIRING.equals(a.getStatus())).toList();
    }

    public List<AlertEvent> resolved() {
        return alerts.stream().filter(a -> !FIRING.equals(a.getStatus())).toList();
    }

    /** SHA-256 of the group key: a stable, opaque id of the group (PagerDuty's dedup_key). */
    public String groupKeyHash() {
        return GroupKeys.sha256(groupKey);
    }

    /** Labels every alert has with the same value. */
    public Map<String, String> commonLabels() {
        return common(alerts.stream().map(dev.genaimon.alerting.route.AlertLabels::of).toList());
    }

    public Map<String, String> commonAnnotations() {
        return common(alerts.stream().map(AlertEvent::getAnnotations).toList());
    }

    /** The highest severity among the alerts (critical > warning > info). */
    public String severity() {
        List<String> order = List.of("critical", "error", "warning", "info");
        return alerts.stream().map(AlertEvent::getSeverity)
                .min((a, b) -> Integer.compare(rank(order, a), rank(order, b))).orElse("info");
    }

    /** A one-line title: [FIRING:2] rule (group labels). */
    public String title() {
        String rules = String.join(", ", alerts.stream().map(AlertEvent::getRule).distinct().toList());
        String status = status().toUpperCase(java.util.Locale.ROOT);
        String count = FIRING.equals(status()) ? ":" + firing().size() : "";
        return "[" + status + count + "] " + rules + (groupLabels.isEmpty() ? "" : " " + new TreeMap<>(groupLabels));
    }

    private static int rank(List<String> order, String severity) {
        int i = order.indexOf(severity);
        return i < 0 ? order.size() : i;
    }

    private static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new HashMap<>(maps.get(0));
        for (Map<String, String> m : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
        }
        return new TreeMap<>(common);
    }
}
