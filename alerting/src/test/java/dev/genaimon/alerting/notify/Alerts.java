package dev.genaimon.alerting.notify;

import dev.genaimon.schemas.avro.AlertEvent;
import java.time.Instant;
import java.util.Map;

/** Synthetic AlertEvents, as the alert state machine writes them. */
final class Alerts {

    private Alerts() {
    }

    static AlertEvent firing(String rule, String severity, Map<String, String> labels, Instant at) {
        return AlertEvent.newBuilder().setFingerprint(rule + labels).setRule(rule).setStatus("firing")
                .setSeverity(severity).setLabels(labels)
                .setAnnotations(Map.of("summary", rule + " is firing", "runbook_url", "https://runbooks.test/" + rule))
                .setStartsAt(at).setValue(0.12).setTransitionAt(at).build();
    }

    static AlertEvent resolved(AlertEvent firing, Instant at) {
        return AlertEvent.newBuilder(firing).setStatus("resolved").setEndsAt(at).setTransitionAt(at).build();
    }
}
