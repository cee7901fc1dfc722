package dev.genaimon.alerting.route;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** Group keys (route id + group_by label values, Alertmanager's {@code {}/{severity="critical"}:{alertname="x"}}). */
public final class GroupKeys {

    private GroupKeys() {
    }

    /** The labels that make the group: the group_by labels (missing ones empty), or every label for '...'. */
    public static Map<String, String> groupLabels(Route route, Map<String, String> labels) {
        if (route.groupByAll()) {
            return new TreeMap<>(labels);
        }
        Map<String, String> group = new TreeMap<>();
        for (String name : route.groupBy()) {
            group.put(name, labels.getOrDefault(name, ""));
        }
        return group;
    }

    public static String groupKey(Route route, Map<String, String> groupLabels) {
        StringBuilder key = new StringBuilder(route.id()).append(':').append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(groupLabels).entrySet()) {
            if (!first) {
                key.append(',');
            }
            first = false;
            key.append(e.getKey()).append("=\"").append(e.getValue().replace("\\", "\\\\").replace("\"", "\\\""))
                    .append('"');
        }
        return key.append('}').toString();
    }

    /** Lowercase hex SHA-256 of the text. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
