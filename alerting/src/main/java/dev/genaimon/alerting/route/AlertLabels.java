package dev.genaimon.alerting.route;

import dev.genaimon.schemas.avro.AlertEvent;
import java.util.Map;
import java.util.TreeMap;

/** The label set routing, inhibition and silences match on: segment labels, alert labels, alertname, severity. */
public final class AlertLabels {

    private AlertLabels() {
    }

    public static Map<String, String> of(AlertEvent alert) {
        Map<String, String> labels = new TreeMap<>();
        if (alert.getSegment() != null) {
            labels.putAll(alert.getSegment().getLabels());
        }
        labels.putAll(alert.getLabels());
        labels.put("alertname", alert.getRule());
        labels.put("severity", alert.getSeverity());
        return labels;
    }
}
