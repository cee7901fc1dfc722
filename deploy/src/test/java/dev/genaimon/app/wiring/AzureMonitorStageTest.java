package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.ingest.azuremonitor.AzureMonitorSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AzureMonitorStageTest {

    @TempDir
    Path dir;

    private GenaimonConfig load(String yaml, Map<String, String> env) throws Exception {
        Path file = dir.resolve("genaimon.yaml");
        Files.writeString(file, yaml);
        return GenaimonConfig.load(file, env, new Properties(), Map.of());
    }

    @Test
    void shouldReadSettingsAndTheColumnMappingFromTheYamlFile() throws Exception {
        GenaimonConfig config = load("""
                azure-monitor:
                  enabled: true
                  workspace-id: 6f8c1a2e-0000-4000-8000-000000000001
                  query: |
                    AppDependencies | where Type == "Azure OpenAI"
                  interval: 30s
                  overlap: 15m
                  page-size: 2000
                  columns:
                    app: AppRoleName
                    model: Model
                    tenant: "=acme"
                    attributes.region: Region
                """, Map.of());

        AzureMonitorSettings settings = AzureMonitorStage.settings(config);

        assertThat(settings.workspaceId()).isEqualTo("6f8c1a2e-0000-4000-8000-000000000001");
        assertThat(settings.query()).isEqualTo("AppDependencies | where Type == \"Azure OpenAI\"");
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.overlap()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.lookback()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.pageSize()).isEqualTo(2000);
        assertThat(settings.timeColumn()).isEqualTo("TimeGenerated");
        assertThat(settings.idColumn()).isEqualTo("_ItemId");
        assertThat(settings.mapping().fields()).containsEntry("app", "AppRoleName").containsEntry("tenant", "=acme")
                .containsEntry("attributes.region", "Region").containsEntry("provider", "=azure.ai.openai");
        assertThat(settings.sourceKey()).isEqualTo("azure-monitor/6f8c1a2e-0000-4000-8000-000000000001");
    }

    @Test
    void shouldReportEveryProblemOfTheSourceConfigurationAtStartup() throws Exception {
        GenaimonConfig config = load("""
                azure-monitor:
                  enabled: true
                  credential: client-secret
                  client-id: app-1
                  id-column: "Id; drop"
                  columns:
                    model: Model
                    colour: Colour
                """, Map.of());

        assertThatThrownBy(() -> AzureMonitorStage.settings(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("azure-monitor.columns: unknown field 'colour'")
                .hasMessageContaining("app is required")
                .hasMessageContaining("client-secret needs azure-monitor.tenant-id")
                .hasMessageContaining("azure-monitor.workspace-id is required")
                .hasMessageContaining("azure-monitor.query is required")
                .hasMessageContaining("azure-monitor.id-column must be a column name, got 'Id; drop'");
    }

    @Test
    void shouldTakeTheClientSecretFromTheEnvironmentAndNeverShowIt() throws Exception {
        GenaimonConfig config = load("""
                azure-monitor:
                  credential: client-secret
                  tenant-id: t-1
                  client-id: app-1
                """, Map.of("GENAIMON_AZURE_MONITOR_CLIENT_SECRET", "s3cr3t-value"));

        assertThat(config.describe()).contains("azure-monitor.client-secret = ****")
                .doesNotContain("s3cr3t-value");
        assertThat(config.source(dev.genaimon.app.config.ConfigKeys.AZURE_MONITOR_CLIENT_SECRET))
                .isEqualTo("environment GENAIMON_AZURE_MONITOR_CLIENT_SECRET");
    }

    @Test
    void shouldRefuseAColumnMappingThatIsNotAMapping() throws Exception {
        assertThatThrownBy(() -> load("""
                azure-monitor:
                  columns: [app, model]
                """, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("azure-monitor.columns: expected a mapping");
    }
}
