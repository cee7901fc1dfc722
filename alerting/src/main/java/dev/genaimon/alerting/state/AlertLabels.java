package dev.genaimon.alerting.state;

import dev.genaimon.alerting.rules.Rule;
import dev.genaimon.schemas.avro.Signal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The labels and fingerprint of an alert: what makes two alerts the same alert. */
final class AlertLabels {

    static final String ALERTNAME = "alertname";
    static final String SEVERITY = "severity";
    static final String SIGNAL = "signal";

    private AlertLabels() {
    }

    /** What rule matchers see: segment labels, overridden by the signal's own labels. */
    static Map<String, String> matchable(Signal signal) {
        Map<String, String> labels = new HashMap<>(signal.getSegment().getLabels());
        labels.putAll(signal.getLabels());
        return labels;
    }

    /** Segment labels < signal labels < rule labels, plus alertname, severity and signal; sorted. */
    static Map<String, String> of(Rule rule, Signal signal) {
        Map<String, String> labels = new TreeMap<>(matchable(signal));
        if (rule.kind() == dev.genaimon.alerting.rules.RuleKind.BURN_RATE) {
            labels.keySet().retainAll(signal.getSegment().getLabels().keySet());
        }
        labels.putAll(rule.labels());
        labels.put(ALERTNAME, rule.name());
        labels.put(SEVERITY, rule.severity().label());
        labels.put(SIGNAL, rule.kind() == dev.genaimon.alerting.rules.RuleKind.BURN_RATE ? Rule.ERROR_RATE
                : signal.getName());
        return labels;
    }

    /** 16 hex characters of SHA-256 over the sorted labels (which include the rule name). */
    static String fingerprint(Map<String, String> labels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(labels).forEach((k, v) -> {
                sha.update(k.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                sha.update(v.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
            });
            return HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
