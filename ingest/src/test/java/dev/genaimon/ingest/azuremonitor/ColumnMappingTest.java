package dev.genaimon.ingest.azuremonitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnMappingTest {

    @Test
    void shouldReportEveryProblemOfAMappingAtOnce() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("colour", "Colour");
        configured.put("model", " ");
        configured.put("inputTokens", "InputTokens");

        assertThatThrownBy(() -> ColumnMapping.of(configured))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field 'colour'")
                .hasMessageContaining("model: expected a column name or =constant")
                .hasMessageContaining("app is required");
    }

    @Test
    void shouldDefaultTheProviderToAzureOpenAiAndReadConstantsAndColumns() {
        ColumnMapping mapping = ColumnMapping.of(Map.of("app", "=support-bot", "model", "Model",
                "attributes.region", "Region"));
        LogRow row = new LogRow(Map.of("Model", "gpt-4o", "Region", "westeurope"));

        assertThat(mapping.value("provider", row)).isEqualTo("azure.ai.openai");
        assertThat(mapping.value("app", row)).isEqualTo("support-bot");
        assertThat(mapping.value("model", row)).isEqualTo("gpt-4o");
        assertThat(mapping.value("deployment", row)).isNull();
        assertThat(mapping.attributeColumns()).containsExactly(Map.entry("region", "Region"));
        assertThat(mapping.columns()).containsExactlyInAnyOrder("Model", "Region");
    }
}
