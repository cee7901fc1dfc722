package dev.genaimon.ingest.azuremonitor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which result column fills which {@code Interaction} field. A value is a column name, or {@code =text} for a
 * constant (e.g. {@code app: "=support-bot"}). {@code attributes.<name>} copies a column into the interaction's
 * attributes.
 *
 * @param fields target field to source (column name or {@code =constant})
 */
public record ColumnMapping(Map<String, String> fields) {

    /** The fields a mapping may fill, besides {@code attributes.<name>}. */
    public static final List<String> TARGETS = List.of("interactionId", "timestamp", "tenant", "app", "environment",
            "operation", "provider", "model", "modelVersion", "deployment", "systemPrompt", "prompt", "response",
            "finishReason", "inputTokens", "outputTokens", "totalTokens", "latencyMs", "success", "httpStatus",
            "errorType", "errorMessage", "traceId", "spanId", "conversationId");

    /** An Interaction cannot be written without these (provider defaults to azure.ai.openai). */
    static final List<String> REQUIRED = List.of("app", "model");

    public ColumnMapping {
        fields = Map.copyOf(fields);
    }

    /**
     * Checks a mapping from configuration and adds the default provider ({@code =azure.ai.openai}).
     *
     * @throws IllegalArgumentException naming every unknown field, empty source and missing required field
     */
    public static ColumnMapping of(Map<String, String> configured) {
        List<String> problems = new ArrayList<>();
        Map<String, String> fields = new LinkedHashMap<>();
        configured.forEach((target, source) -> {
            if (!TARGETS.contains(target) && !(target.startsWith("attributes.") && target.length() > 11)) {
                problems.add("unknown field '" + target + "' (expected one of " + TARGETS + " or attributes.<name>)");
            } else if (source == null || source.isBlank() || source.equals("=")) {
                problems.add(target + ": expected a column name or =constant");
            } else {
                fields.put(target, source.strip());
            }
        });
        fields.putIfAbsent("provider", "=azure.ai.openai");
        for (String required : REQUIRED) {
            if (!fields.containsKey(required)) {
                problems.add(required + " is required (a column name or =constant)");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new ColumnMapping(fields);
    }

    /** The value of a target field in a row: the constant, the column's value, or null when unmapped or null. */
    String value(String target, LogRow row) {
        String source = fields.get(target);
        if (source == null) {
            return null;
        }
        if (source.startsWith("=")) {
            return source.substring(1);
        }
        String value = row.get(source);
        return value == null || value.isEmpty() ? null : value;
    }

    /** The columns (not constants) the mapping reads, for checking a result's columns once. */
    List<String> columns() {
        return fields.values().stream().filter(s -> !s.startsWith("=")).distinct().toList();
    }

    Map<String, String> attributeColumns() {
        Map<String, String> attributes = new LinkedHashMap<>();
        fields.forEach((target, source) -> {
            if (target.startsWith("attributes.")) {
                attributes.put(target.substring("attributes.".length()), source);
            }
        });
        return attributes;
    }
}
