package dev.genaimon.alerting.notify.slack;

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

/** Slack incoming webhook with a Block Kit message: header, one section per alert (at most 10), context. */
final class SlackNotifier implements Notifier {

    /** Slack allows 50 blocks; a page is for reading, the rest is summarized. */
    static final int MAX_ALERT_SECTIONS = 10;

    private final NotifierContext context;
    private final URI url;
    private final String channel;

    SlackNotifier(NotifierContext context, URI url, String channel) {
        this.context = context;
        this.url = url;
        this.channel = channel;
    }

    @Override
    public Delivery deliver(Notification n) {
        return HttpDelivery.postJson(context, url, Payloads.text(message(n)),
                Map.of("X-Genaimon-Idempotency-Key", n.idempotencyKey()));
    }

    ObjectNode message(Notification n) {
        ObjectNode body = Payloads.JSON.createObjectNode();
        body.put("text", truncate(n.title(), 150));
        if (channel != null) {
            body.put("channel", channel);
        }
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject().put("type", "header").putObject("text").put("type", "plain_text")
                .put("text", truncate(n.title(), 150));
        int shown = 0;
        for (AlertEvent alert : n.alerts()) {
            if (shown++ == MAX_ALERT_SECTIONS) {
                break;
            }
            StringBuilder text = new StringBuilder();
            text.append("FIRING".equalsIgnoreCase(alert.getStatus()) ? ":red_circle: " : ":large_green_circle: ")
                    .append("*").append(escape(alert.getRule())).append("* (").append(alert.getSeverity())
                    .append(", ").append(alert.getStatus()).append(")");
            String summary = alert.getAnnotations().get("summary");
            if (summary != null) {
                text.append("\n").append(escape(summary));
            }
            if (alert.getValue() != null) {
                text.append("\nvalue: ").append(alert.getValue());
            }
            String runbook = alert.getAnnotations().get("runbook_url");
            if (runbook != null) {
                text.append("\n<").append(runbook).append("|runbook>");
            }
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", truncate(text.toString(), 3000));
        }
        if (n.alerts().size() > MAX_ALERT_SECTIONS) {
            blocks.addObject().put("type", "section").putObject("text").put("type", "mrkdwn")
                    .put("text", "and " + (n.alerts().size() - MAX_ALERT_SECTIONS) + " more alerts");
        }
        ArrayNode elements = blocks.addObject().put("type", "context").putArray("elements");
        elements.addObject().put("type", "mrkdwn").put("text", "genaimon · receiver " + escape(n.receiver())
                + " · notification " + n.sequence() + " · key " + n.idempotencyKey().substring(0, 12));
        return body;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
