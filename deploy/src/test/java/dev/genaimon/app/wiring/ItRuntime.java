package dev.genaimon.app.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.tail.TopicTail;
import dev.genaimon.schemas.topics.TopicSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;

/** The integration tests' way to run genaimon on the shared broker and read what it wrote. */
final class ItRuntime {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ItRuntime() {
    }

    /**
     * A runtime on the shared broker with its own data directory and application ids ({@code it-<name>-...}), so
     * test classes do not share consumer groups or state.
     */
    static GenaimonRuntime start(String name, Map<String, String> settings) throws Exception {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), SharedKafka.bootstrapServers());
        overrides.put(ConfigKeys.INGEST_PORT.name(), "0");
        overrides.put(ConfigKeys.TOPIC_PARTITIONS.name(), "3");
        overrides.put(ConfigKeys.DATA_DIR.name(), Files.createTempDirectory("genaimon-it-" + name).toString());
        overrides.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), "it-" + name);
        // the shared raw topic holds other tests' records: a test's stages start at the end, not at its history
        overrides.put(ConfigKeys.AUTO_OFFSET_RESET.name(), "latest");
        // the worker runs in every runtime; the cheap test evaluator keeps the MiniLM model out of unrelated tests
        overrides.put(ConfigKeys.EVAL_EVALUATORS.name(), "it_length");
        // and no embedding-drift stage (one Streams application less) unless a test asks for it
        overrides.put(ConfigKeys.DRIFT_EMBEDDING_ENABLED.name(), "false");
        // tests wait on the analysis stages' outputs: commit them as often as enrich (production default 1 s)
        overrides.put(ConfigKeys.ANALYSIS_COMMIT_INTERVAL.name(), "100ms");
        overrides.putAll(settings);
        GenaimonRuntime runtime = GenaimonRuntime.start(
                GenaimonConfig.load(null, Map.of(), new Properties(), overrides), Clock.systemUTC());
        awaitReady(runtime);
        return runtime;
    }

    /** Until /readyz says so: topics exist and every stage is RUNNING (its partitions assigned). */
    static void awaitReady(GenaimonRuntime runtime) {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort() + "/readyz")).build();
        Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }

    /** Values of a topic whose key starts with the prefix, by key: read committed, from the beginning. */
    static Map<String, JsonNode> valuesByKey(GenaimonRuntime runtime, String topic, String keyPrefix)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TopicTail.run(runtime.kafka().clientProperties(Map.of()), runtime.kafka().serdes().genericDecoder(), topic,
                new TopicTail.Options(true, 0, Duration.ofSeconds(2), true),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        Map<String, JsonNode> byKey = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = JSON.readTree(line);
            if (node.path("key").asText("").startsWith(keyPrefix)) {
                byKey.put(node.get("key").asText(), node.get("value"));
            }
        }
        return byKey;
    }

    /** Every committed value of a topic, in offset order per partition (one key's records share a partition). */
    static <V> List<V> committedValues(GenaimonRuntime runtime, TopicSpec<String, V> topic) {
        return committedValues(runtime, topic, key -> true);
    }

    /**
     * The committed values of a topic whose key passes the filter, decoded after filtering: on the shared broker a
     * topic such as the raw one also holds other tests' records, malformed ones included (PoisonInputIT).
     */
    static <V> List<V> committedValues(GenaimonRuntime runtime, TopicSpec<String, V> topic,
                                       java.util.function.Predicate<String> keys) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<V> values = new ArrayList<>();
        org.apache.kafka.common.serialization.Deserializer<V> decoder = topic.value().deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(runtime.kafka().clientProperties(props),
                new StringDeserializer(), new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null && record.key() != null && keys.test(record.key())) {
                        values.add(decoder.deserialize(topic.name(), record.value()));
                    }
                }
            }
        }
        return values;
    }
}
