package dev.genaimon.ingest.azuremonitor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One row of a Log Analytics result: column name to the value as the query API sent it (text; null for null).
 *
 * @param values column values in the result's column order
 */
public record LogRow(Map<String, String> values) {

    public LogRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The value of a column, or null when the column is null or absent. */
    public String get(String column) {
        return values.get(column);
    }

    public boolean has(String column) {
        return values.containsKey(column);
    }

    /** The row as a JSON object (every value a string or null), for dead letters. */
    public String toJson() {
        StringBuilder out = new StringBuilder("{");
        values.forEach((column, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(out, column).append(':');
            if (value == null) {
                out.append("null");
            } else {
                quote(out, value);
            }
        });
        return out.append('}').toString();
    }

    private static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }
}
