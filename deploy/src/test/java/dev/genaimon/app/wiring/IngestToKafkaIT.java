package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** HTTP ingest to a real broker, read back with tail: what a service sends is what lands on the raw topic. */
@ExtendWith(SharedKafka.class)
class IngestToKafkaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** JSON numbers compare by value: 3 sent as a long node equals 3 read back as an int node. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        // large enough for one item that Kafka itself refuses (over the producer's 1 MB request size)
        runtime = ItRuntime.start("ingest", Map.of(
                ConfigKeys.MAX_BODY_BYTES.name(), Integer.toString(4 * 1024 * 1024),
                ConfigKeys.MAX_STRING_CHARS.name(), Integer.toString(4 * 1024 * 1024)));
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldLandThousandInteractionsOnTheRawTopicFieldForField() throws Exception {
        List<ObjectNode> sent = ExampleInteractions.generate(1000, "it-bulk-", new Random(42));
        String ndjson = sent.stream().map(JsonNode::toString).collect(Collectors.joining("\n"));

        HttpResponse<String> response = post("/v1/interactions", ndjson.getBytes(StandardCharsets.UTF_8),
                "application/x-ndjson");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(1000);
        Map<String, JsonNode> landed = tail("genaimon.interactions.raw.v1", "it-bulk-");
        assertThat(landed).hasSize(1000);
        for (ObjectNode original : sent) {
            JsonNode stored = landed.get(original.get("interactionId").asText());
            assertThat(stored).as("interaction %s on the topic", original.get("interactionId")).isNotNull();
            for (Iterator<String> fields = original.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                assertThat(stored.get(field).equals(NUMBERS_BY_VALUE, original.get(field)))
                        .as("%s.%s: sent %s, stored %s", original.get("interactionId"), field, original.get(field),
                                stored.get(field))
                        .isTrue();
            }
            assertThat(stored.get("source").asText()).isEqualTo("http");
        }
    }

    @Test
    void shouldPostTheReadmeExamplesAsIs() throws Exception {
        byte[] examples = Files.readAllBytes(repoRoot().resolve("docs/examples/interactions.ndjson"));

        HttpResponse<String> response = post("/v1/interactions", examples, "application/x-ndjson");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("ids")).extracting(JsonNode::asText).containsExactly(
                "ex-chat-rag-0001", "ex-agent-step-0002", "ex-error-0003", "ex-throttled-0004");
    }

    @Test
    void shouldAnswerEachKindOfBadInputPreciselyAndKeepServing() throws Exception {
        String valid = ExampleInteractions.generate(1, "it-bad-ok-", new Random(1)).get(0).toString();
        double before = items("accepted") + items("rejected") + items("dead_lettered");

        HttpResponse<String> malformed = post("/v1/interactions", "{\"app\": ".getBytes(), "application/json");
        HttpResponse<String> wrongType = post("/v1/interactions",
                valid.replace("\"app\":\"", "\"app\":1,\"x\":\"").getBytes(), "application/json");
        HttpResponse<String> missing = post("/v1/interactions", "{\"app\":\"a\"}".getBytes(), "application/json");
        byte[] huge = new byte[5 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');
        HttpResponse<String> tooLarge = post("/v1/interactions", huge, "application/json");
        HttpResponse<String> wrongMediaType = post("/v1/interactions", valid.getBytes(), "text/csv");
        HttpResponse<String> stillServing = post("/v1/interactions", valid.getBytes(), "application/json");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("malformed JSON at line 1");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.body()).contains("\"path\":\"app\"").contains("expected a string, got an integer (1)");
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.body()).contains("\"path\":\"model\"").contains("required field is missing");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(wrongMediaType.statusCode()).isEqualTo(415);
        assertThat(stillServing.statusCode()).isEqualTo(202);
        double after = items("accepted") + items("rejected") + items("dead_lettered");
        // in: malformed body (1) + wrong type (1) + missing fields (1) + valid (1); the 413/415 never reach parsing
        assertThat(after - before).isEqualTo(4);
    }

    @Test
    void shouldDeadLetterAValidItemThatKafkaRefusesAsTooLarge() throws Exception {
        ObjectNode item = ExampleInteractions.generate(1, "it-dlq-", new Random(7)).get(0);
        StringBuilder text = new StringBuilder();
        Random random = new Random(3);
        while (text.length() < 1_500_000) {
            text.append(Long.toString(random.nextLong(), 36)).append(' ');
        }
        item.put("response", text.toString());

        HttpResponse<String> response = post("/v1/interactions", item.toString().getBytes(StandardCharsets.UTF_8),
                "application/json");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isZero();
        assertThat(answer.get("deadLettered").get(0).get("reason").asText()).isEqualTo("RECORD_TOO_LARGE");
        JsonNode letter = tailDeadLetters(item.get("interactionId").asText());
        assertThat(letter.get("reason").asText()).isEqualTo("RECORD_TOO_LARGE");
        assertThat(letter.get("stage").asText()).isEqualTo("ingest-http");
        assertThat(letter.get("sourceTopic").asText()).isEqualTo("genaimon.interactions.raw.v1");
        assertThat(letter.get("message").asText()).contains("payload truncated");
    }

    @Test
    void shouldReportReadyOnceTopicsExistAndStreamsRun() throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> HTTP.send(
                HttpRequest.newBuilder(uri("/readyz")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
        post("/v1/interactions", ExampleInteractions.generate(1, "it-ready-", new Random(9)).get(0).toString()
                .getBytes(StandardCharsets.UTF_8), "application/json");
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(uri("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(metrics.body()).contains("genaimon_ingest_requests_total").contains("jvm_memory_used_bytes")
                .contains("kafka_producer_").contains("kafka_stream_");
    }

    private static double items(String outcome) {
        return runtime.meters().find("genaimon.ingest.items").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static Map<String, JsonNode> tail(String topic, String idPrefix) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TopicTail.run(runtime.kafka().clientProperties(Map.of()), runtime.kafka().serdes().genericDecoder(), topic,
                new TopicTail.Options(true, 0, Duration.ofSeconds(3), false),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        Map<String, JsonNode> byId = new HashMap<>();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = JSON.readTree(line);
                String id = node.path("interactionId").asText("");
                if (id.startsWith(idPrefix)) {
                    byId.put(id, node);
                }
            }
        }
        return byId;
    }

    private static JsonNode tailDeadLetters(String interactionId) throws Exception {
        JsonNode letter = ItRuntime.valuesByKey(runtime, "genaimon.dlq.v1", interactionId).get(interactionId);
        if (letter == null) {
            throw new AssertionError("no dead letter for " + interactionId);
        }
        return letter;
    }

    private static HttpResponse<String> post(String path, byte[] body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
    }

    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("docs/examples/interactions.ndjson"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("cannot find the repository root from " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
