package dev.genaimon.app.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.tail.TopicTail;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.awaitility.Awaitility;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

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
}
