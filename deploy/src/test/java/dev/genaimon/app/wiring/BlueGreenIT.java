package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.tail.TopicTail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The blue/green procedure of docs/upgrades.md on a real broker: the green version of the enrich stage runs under its
 * own application id beside blue, reads the same raw input from where this test's traffic began (committed offsets
 * set before it starts), writes to renamed output topics
 * ({@code topics.rename}); outputs are compared, blue is stopped, and green goes on alone. Every input record ends up
 * exactly once (read_committed) in each version's output for the span that version ran.
 */
@ExtendWith(SharedKafka.class)
class BlueGreenIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String BLUE_OUT = "genaimon.interactions.v1";
    private static final String GREEN_OUT = "genaimon.interactions.bg-green.v1";
    private static final String PREFIX = "it-bluegreen-";

    private final List<GenaimonRuntime> runtimes = new ArrayList<>();

    @AfterEach
    void stop() {
        runtimes.forEach(GenaimonRuntime::close);
    }

    @Test
    void shouldDualRunCompareAndCutOverWithoutLosingOrDoublingRecords() throws Exception {
        List<ObjectNode> items = ExampleInteractions.generate(60, PREFIX, new Random(9));
        List<ObjectNode> beforeGreen = items.subList(0, 20);
        List<ObjectNode> dualRun = items.subList(20, 40);
        List<ObjectNode> afterCutOver = items.subList(40, 60);

        // deployed as on Kubernetes: an ingest-only process, and enrich-only processes without the ingest API
        GenaimonRuntime ingest = ItRuntime.start("bg-ingest", Map.of(ConfigKeys.ENRICH_ENABLED.name(), "false",
                ConfigKeys.DRIFT_ENABLED.name(), "false", ConfigKeys.OPS_ENABLED.name(), "false"));
        runtimes.add(ingest);
        GenaimonRuntime blue = start("bg-blue", Map.of());
        HttpResponse<String> refused = postRaw(blue, beforeGreen);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).contains("ingest_disabled");
        // where the input stood when this test's traffic began: green starts there (the shared raw topic holds
        // other tests' records before it; in production: --reset-offsets --to-datetime, or earliest)
        Map<TopicPartition, OffsetAndMetadata> start = endOffsets(blue, blue.kafka().topics().interactionsRaw().name());
        post(ingest, beforeGreen);
        await().atMost(Duration.ofSeconds(120)).until(() -> counts(blue, BLUE_OUT).size() == 20);

        // green: a new application id, the same input from that point, its own output topics
        try (Admin admin = Admin.create(blue.kafka().clientProperties(Map.of()))) {
            admin.alterConsumerGroupOffsets("it-bg-green-enrich", start).all().get(30, TimeUnit.SECONDS);
        }
        GenaimonRuntime green = start("bg-green", Map.of(
                ConfigKeys.TOPIC_RENAME.name(), "genaimon.interactions.v1=" + GREEN_OUT
                        + ",genaimon.safety-flags.v1=genaimon.safety-flags.bg-green.v1"
                        + ",genaimon.signals.v1=genaimon.signals.bg-green.v1"));
        assertThat(green.kafka().topics().interactions().name()).isEqualTo(GREEN_OUT);
        post(ingest, dualRun);

        await().atMost(Duration.ofSeconds(180)).until(() -> counts(blue, BLUE_OUT).size() == 40
                && counts(green, GREEN_OUT).size() == 40);
        Map<String, JsonNode> blueValues = values(blue, BLUE_OUT);
        Map<String, JsonNode> greenValues = values(green, GREEN_OUT);
        assertThat(greenValues.keySet()).isEqualTo(blueValues.keySet());
        blueValues.forEach((key, value) -> assertThat(greenValues.get(key)).as(key).isEqualTo(value));

        // cut over: blue stops, green serves alone
        blue.close();
        runtimes.remove(blue);
        post(ingest, afterCutOver);
        await().atMost(Duration.ofSeconds(120)).until(() -> counts(green, GREEN_OUT).size() == 60);

        Map<String, Integer> greenCounts = counts(green, GREEN_OUT);
        Map<String, Integer> blueCounts = counts(green, BLUE_OUT);
        for (ObjectNode item : items) {
            String id = item.get("interactionId").asText();
            assertThat(greenCounts.get(id)).as("green copies of %s", id).isEqualTo(1);
        }
        for (ObjectNode item : items.subList(0, 40)) {
            String id = item.get("interactionId").asText();
            assertThat(blueCounts.get(id)).as("blue copies of %s", id).isEqualTo(1);
        }
        assertThat(blueCounts).hasSize(40);
    }

    private GenaimonRuntime start(String name, Map<String, String> settings) throws Exception {
        Map<String, String> all = new HashMap<>(settings);
        all.put(ConfigKeys.ENRICH_ENABLED.name(), "true");
        all.put(ConfigKeys.DRIFT_ENABLED.name(), "false");
        all.put(ConfigKeys.OPS_ENABLED.name(), "false");
        all.put(ConfigKeys.INGEST_ENABLED.name(), "false");
        GenaimonRuntime runtime = ItRuntime.start(name, all);
        runtimes.add(runtime);
        return runtime;
    }

    private static Map<TopicPartition, OffsetAndMetadata> endOffsets(GenaimonRuntime runtime, String topic)
            throws Exception {
        try (Admin admin = Admin.create(runtime.kafka().clientProperties(Map.of()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS)
                    .forEach((partition, info) -> offsets.put(partition, new OffsetAndMetadata(info.offset())));
            return offsets;
        }
    }

    private static void post(GenaimonRuntime runtime, List<ObjectNode> items) throws Exception {
        HttpResponse<String> response = postRaw(runtime, items);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private static HttpResponse<String> postRaw(GenaimonRuntime runtime, List<ObjectNode> items) throws Exception {
        String body = String.join("\n", items.stream().map(JsonNode::toString).toList());
        return HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.httpPort() + "/v1/interactions"))
                .header("Content-Type", "application/x-ndjson").POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** How many committed records each of this test's keys has on the topic. */
    private static Map<String, Integer> counts(GenaimonRuntime runtime, String topic) throws Exception {
        Map<String, Integer> counts = new TreeMap<>();
        for (JsonNode record : records(runtime, topic)) {
            counts.merge(record.get("key").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private static Map<String, JsonNode> values(GenaimonRuntime runtime, String topic) throws Exception {
        Map<String, JsonNode> values = new TreeMap<>();
        for (JsonNode record : records(runtime, topic)) {
            values.put(record.get("key").asText(), record.get("value"));
        }
        return values;
    }

    private static List<JsonNode> records(GenaimonRuntime runtime, String topic) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TopicTail.run(runtime.kafka().clientProperties(Map.of()), runtime.kafka().serdes().genericDecoder(), topic,
                new TopicTail.Options(true, 0, Duration.ofSeconds(2), true),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        List<JsonNode> records = new ArrayList<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                if (node.path("key").asText("").startsWith(PREFIX)) {
                    records.add(node);
                }
            }
        }
        return records;
    }
}
