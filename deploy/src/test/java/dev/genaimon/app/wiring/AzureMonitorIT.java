package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddHeadersPolicy;
import com.azure.monitor.query.LogsQueryClient;
import com.azure.monitor.query.LogsQueryClientBuilder;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.ingest.azuremonitor.AzureMonitorSource;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.TopicSpec;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 3 of issue 3: the Azure Monitor source, through the real Azure SDK client against a local Log Analytics
 * query API, ingests a multi-page result with equal timestamps across page boundaries, is restarted after a failure
 * mid-poll, picks up rows that arrive late, and the raw topic (read_committed) ends with exactly the workspace's valid
 * rows - no duplicates, no gaps - while the invalid ones are dead letters.
 */
@ExtendWith(SharedKafka.class)
class AzureMonitorIT {

    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();

    @Test
    void shouldIngestEveryWorkspaceRowExactlyOnceAcrossPagesRestartsAndLateRows() throws Exception {
        String workspace = UUID.randomUUID().toString();
        String suffix = workspace.substring(0, 8);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (LocalLogAnalytics logAnalytics = new LocalLogAnalytics(workspace)) {
            // 450 rows over the last 30 minutes, three per timestamp: pages of 100 split equal-time groups
            List<LocalLogAnalytics.Row> initial = new ArrayList<>();
            for (int i = 0; i < 450; i++) {
                Instant time = now.minus(Duration.ofMinutes(30)).plusMillis((i / 3) * 11_000L + 123);
                initial.add(row(time, "r-" + (char) ('a' + i % 3) + "-" + i, i));
            }
            // two rows that cannot become interactions: no model, a token count that is not a number
            initial.add(new LocalLogAnalytics.Row(now.minusSeconds(600), "bad-model", "support-bot", null, "5"));
            initial.add(new LocalLogAnalytics.Row(now.minusSeconds(590), "bad-tokens", "support-bot", "gpt-4o",
                    "many"));
            logAnalytics.add(initial);

            Path yaml = configFile(workspace, suffix, logAnalytics.endpoint());
            GenaimonConfig slowConfig = GenaimonConfig.load(yaml, Map.of(), new Properties(),
                    Map.of(ConfigKeys.AZURE_MONITOR_INTERVAL.name(), "1h"));
            KafkaConnection kafka = new KafkaConnection(SharedKafka.bootstrapServers(), slowConfig);
            try (TopicAdmin admin = new TopicAdmin(kafka, (short) 1)) {
                admin.createMissing(Duration.ofSeconds(30));
            }
            LogsQueryClient client = testClient(logAnalytics.endpoint());

            // first instance: pages 1 and 2 commit, page 3 fails; one poll only (interval 1h), then it is stopped
            logAnalytics.failRequest(3);
            AzureMonitorSource first = AzureMonitorStage.start(slowConfig, kafka, METERS, Clock.systemUTC(), client);
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> logAnalytics.requests() >= 3
                    && METERS.counter("genaimon.azure_monitor.polls", "outcome", "failed").count() >= 1);
            first.close();
            List<Interaction> afterFirst = committed(kafka, kafka.topics().interactionsRaw());
            assertThat(afterFirst).as("two pages of 100 committed before the failure").hasSize(200);

            // late rows: timed before the first instance's watermark, but inside the 10-minute overlap
            Instant lateTime = initial.get(150).time();
            List<LocalLogAnalytics.Row> late = IntStream.range(0, 7)
                    .mapToObj(i -> row(lateTime, "late-" + i, 1000 + i)).toList();
            logAnalytics.add(late);

            // second instance (the restart): polls every 200 ms
            GenaimonConfig config = GenaimonConfig.load(yaml, Map.of(), new Properties(),
                    Map.of(ConfigKeys.AZURE_MONITOR_INTERVAL.name(), "200ms"));
            try (AzureMonitorSource second = AzureMonitorStage.start(config, kafka, METERS, Clock.systemUTC(),
                    client)) {
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        committed(kafka, kafka.topics().interactionsRaw()).size() >= 450 + 7);

                // rows that arrive after the source has read past their time (ingestion delay of about a minute)
                List<LocalLogAnalytics.Row> later = IntStream.range(0, 5)
                        .mapToObj(i -> row(Instant.now().minusSeconds(60), "later-" + i, 2000 + i)).toList();
                logAnalytics.add(later);
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                        committed(kafka, kafka.topics().interactionsRaw()).size() >= 450 + 7 + 5);

