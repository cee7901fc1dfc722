package dev.genaimon.app.wiring;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.identity.ManagedIdentityCredentialBuilder;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.ingest.azuremonitor.AzureMonitorSettings;
import dev.genaimon.ingest.azuremonitor.AzureMonitorSource;
import dev.genaimon.ingest.azuremonitor.ColumnMapping;
import dev.genaimon.ingest.azuremonitor.LogsQuery;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The Azure Monitor source of {@code genaimon run} ({@code azure-monitor.enabled: true}): settings and column mapping
 * from configuration (validated at startup), an Entra ID credential from azure-identity, the Log Analytics client
 * over the JDK's HTTP client, and the source's transactional producer.
 */
public final class AzureMonitorStage {

    private AzureMonitorStage() {
    }

    /** @throws ConfigException naming every missing or invalid azure-monitor key */
    static AzureMonitorSettings settings(GenaimonConfig config) {
        List<String> problems = new ArrayList<>();
        ColumnMapping mapping = null;
        try {
            mapping = ColumnMapping.of(config.azureMonitorColumns());
        } catch (IllegalArgumentException e) {
            problems.add(ConfigKeys.AZURE_MONITOR_COLUMNS + ": " + e.getMessage());
        }
        if (config.get(ConfigKeys.AZURE_MONITOR_CREDENTIAL).equals("client-secret")
                && (config.get(ConfigKeys.AZURE_MONITOR_TENANT_ID).isBlank()
                || config.get(ConfigKeys.AZURE_MONITOR_CLIENT_ID).isBlank()
                || config.get(ConfigKeys.AZURE_MONITOR_CLIENT_SECRET).isBlank())) {
            problems.add(ConfigKeys.AZURE_MONITOR_CREDENTIAL.name() + ": client-secret needs azure-monitor.tenant-id,"
                    + " azure-monitor.client-id and azure-monitor.client-secret");
        }
        try {
            AzureMonitorSettings settings = new AzureMonitorSettings(config.get(ConfigKeys.AZURE_MONITOR_WORKSPACE),
                    config.get(ConfigKeys.AZURE_MONITOR_QUERY), config.get(ConfigKeys.AZURE_MONITOR_TIME_COLUMN),
                    config.get(ConfigKeys.AZURE_MONITOR_ID_COLUMN), mapping,
                    config.get(ConfigKeys.AZURE_MONITOR_INTERVAL), config.get(ConfigKeys.AZURE_MONITOR_LOOKBACK),
                    config.get(ConfigKeys.AZURE_MONITOR_OVERLAP), config.get(ConfigKeys.AZURE_MONITOR_PAGE_SIZE),
                    config.get(ConfigKeys.AZURE_MONITOR_MAX_PAGES), config.get(ConfigKeys.AZURE_MONITOR_MAX_SEEN),
                    config.get(ConfigKeys.AZURE_MONITOR_SERVER_TIMEOUT));
            if (problems.isEmpty()) {
                return settings;
            }
        } catch (AzureMonitorSettings.InvalidSettingsException e) {
            for (String problem : e.problems()) {
                if (!problem.startsWith("columns")) { // reported above with the mapping's own reason
                    problems.add("azure-monitor." + problem);
                }
            }
        }
        throw new ConfigException(problems);
    }

    /** The Entra ID credential named by {@code azure-monitor.credential}. */
    static TokenCredential credential(GenaimonConfig config) {
        String clientId = config.get(ConfigKeys.AZURE_MONITOR_CLIENT_ID);
        return switch (config.get(ConfigKeys.AZURE_MONITOR_CREDENTIAL)) {
            case "client-secret" -> new ClientSecretCredentialBuilder()
                    .tenantId(config.get(ConfigKeys.AZURE_MONITOR_TENANT_ID)).clientId(clientId)
                    .clientSecret(config.get(ConfigKeys.AZURE_MONITOR_CLIENT_SECRET))
                    .httpClient(new JdkHttpClientBuilder().build()).build();
            case "managed-identity" -> {
                ManagedIdentityCredentialBuilder builder = new ManagedIdentityCredentialBuilder()
                        .httpClient(new JdkHttpClientBuilder().build());
                yield clientId.isBlank() ? builder.build() : builder.clientId(clientId).build();
            }
            default -> new DefaultAzureCredentialBuilder().httpClient(new JdkHttpClientBuilder().build()).build();
        };
    }

    /** The production client: Entra ID bearer tokens over HTTPS (the SDK refuses tokens over plain http). */
    static LogsQueryClient client(GenaimonConfig config) {
        LogsQueryClientBuilder builder = new LogsQueryClientBuilder().credential(credential(config))
                .httpClient(new JdkHttpClientBuilder().build());
        String endpoint = config.get(ConfigKeys.AZURE_MONITOR_ENDPOINT);
        if (!endpoint.isBlank()) {
            builder.endpoint(endpoint);
        }
        return builder.buildClient();
    }

    /**
     * Starts the source: fences a previous instance, reads the watermark, then polls on its own thread.
     *
     * @param client the Log Analytics client, or null for {@link #client(GenaimonConfig)} (tests pass their own)
     * @return the running source; closing it stops polling and closes its producer
     */
    public static AzureMonitorSource start(GenaimonConfig config, KafkaConnection kafka, MeterRegistry meters,
                                           Clock clock, LogsQueryClient client) {
        AzureMonitorSettings settings = settings(config);
        LogsQuery logs = LogsQuery.of(client != null ? client : client(config), settings.workspaceId(),
                settings.serverTimeout());
        KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(
                new HashMap<>(AzureMonitorSource.producerConfig(settings.workspaceId()))));
        AzureMonitorSource source = new AzureMonitorSource(settings, logs, producer,
                () -> new KafkaConsumer<>(kafka.clientProperties(new HashMap<>(AzureMonitorSource.consumerConfig()))),
                kafka.topics().interactionsRaw(), kafka.topics().dlq(), kafka.topics().azureMonitorWatermarks(),
                meters, clock);
        try {
            source.start();
        } catch (RuntimeException e) {
            source.close();
            throw e;
        }
        return source;
    }
}
