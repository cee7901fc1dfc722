package dev.genaimon.ingest.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.schemas.avro.Interaction;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RowMapperTest {

    private static final Instant NOW = Instant.parse("2026-11-24T02:00:00Z");

    private static final Map<String, String> COLUMNS = Map.ofEntries(
            Map.entry("app", "AppRoleName"), Map.entry("tenant", "=acme"), Map.entry("model", "Model"),
            Map.entry("deployment", "Deployment"), Map.entry("operation", "Operation"),
            Map.entry("prompt", "Prompt"), Map.entry("response", "Completion"),
            Map.entry("inputTokens", "InputTokens"), Map.entry("outputTokens", "OutputTokens"),
            Map.entry("latencyMs", "DurationMs"), Map.entry("success", "Success"),
            Map.entry("httpStatus", "ResultCode"), Map.entry("traceId", "OperationId"),
            Map.entry("attributes.region", "Region"));

    private static LogRow row(Map<String, String> changes) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("TimeGenerated", "2026-11-24T01:02:03.1234567Z");
        values.put("_ItemId", "item-1");
        values.put("AppRoleName", "support-bot");
        values.put("Model", "gpt-4o-mini");
        values.put("Deployment", "chat-prod");
        values.put("Operation", "chat");
        values.put("Prompt", "Where is my order?");
        values.put("Completion", "It ships tomorrow.");
        values.put("InputTokens", "42");
        values.put("OutputTokens", "7");
        values.put("DurationMs", "812.6");
        values.put("Success", "False");
        values.put("ResultCode", "429");
        values.put("OperationId", "0AF7651916CD43DD8448EB211C80319C");
        values.put("Region", "westeurope");
        values.putAll(changes);
        return new LogRow(values);
    }

    private final RowMapper mapper = new RowMapper(ColumnMapping.of(COLUMNS), "ws-1", "TimeGenerated");

    @Test
    void shouldMapEveryConfiguredColumnOfAnAppDependenciesRow() throws Exception {
        Interaction interaction = mapper.map(row(Map.of()), "item-1", NOW);

        assertThat(interaction.getTimestamp()).isEqualTo(Instant.parse("2026-11-24T01:02:03.123Z"));
        assertThat(interaction.getReceivedAt()).isEqualTo(NOW);
        assertThat(interaction.getSource()).isEqualTo("azure-monitor");
        assertThat(interaction.getTenant()).isEqualTo("acme");
        assertThat(interaction.getApp()).isEqualTo("support-bot");
        assertThat(interaction.getOperation()).isEqualTo("chat");
        assertThat(interaction.getModel().getProvider()).isEqualTo("azure.ai.openai");
        assertThat(interaction.getModel().getModel()).isEqualTo("gpt-4o-mini");
        assertThat(interaction.getModel().getDeployment()).isEqualTo("chat-prod");
        assertThat(interaction.getMessages()).singleElement().satisfies(m -> {
            assertThat(m.getRole()).isEqualTo("user");
            assertThat(m.getContent()).isEqualTo("Where is my order?");
        });
        assertThat(interaction.getResponse()).isEqualTo("It ships tomorrow.");
        assertThat(interaction.getUsage().getInputTokens()).isEqualTo(42L);
        assertThat(interaction.getUsage().getOutputTokens()).isEqualTo(7L);
        assertThat(interaction.getUsage().getTotalTokens()).isEqualTo(49L);
        assertThat(interaction.getLatencyMs()).isEqualTo(813L);
        assertThat(interaction.getStatus().getCode()).isEqualTo("error");
        assertThat(interaction.getStatus().getHttpStatus()).isEqualTo(429);
        assertThat(interaction.getTraceId()).isEqualTo("0af7651916cd43dd8448eb211c80319c");
        assertThat(interaction.getAttributes()).containsEntry("region", "westeurope")
                .containsEntry("azure_monitor.workspace_id", "ws-1").containsEntry("azure_monitor.row_id", "item-1");
    }

    @Test
    void shouldDeriveTheSameInteractionIdFromTheSameRowAndWorkspaceEveryTime() throws Exception {
        String first = mapper.map(row(Map.of()), "item-1", NOW).getInteractionId();
        String again = mapper.map(row(Map.of("Completion", "changed")), "item-1", NOW.plusSeconds(60))
                .getInteractionId();
        String otherRow = mapper.map(row(Map.of()), "item-2", NOW).getInteractionId();
        String otherWorkspace = new RowMapper(ColumnMapping.of(COLUMNS), "ws-2", "TimeGenerated")
                .map(row(Map.of()), "item-1", NOW).getInteractionId();

        assertThat(first).matches("azmon-[0-9a-f]{32}").isEqualTo(again).isNotEqualTo(otherRow)
                .isNotEqualTo(otherWorkspace);
    }

    @Test
    void shouldUseAMappedIdColumnAsTheInteractionId() throws Exception {
        Map<String, String> columns = new HashMap<>(COLUMNS);
        columns.put("interactionId", "CorrelationId");
        RowMapper withId = new RowMapper(ColumnMapping.of(columns), "ws-1", "TimeGenerated");

        assertThat(withId.map(row(Map.of("CorrelationId", "corr-7")), "item-1", NOW).getInteractionId())
                .isEqualTo("corr-7");
    }

    @Test
    void shouldTakeTheStatusFromTheHttpCodeWhenSuccessIsNotMapped() throws Exception {
        Map<String, String> columns = new HashMap<>(COLUMNS);
        columns.remove("success");
        RowMapper byCode = new RowMapper(ColumnMapping.of(columns), "ws-1", "TimeGenerated");

        assertThat(byCode.map(row(Map.of("ResultCode", "200")), "i", NOW).getStatus().getCode()).isEqualTo("ok");
        assertThat(byCode.map(row(Map.of("ResultCode", "503")), "i", NOW).getStatus().getCode()).isEqualTo("error");
    }

    @Test
    void shouldNameFieldColumnAndValueOfEveryRowThatCannotBeMapped() {
        assertThatThrownBy(() -> mapper.map(row(Map.of("Model", "")), "i", NOW))
                .isInstanceOf(RowMappingException.class)
                .hasMessage("model (column Model) is required but the row has no value");
        assertThatThrownBy(() -> mapper.map(row(Map.of("InputTokens", "forty")), "i", NOW))
                .hasMessage("inputTokens (InputTokens): expected a number, got 'forty'");
        assertThatThrownBy(() -> mapper.map(row(Map.of("OutputTokens", "-3")), "i", NOW))
                .hasMessage("outputTokens (OutputTokens): expected a non-negative number, got -3");
        assertThatThrownBy(() -> mapper.map(row(Map.of("OperationId", "not-a-trace")), "i", NOW))
                .hasMessage("traceId (OperationId): expected 32 hex chars (W3C), got 'not-a-trace'");
        assertThatThrownBy(() -> mapper.map(row(Map.of("Success", "maybe")), "i", NOW))
                .hasMessage("success (Success): expected true or false, got 'maybe'");
        assertThatThrownBy(() -> mapper.map(row(Map.of("ResultCode", "42")), "i", NOW))
                .hasMessage("httpStatus (ResultCode): expected an HTTP status in [100, 599], got 42");
        assertThatThrownBy(() -> mapper.map(row(Map.of("TimeGenerated", "yesterday")), "i", NOW))
                .hasMessage("timestamp: expected an ISO-8601 date-time, got 'yesterday'");
    }
}