                // a few more polls re-read the overlap window: nothing may be written again
                double polls = METERS.counter("genaimon.azure_monitor.polls", "outcome", "ok").count();
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                        METERS.counter("genaimon.azure_monitor.polls", "outcome", "ok").count() >= polls + 5);
                assertThat(second.failed()).isFalse();
            }

            List<Interaction> written = committed(kafka, kafka.topics().interactionsRaw());
            Set<String> expectedRowIds = logAnalytics.rows().stream().map(LocalLogAnalytics.Row::id)
                    .filter(id -> !id.startsWith("bad-")).collect(Collectors.toSet());
            List<String> writtenRowIds = written.stream()
                    .map(i -> i.getAttributes().get("azure_monitor.row_id")).toList();
            assertThat(writtenRowIds).as("no duplicates").doesNotHaveDuplicates();
            assertThat(Set.copyOf(writtenRowIds)).as("no gaps").isEqualTo(expectedRowIds);
            assertThat(written).allSatisfy(i -> {
                assertThat(i.getInteractionId()).startsWith("azmon-");
                assertThat(i.getSource()).isEqualTo("azure-monitor");
                assertThat(i.getModel().getProvider()).isEqualTo("azure.ai.openai");
                assertThat(i.getAttributes()).containsEntry("azure_monitor.workspace_id", workspace);
            });
            assertThat(written.stream().map(Interaction::getInteractionId).distinct().count()).isEqualTo(written.size());
            Map<String, LocalLogAnalytics.Row> byId = logAnalytics.rows().stream()
                    .collect(Collectors.toMap(LocalLogAnalytics.Row::id, Function.identity()));
            assertThat(written).allSatisfy(i -> {
                LocalLogAnalytics.Row source = byId.get(i.getAttributes().get("azure_monitor.row_id"));
                assertThat(i.getTimestamp()).isEqualTo(source.time().truncatedTo(ChronoUnit.MILLIS));
                assertThat(i.getApp()).isEqualTo(source.app());
                assertThat(i.getModel().getModel()).isEqualTo(source.model());
                assertThat(i.getUsage().getInputTokens()).isEqualTo(Long.parseLong(source.tokens()));
            });

            List<DeadLetter> letters = committed(kafka, kafka.topics().dlq());
            assertThat(letters).hasSize(2).allSatisfy(d -> {
                assertThat(d.getStage()).isEqualTo("ingest-azure-monitor");
                assertThat(d.getReason()).isEqualTo("MAPPING_FAILED");
            });
            assertThat(letters.stream().map(d -> StandardCharsets.UTF_8.decode(d.getPayload()).toString()))
                    .anySatisfy(p -> assertThat(p).contains("\"_ItemId\":\"bad-model\""))
                    .anySatisfy(p -> assertThat(p).contains("\"_ItemId\":\"bad-tokens\""));
            assertThat(letters.stream().map(DeadLetter::getMessage))
                    .anySatisfy(m -> assertThat(m).contains("model (column Model) is required"))
                    .anySatisfy(m -> assertThat(m).contains("inputTokens (InputTokens): expected a number, got 'many'"));
            assertThat(logAnalytics.problems()).isEmpty();
        }
    }

    private static LocalLogAnalytics.Row row(Instant time, String id, int n) {
        return new LocalLogAnalytics.Row(time, id, "app-" + (n % 4), "gpt-4o-" + (n % 2 == 0 ? "mini" : "full"),
                Integer.toString(10 + n));
    }

    /** The SDK refuses bearer tokens over http, so the test pipeline sets the header itself (tests only). */
    private static LogsQueryClient testClient(String endpoint) {
        HttpHeaders headers = new HttpHeaders().set(HttpHeaderName.AUTHORIZATION, "Bearer test-token");
        return new LogsQueryClientBuilder().endpoint(endpoint)
                .pipeline(new HttpPipelineBuilder().httpClient(new JdkHttpClientBuilder().build())
                        .policies(new AddHeadersPolicy(headers)).build())
                .buildClient();
    }

    /** This test's own topics (renamed catalog topics): the shared broker's raw topic holds other tests' records. */
    private static Path configFile(String workspace, String suffix, String endpoint) throws Exception {
        Path yaml = Files.createTempFile("azmon-it-", ".yaml");
        Files.writeString(yaml, String.join("\n",
                "topics:",
                "  partitions: 3",
                "  rename: genaimon.interactions.raw.v1=it-azmon-raw-" + suffix + ",genaimon.dlq.v1=it-azmon-dlq-"
                        + suffix + ",genaimon.sources.azure-monitor.v1=it-azmon-watermarks-" + suffix,
                "azure-monitor:",
                "  enabled: true",
                "  workspace-id: " + workspace,
                "  endpoint: " + endpoint,
                "  query: |",
                "    AppDependencies",
                "    | where Type == \"Azure OpenAI\"",
                "    | project TimeGenerated, _ItemId, AppRoleName, Model = tostring(Properties[\"gen_ai.request.model\"]),"
                        + " InputTokens = tostring(Properties[\"gen_ai.usage.input_tokens\"])",
                "  lookback: 1h",
                "  overlap: 10m",
                "  page-size: 100",
                "  columns:",
                "    app: AppRoleName",
                "    model: Model",
                "    inputTokens: InputTokens",
                ""), StandardCharsets.UTF_8);
        return yaml;
    }

    private static <V> List<V> committed(KafkaConnection kafka, TopicSpec<String, V> topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<V> values = new ArrayList<>();
        try (KafkaConsumer<String, V> consumer = new KafkaConsumer<>(kafka.clientProperties(props),
                new StringDeserializer(), topic.value().deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    values.add(record.value());
                }
            }
        }
        return values;
    }
}
