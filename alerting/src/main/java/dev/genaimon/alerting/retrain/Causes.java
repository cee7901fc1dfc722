package dev.genaimon.alerting.retrain;

import dev.genaimon.schemas.avro.AlertEvent;

/** What a trigger is about: the model deployment and the cause (rule / signal) of an alert. */
final class Causes {

    private Causes() {
    }

    /** The deployment label of the alert, else its segment id (a segment without a model dimension). */
    static String deployment(AlertEvent alert, String label) {
        String value = alert.getLabels().get(label);
        if (value != null && !value.isBlank()) {
            return value;
        }
        return alert.getSegment() == null ? "unknown" : alert.getSegment().getId();
    }

    /** {@code <rule>/<signal>}, e.g. {@code FeatureDrift/drift.prompt_tokens.detected}. */
    static String cause(AlertEvent alert) {
        return alert.getRule() + "/" + alert.getLabels().getOrDefault("signal", "");
    }

    static String key(String deployment, String cause) {
        return deployment + "|" + cause;
    }
}
