package dev.genaimon.alerting.notify.teams;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.alerting.notify.Delivery;
import dev.genaimon.alerting.notify.HttpDelivery;
import dev.genaimon.alerting.notify.Notification;
import dev.genaimon.alerting.notify.Notifier;
import dev.genaimon.alerting.notify.NotifierContext;
import dev.genaimon.alerting.notify.Payloads;
import dev.genaimon.schemas.avro.AlertEvent;
import java.net.URI;
import java.util.Map;

/**
 * Microsoft Teams through an incoming webhook or a Workflows ("When a Teams webhook request is received") URL: a
 * {@code message} with one Adaptive Card 1.4 attachment (title, one fact set per alert).
 */
final class TeamsNotifier implements Notifier {

    static final String CARD_TYPE = "application/vnd.microsoft.card.adaptive";

    private final NotifierContext context;
    private final URI url;

    TeamsNotifier(NotifierContext context, URI url) {
        this.context = context;
        this.url = url;
    }

    @Override
    public Delivery deliver(Notification n) {
        return HttpDelivery.postJson(context, url, Payloads.text(message(n)),
                Map.of("X-Genaimon-Idempotency-Key", n.idempotencyKey()));
    }

    static ObjectNode message(Notification n) {
        ObjectNode message = Payloads.JSON.createObjectNode();
        message.put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", CARD_TYPE);
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode body = card.putArray("body");
        body.addObject().put("type", "TextBlock").put("size", "Large").put("weight", "Bolder").put("wrap", true)
                .put("color", Notification.FIRING.equals(n.status()) ? "Attention" : "Good").put("text", n.title());
        for (AlertEvent alert : n.alerts().subList(0, Math.min(20, n.alerts().size()))) {
            String summary = alert.getAnnotations().getOrDefault("summary", alert.getRule());
            body.addObject().put("type", "TextBlock").put("wrap", true).put("weight", "Bolder")
                    .put("text", alert.getStatus().toUpperCase(java.util.Locale.ROOT) + ": " + summary);
            ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
            facts.addObject().put("title", "rule").put("value", alert.getRule());
            facts.addObject().put("title", "severity").put("value", alert.getSeverity());
            facts.addObject().put("title", "since").put("value", alert.getStartsAt().toString());
            if (alert.getValue() != null) {
                facts.addObject().put("title", "value").put("value", alert.getValue().toString());
            }
            alert.getLabels().forEach((k, v) -> facts.addObject().put("title", k).put("value", v));
        }
        ArrayNode actions = card.putArray("actions");
        n.alerts().stream().map(a -> a.getAnnotations().get("runbook_url")).filter(java.util.Objects::nonNull)
                .distinct().limit(3).forEach(url -> actions.addObject().put("type", "Action.OpenUrl")
                        .put("title", "Runbook").put("url", url));
        return message;
    }
}
