package dev.genaimon.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.alerting.route.AlertLabels;
import dev.genaimon.schemas.avro.AlertEvent;
import java.util.Map;

/** JSON shared by the channels: Alertmanager's webhook payload (version 4) plus genaimon's evidence and keys. */
public final class Payloads {

    public static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** Alertmanager's webhook body, with {@code idempotencyKey} and {@code sequence} added. */
    public static ObjectNode webhook(Notification n) {
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "4");
        body.put("groupKey", n.groupKey());
        body.put("truncatedAlerts", 0);
        body.put("status", n.status());
        body.put("receiver", n.receiver());
        body.set("groupLabels", map(n.groupLabels()));
        body.set("commonLabels", map(n.commonLabels()));
        body.set("commonAnnotations", map(n.commonAnnotations()));
        body.put("externalURL", n.externalUrl());
        ArrayNode alerts = body.putArray("alerts");
        for (AlertEvent alert : n.alerts()) {
            alerts.add(alert(alert, n.externalUrl()));
        }
        body.put("idempotencyKey", n.idempotencyKey());
        body.put("sequence", n.sequence());
        return body;
    }

    /** One alert as Alertmanager writes it (status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint). */
    public static ObjectNode alert(AlertEvent alert, String externalUrl) {
        ObjectNode a = JSON.createObjectNode();
        a.put("status", alert.getStatus());
        a.set("labels", map(AlertLabels.of(alert)));
        a.set("annotations", map(alert.getAnnotations()));
        a.put("startsAt", alert.getStartsAt().toString());
        a.put("endsAt", alert.getEndsAt() == null ? "0001-01-01T00:00:00Z" : alert.getEndsAt().toString());
        a.put("generatorURL", generatorUrl(alert, externalUrl));
        a.put("fingerprint", alert.getFingerprint());
        if (alert.getValue() != null) {
            a.put("value", alert.getValue());
        }
        if (alert.getEvidence() != null) {
            a.set("evidence", JSON.valueToTree(Map.of(
                    "reportIds", alert.getEvidence().getReportIds(),
                    "interactionIds", alert.getEvidence().getInteractionIds(),
                    "features", alert.getEvidence().getFeatures(),
                    "signals", alert.getEvidence().getSignals())));
        }
        return a;
    }

    public static String generatorUrl(AlertEvent alert, String externalUrl) {
        if (externalUrl == null || externalUrl.isBlank()) {
            return "";
        }
        String base = externalUrl.endsWith("/") ? externalUrl.substring(0, externalUrl.length() - 1) : externalUrl;
        return base + "/alerts/" + alert.getFingerprint();
    }

    public static ObjectNode map(Map<String, String> values) {
        ObjectNode node = JSON.createObjectNode();
        new java.util.TreeMap<>(values).forEach(node::put);
        return node;
    }

    public static String text(Object node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("JSON of a tree cannot fail", e);
        }
    }
}
