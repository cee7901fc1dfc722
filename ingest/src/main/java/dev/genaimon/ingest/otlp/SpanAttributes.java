package dev.genaimon.ingest.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Typed, lenient access to OTLP attributes. Senders disagree on types (a token count may arrive as an int, a double
 * or a string), so each getter accepts every reasonable representation and answers null for anything else.
 */
final class SpanAttributes {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Deeper AnyValues are cut off when converted to JSON; content attributes are never that deep. */
    private static final int MAX_DEPTH = 32;

    private final Map<String, AnyValue> values;

    private SpanAttributes(Map<String, AnyValue> values) {
        this.values = values;
    }

    static SpanAttributes of(List<KeyValue> attributes) {
        Map<String, AnyValue> values = new LinkedHashMap<>();
        for (KeyValue kv : attributes) {
            values.putIfAbsent(kv.getKey(), kv.getValue()); // duplicates are invalid OTLP; first one wins
        }
        return new SpanAttributes(values);
    }

    Map<String, AnyValue> asMap() {
        return Collections.unmodifiableMap(values);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    boolean anyKeyStartsWith(String prefix) {
        return values.keySet().stream().anyMatch(k -> k.startsWith(prefix));
    }

    /** A non-blank string value (scalars other than strings are rendered as text), else null. */
    String string(String key) {
        String text = scalarText(values.get(key));
        return text == null || text.isBlank() ? null : text;
    }

    String firstString(String... keys) {
        for (String key : keys) {
            String value = string(key);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    Long integer(String key) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        switch (value.getValueCase()) {
            case INT_VALUE:
                return value.getIntValue();
            case DOUBLE_VALUE:
                double d = value.getDoubleValue();
                return d == Math.rint(d) && Math.abs(d) < 9.0e15 ? (long) d : null;
            case STRING_VALUE:
                try {
                    return Long.parseLong(value.getStringValue().strip());
                } catch (NumberFormatException e) {
                    return null;
                }
            default:
                return null;
        }
    }

    Double number(String key) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        switch (value.getValueCase()) {
            case DOUBLE_VALUE:
                return Double.isFinite(value.getDoubleValue()) ? value.getDoubleValue() : null;
            case INT_VALUE:
                return (double) value.getIntValue();
            case STRING_VALUE:
                try {
                    double d = Double.parseDouble(value.getStringValue().strip());
                    return Double.isFinite(d) ? d : null;
                } catch (NumberFormatException e) {
                    return null;
                }
            default:
                return null;
        }
    }

    /** A string array (or a single string as a one-element list), else null. */
    List<String> strings(String key) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        if (value.hasArrayValue()) {
            List<String> out = new ArrayList<>();
            for (AnyValue element : value.getArrayValue().getValuesList()) {
                String text = scalarText(element);
                if (text != null) {
                    out.add(text);
                }
            }
            return out;
        }
        String single = scalarText(value);
        return single == null ? null : List.of(single);
    }

    /**
     * The value as JSON: structured values as they are, strings that hold JSON parsed (GenAI content attributes are
     * JSON text in the current conventions, structured in newer SDKs), other strings as JSON strings.
     */
    JsonNode json(String key) {
        AnyValue value = values.get(key);
        return value == null ? null : toJson(value, 0, true);
    }

    /** The value as text: strings as they are, anything structured as compact JSON. */
    String text(String key) {
        AnyValue value = values.get(key);
        if (value == null) {
            return null;
        }
        String scalar = scalarText(value);
        return scalar != null ? scalar : toJson(value, 0, false).toString();
    }

    /** Text of a scalar value (string, bool, int, double), null for absent, empty or structured values. */
    static String scalarText(AnyValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> Double.toString(value.getDoubleValue());
            default -> null;
        };
    }

    static JsonNode toJson(AnyValue value, int depth, boolean parseStrings) {
        if (depth > MAX_DEPTH) {
            return NODES.nullNode();
        }
        switch (value.getValueCase()) {
            case STRING_VALUE:
                return parseStrings ? parseIfJson(value.getStringValue()) : NODES.textNode(value.getStringValue());
            case BOOL_VALUE:
                return NODES.booleanNode(value.getBoolValue());
            case INT_VALUE:
                return NODES.numberNode(value.getIntValue());
            case DOUBLE_VALUE:
                return Double.isFinite(value.getDoubleValue()) ? NODES.numberNode(value.getDoubleValue())
                        : NODES.textNode(Double.toString(value.getDoubleValue()));
            case BYTES_VALUE:
                return NODES.textNode(Base64.getEncoder().encodeToString(value.getBytesValue().toByteArray()));
            case ARRAY_VALUE:
                ArrayNode array = NODES.arrayNode();
                value.getArrayValue().getValuesList().forEach(v -> array.add(toJson(v, depth + 1, parseStrings)));
                return array;
            case KVLIST_VALUE:
                ObjectNode object = NODES.objectNode();
                for (KeyValue kv : value.getKvlistValue().getValuesList()) {
                    object.set(kv.getKey(), toJson(kv.getValue(), depth + 1, parseStrings));
                }
                return object;
            default:
                return NODES.nullNode();
        }
    }

    private static JsonNode parseIfJson(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            try {
                JsonNode parsed = JSON.readTree(trimmed);
                if (parsed != null) {
                    return parsed;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
                // not JSON after all: keep the text as it is
            }
        }
        return NODES.textNode(text);
    }
}
