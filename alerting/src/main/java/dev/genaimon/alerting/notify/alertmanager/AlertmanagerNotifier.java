package dev.genaimon.alerting.notify.alertmanager;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.Payloads;
import dev.genaimon.alerting.route.AlertLabels;
import dev.genaimon.schemas.avro.AlertEvent;
import java.net.URI;
import java.util.Map;

/**
 * Forwards the group's alerts to a Prometheus Alertmanager ({@code POST /api/v2/alerts}: an array of
 * {labels, annotations, startsAt, endsAt, generatorURL}); resolved alerts carry their endsAt. Alertmanager then does its
 * own grouping and dedup by labels, so redeliveries are harmless.
 */
final class AlertmanagerNotifier implements Notifier {

    private final NotifierContext context;
    private final URI url;

    AlertmanagerNotifier(NotifierContext context, URI base) {
        this.context = context;
        String b = base.toString();
        this.url = URI.create((b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/api/v2/alerts");
    }

    @Override
    public Delivery deliver(Notification n) {
        return HttpDelivery.postJson(context, url, Payloads.text(alerts(n)),
                Map.of("X-Genaimon-Idempotency-Key", n.idempotencyKey()));
    }

    static ArrayNode alerts(Notification n) {
        ArrayNode alerts = Payloads.JSON.createArrayNode();
        for (AlertEvent alert : n.alerts()) {
            ObjectNode a = alerts.addObject();
            a.set("labels", Payloads.map(AlertLabels.of(alert)));
            a.set("annotations", Payloads.map(alert.getAnnotations()));
            a.put("startsAt", alert.getStartsAt().toString());
            if (alert.getEndsAt() != null) {
                a.put("endsAt", alert.getEndsAt().toString());
            } else if (!Notification.FIRING.equals(alert.getStatus())) {
                a.put("endsAt", alert.getTransitionAt().toString());
            }
            a.put("generatorURL", Payloads.generatorUrl(alert, n.externalUrl()));
        }
        return alerts;
    }
}
