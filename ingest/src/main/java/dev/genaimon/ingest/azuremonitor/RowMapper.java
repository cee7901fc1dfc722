package dev.genaimon.ingest.azuremonitor;

import dev.genaimon.schemas.avro.CallStatus;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.TokenUsage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Maps a Log Analytics row to an {@code Interaction} with the configured {@link ColumnMapping}. */
final class RowMapper {

    static final String SOURCE = "azure-monitor";
    private static final Pattern TRACE_ID = Pattern.compile("[0-9a-f]{32}");
    private static final Pattern SPAN_ID = Pattern.compile("[0-9a-f]{16}");

    private final ColumnMapping mapping;
    private final String workspaceId;
    private final String timeColumn;

    RowMapper(ColumnMapping mapping, String workspaceId, String timeColumn) {
        this.mapping = mapping;
        this.workspaceId = workspaceId;
        this.timeColumn = timeColumn;
    }

    /**
     * The interaction id of a row: the mapped {@code interactionId} column when it has a value, else
     * {@code azmon-} + 32 hex chars of SHA-256(workspace id, row id), the same on every read of the row.
     */
    String interactionId(LogRow row, String rowId) {
        String mapped = mapping.value("interactionId", row);
        return mapped != null ? mapped : "azmon-" + sha256Hex(workspaceId + "\n" + rowId).substring(0, 32);
    }

    /**
     * @param rowId      the row's id column value
     * @param receivedAt when the source read the row
     * @throws RowMappingException naming the field, column and value that could not be mapped
     */
    Interaction map(LogRow row, String rowId, Instant receivedAt) throws RowMappingException {
        String timeSource = mapping.fields().getOrDefault("timestamp", timeColumn);
        Instant timestamp = parseTime("timestamp", timeSource.startsWith("=") ? timeSource.substring(1)
                : row.get(timeSource));
        Interaction.Builder interaction = Interaction.newBuilder()
                .setInteractionId(interactionId(row, rowId))
                .setTimestamp(timestamp)
                .setReceivedAt(receivedAt)
                .setSource(SOURCE)
                .setTenant(orDefault(mapping.value("tenant", row), "default"))
                .setApp(required("app", row))
                .setEnvironment(mapping.value("environment", row))
                .setOperation(mapping.value("operation", row))
                .setModel(ModelDeployment.newBuilder()
                        .setProvider(required("provider", row))
                        .setModel(required("model", row))
                        .setVersion(mapping.value("modelVersion", row))
                        .setDeployment(mapping.value("deployment", row))
                        .build())
                .setSystemPrompt(mapping.value("systemPrompt", row))
                .setResponse(mapping.value("response", row))
                .setFinishReason(mapping.value("finishReason", row))
                .setLatencyMs(number("latencyMs", row))
                .setTraceId(id("traceId", row, TRACE_ID))
                .setSpanId(id("spanId", row, SPAN_ID))
                .setConversationId(mapping.value("conversationId", row));
        String prompt = mapping.value("prompt", row);
        if (prompt != null) {
            interaction.setMessages(List.of(Message.newBuilder().setRole("user").setContent(prompt).build()));
        }
        Long input = number("inputTokens", row);
        Long output = number("outputTokens", row);
        Long total = number("totalTokens", row);
        if (input != null || output != null || total != null) {
            interaction.setUsage(TokenUsage.newBuilder().setInputTokens(input).setOutputTokens(output)
                    .setTotalTokens(total != null ? total : input != null && output != null ? input + output : null)
                    .build());
        }
        interaction.setStatus(status(row));
        Map<String, String> attributes = new LinkedHashMap<>();
        mapping.attributeColumns().forEach((name, source) -> {
            String value = source.startsWith("=") ? source.substring(1) : row.get(source);
            if (value != null) {
                attributes.put(name, value);
            }
        });
        attributes.put("azure_monitor.workspace_id", workspaceId);
        attributes.put("azure_monitor.row_id", rowId);
        interaction.setAttributes(attributes);
        return interaction.build();
    }

    private CallStatus status(LogRow row) throws RowMappingException {
        String success = mapping.value("success", row);
        Long http = number("httpStatus", row);
        if (http != null && (http < 100 || http > 599)) {
            throw new RowMappingException("httpStatus (" + mapping.fields().get("httpStatus")
                    + "): expected an HTTP status in [100, 599], got " + http);
        }
        boolean error;
        if (success != null) {
            error = switch (success.strip().toLowerCase(Locale.ROOT)) {
                case "true", "1", "ok", "success", "succeeded" -> false;
                case "false", "0", "error", "failure", "failed" -> true;
                default -> throw new RowMappingException("success (" + mapping.fields().get("success")
                        + "): expected true or false, got '" + success + "'");
            };
        } else if (http != null) {
            error = http >= 400;
        } else if (mapping.value("errorType", row) == null) {
            return null;
        } else {
            error = true;
        }
        return CallStatus.newBuilder().setCode(error ? "error" : "ok")
                .setHttpStatus(http == null ? null : http.intValue())
                .setErrorType(error ? mapping.value("errorType", row) : null)
                .setMessage(error ? mapping.value("errorMessage", row) : null)
                .build();
    }

    private String required(String field, LogRow row) throws RowMappingException {
        String value = mapping.value(field, row);
        if (value == null || value.isBlank()) {
            throw new RowMappingException(field + " (column " + mapping.fields().get(field)
                    + ") is required but the row has no value");
        }
        return value;
    }

    /** A whole number; decimals (DurationMs is a real) are rounded. Negative numbers are refused. */
    private Long number(String field, LogRow row) throws RowMappingException {
        String value = mapping.value(field, row);
        if (value == null) {
            return null;
        }
        try {
            BigDecimal number = new BigDecimal(value.strip());
            if (number.signum() < 0) {
                throw new RowMappingException(field + " (" + mapping.fields().get(field)
                        + "): expected a non-negative number, got " + value);
            }
            return number.setScale(0, RoundingMode.HALF_UP).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new RowMappingException(field + " (" + mapping.fields().get(field) + "): expected a number, got '"
                    + abbreviate(value) + "'");
        }
    }

    private String id(String field, LogRow row, Pattern format) throws RowMappingException {
        String value = mapping.value(field, row);
        if (value == null) {
            return null;
        }
        String normalized = value.strip().replace("-", "").toLowerCase(Locale.ROOT);
        if (!format.matcher(normalized).matches()) {
            throw new RowMappingException(field + " (" + mapping.fields().get(field) + "): expected "
                    + (format == TRACE_ID ? 32 : 16) + " hex chars (W3C), got '" + abbreviate(value) + "'");
        }
        return normalized;
    }

    static Instant parseTime(String field, String value) throws RowMappingException {
        if (value == null || value.isBlank()) {
            throw new RowMappingException(field + " is required but the row has no value");
        }
        try {
            return OffsetDateTime.parse(value.strip()).toInstant();
        } catch (DateTimeParseException e) {
            throw new RowMappingException(field + ": expected an ISO-8601 date-time, got '" + abbreviate(value) + "'");
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null ? fallback : value;
    }

    private static String abbreviate(String value) {
        return value.length() <= 80 ? value : value.substring(0, 80) + "...";
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
