package dev.genaimon.alerting.notify.pagerduty;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.Payloads;
import java.net.URI;
import java.util.Map;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}): {@code trigger} while any alert of the group fires,
 * {@code resolve} when all are resolved, with {@code dedup_key} = SHA-256 of the group key, so one group is one
 * PagerDuty incident and redeliveries are deduplicated by PagerDuty itself.
 */
final class PagerDutyNotifier implements Notifier {

    private final NotifierContext context;
    private final URI url;
    private final String routingKey;

    PagerDutyNotifier(NotifierContext context, URI url, String routingKey) {
        this.context = context;
        this.url = url;
        this.routingKey = routingKey;
    }

    @Override
    public Delivery deliver(Notification n) {
        return HttpDelivery.postJson(context, url, Payloads.text(event(n)),
                Map.of("X-Genaimon-Idempotency-Key", n.idempotencyKey()));
    }

    ObjectNode event(Notification n) {
        ObjectNode event = Payloads.JSON.createObjectNode();
        event.put("routing_key", routingKey);
        boolean firing = Notification.FIRING.equals(n.status());
        event.put("event_action", firing ? "trigger" : "resolve");
        event.put("dedup_key", n.groupKeyHash());
        if (firing) {
            ObjectNode payload = event.putObject("payload");
            String title = n.title();
            payload.put("summary", title.length() > 1024 ? title.substring(0, 1024) : title);
            payload.put("source", n.commonLabels().getOrDefault("app", "genaimon"));
            payload.put("severity", severity(n.severity()));
            payload.put("timestamp", n.firing().get(0).getStartsAt().toString());
            payload.put("component", n.commonLabels().getOrDefault("model", "genaimon"));
            payload.put("group", n.commonLabels().getOrDefault("tenant", ""));
            payload.put("class", n.commonLabels().getOrDefault("alertname", ""));
            ObjectNode details = payload.putObject("custom_details");
            details.put("firing", n.firing().size());
            details.put("resolved", n.resolved().size());
            details.set("groupLabels", Payloads.map(n.groupLabels()));
            details.set("alerts", Payloads.webhook(n).get("alerts"));
            String runbook = n.commonAnnotations().get("runbook_url");
            if (runbook != null) {
                event.putArray("links").addObject().put("href", runbook).put("text", "Runbook");
            }
        }
        event.put("client", "genaimon");
        if (!n.externalUrl().isBlank()) {
            event.put("client_url", n.externalUrl());
        }
        return event;
    }

    /** PagerDuty knows critical, error, warning and info. */
    static String severity(String severity) {
        return switch (severity) {
            case "critical", "error", "warning", "info" -> severity;
            default -> "warning";
        };
    }
}
