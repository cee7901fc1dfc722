package dev.genaimon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.IngestSinks;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.TopicSpec;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP API over loopback, with Kafka's MockProducer standing in for the broker (the ITs use a real one). */
class IngestServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String VALID = "{\"interactionId\":\"%s\",\"timestamp\":\"2026-11-23T11:59:00Z\","
            + "\"app\":\"bot\",\"model\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"},"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hello\"}],\"response\":\"hi!\"}";

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private IngestServer server;
    private String notReady;

    private IngestServer start(IngestSettings settings, TopicSpec<String, Interaction> raw) {
        IngestSinks sinks = new IngestSinks(new AvroPublisher(producer, topics.dlq(), Duration.ofSeconds(2),
                Clock.fixed(NOW, ZoneOffset.UTC)), raw, topics.feedback());
        server = IngestServer.start(settings.withPort(0), sinks, () -> notReady, meters,
                Clock.fixed(NOW, ZoneOffset.UTC), null);
        return server;
    }

    private IngestServer start() {
        return start(IngestSettings.defaults(), topics.interactionsRaw());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAcceptNdjsonAndWriteEachInteractionKeyedById() throws Exception {
        start();
        String body = String.format(VALID, "a") + "\n" + String.format(VALID, "b") + "\n";

        HttpResponse<String> response = post(body, "application/x-ndjson");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("ids")).extracting(JsonNode::asText).containsExactly("a", "b");
        assertThat(producer.history()).extracting(r -> new String(r.key())).containsExactly("a", "b");
        Interaction written = decode(producer.history().get(0));
        assertThat(written.getInteractionId()).isEqualTo("a");
        assertThat(written.getMessages().get(0).getContent()).isEqualTo("hello");
    }

    @Test
    void shouldNotSpendCpuCompressingTheAcknowledgementEvenWhenTheClientAcceptsGzip() throws Exception {
        // Python's requests and most HTTP clients send Accept-Encoding: gzip; the ids of a 200-item batch are ~8 KB
        // of random UUIDs that gzip to ~4.5 KB for ~100 us of CPU per request (0.5 us per interaction)
        start();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < 200; i++) {
            body.append(String.format(VALID, java.util.UUID.randomUUID())).append('\n');
        }

        HttpResponse<String> response = postTo("/v1/interactions", body.toString().getBytes(),
                "application/x-ndjson", Map.of("Accept-Encoding", "gzip"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(JSON.readTree(response.body()).get("accepted").asInt()).isEqualTo(200);
    }

    @Test
    void shouldAcceptASingleObjectAndAnArrayAndGenerateMissingIds() throws Exception {
        start();
        assertThat(post(String.format(VALID, "one"), "application/json").statusCode()).isEqualTo(202);
        String withoutId = String.format(VALID, "x").replace("\"interactionId\":\"x\",", "");
        HttpResponse<String> response = post("[" + withoutId + "," + String.format(VALID, "two") + "]",
                "application/json; charset=utf-8");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode ids = JSON.readTree(response.body()).get("ids");
        assertThat(ids.get(0).asText()).hasSize(36);
        assertThat(ids.get(1).asText()).isEqualTo("two");
        assertThat(producer.history()).hasSize(3);
        Interaction stored = decode(producer.history().get(2));
        assertThat(stored.getReceivedAt()).isEqualTo(NOW);
        assertThat(stored.getSource()).isEqualTo("http");
    }

    @Test
    void shouldRejectMalformedJsonWithItsPosition() throws Exception {
        start();
        HttpResponse<String> response = post("{\"interactionId\": \"a\", ", "application/json");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("error").asText()).isEqualTo("malformed_body");
        assertThat(answer.get("message").asText()).startsWith("malformed JSON at line 1, column");
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldListEveryInvalidItemWithFieldAndReasonAndWriteNothing() throws Exception {
        start();
        String wrongType = String.format(VALID, "w").replace("\"app\":\"bot\"", "\"app\":42");
        String missing = String.format(VALID, "m").replace("\"model\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"},",
                "");
        String body = String.format(VALID, "ok") + "\n" + wrongType + "\n" + "not json\n" + missing;

        HttpResponse<String> response = post(body, "application/x-ndjson");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("error").asText()).isEqualTo("invalid_items");
        assertThat(answer.get("message").asText()).startsWith("3 of 4 items are invalid; nothing was written");
        JsonNode details = answer.get("details");
        assertThat(details.get(0).get("index").asInt()).isEqualTo(1);
        assertThat(details.get(0).get("line").asInt()).isEqualTo(2);
        assertThat(details.get(0).get("interactionId").asText()).isEqualTo("w");
        assertThat(details.get(0).get("errors").get(0).get("path").asText()).isEqualTo("app");
        assertThat(details.get(0).get("errors").get(0).get("message").asText())
                .isEqualTo("expected a string, got an integer (42)");
        assertThat(details.get(1).get("line").asInt()).isEqualTo(3);
        assertThat(details.get(1).get("errors").get(0).get("message").asText()).startsWith("malformed JSON");
        assertThat(details.get(2).get("errors").get(0).get("path").asText()).isEqualTo("model");
        assertThat(details.get(2).get("errors").get(0).get("message").asText()).isEqualTo("required field is missing");
        assertThat(producer.history()).isEmpty();
        assertItemCounts(0, 4, 0);
    }

    @Test
    void shouldWriteTheValidItemsInPartialMode() throws Exception {
        start();
        String body = String.format(VALID, "ok") + "\n" + "{\"app\":1}";

        HttpResponse<String> response = postTo("/v1/interactions?partial=true", body.getBytes(), "application/x-ndjson",
                Map.of());

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(1);
        assertThat(answer.get("rejected").get(0).get("index").asInt()).isEqualTo(1);
        assertThat(producer.history()).hasSize(1);
        assertItemCounts(1, 1, 0);
    }

    @Test
    void shouldAnswer413ForABodyOverTheLimitAnd415ForOtherContentTypes() throws Exception {
        start();
        byte[] big = new byte[2 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');

        HttpResponse<String> tooLarge = postTo("/v1/interactions", big, "application/json", Map.of());
        HttpResponse<String> wrongType = post(String.format(VALID, "x"), "text/plain");

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("message").asText())
                .contains("exceeds the limit of 1048576 bytes");
        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(wrongType.body()).get("error").asText()).isEqualTo("unsupported_media_type");
        assertThat(post(String.format(VALID, "still-serving"), "application/json").statusCode()).isEqualTo(202);
    }

    @Test
    void shouldStopAGzipBombAtTheDecompressedLimit() throws Exception {
        start();
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(compressed)) {
            gzip.write(new byte[8 * 1024 * 1024]);
        }
        ByteArrayOutputStream small = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(small)) {
            gzip.write(String.format(VALID, "gz").getBytes());
        }

        HttpResponse<String> bomb = postTo("/v1/interactions", compressed.toByteArray(), "application/json",
                Map.of("Content-Encoding", "gzip"));
        HttpResponse<String> ok = postTo("/v1/interactions", small.toByteArray(), "application/json",
                Map.of("Content-Encoding", "gzip"));

        assertThat(compressed.size()).isLessThan(1024 * 1024);
        assertThat(bomb.statusCode()).isEqualTo(413);
        assertThat(ok.statusCode()).isEqualTo(202);
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnavailable() throws Exception {
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        start();
        Thread failer = new Thread(() -> {
            while (!producer.errorNext(new TimeoutException("broker down"))) {
                Thread.onSpinWait();
            }
        });
        failer.start();

        HttpResponse<String> response = post(String.format(VALID, "x"), "application/json");
        failer.join(5000);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("kafka_unavailable");
    }

    @Test
    void shouldDeadLetterAValidItemThatCannotBeEncoded() throws Exception {
        TopicSpec<String, Interaction> failing = new TopicSpec<>(topics.interactionsRaw().name(), Serdes.String(),
                Serdes.serdeFrom((topic, value) -> {
                    throw new org.apache.kafka.common.errors.SerializationException("registry rejected the schema");
                }, (topic, bytes) -> null), 1, Map.of());
        start(IngestSettings.defaults(), failing);

        HttpResponse<String> response = post(String.format(VALID, "dl-1"), "application/json");

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isZero();
        assertThat(answer.get("deadLettered").get(0).get("reason").asText()).isEqualTo("ENCODING_FAILED");
        ProducerRecord<byte[], byte[]> letter = producer.history().get(0);
        assertThat(letter.topic()).isEqualTo("genaimon.dlq.v1");
        DeadLetter decoded = topics.dlq().value().deserializer().deserialize(letter.topic(), letter.value());
        assertThat(decoded.getReason()).isEqualTo("ENCODING_FAILED");
        assertThat(decoded.getMessage()).contains("registry rejected the schema");
        assertThat(new String(decoded.getPayload().array())).contains("\"dl-1\"");
        assertItemCounts(0, 0, 1);
    }

    @Test
    void shouldDeadLetterARecordKafkaRefusesAsTooLarge() throws Exception {
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        start();
        Thread broker = new Thread(() -> {
            while (!producer.errorNext(new RecordTooLargeException("record is 3000000 bytes"))) {
                Thread.onSpinWait();
            }
            while (!producer.completeNext()) {
                Thread.onSpinWait();
            }
        });
        broker.start();

        HttpResponse<String> response = post(String.format(VALID, "big"), "application/json");
        broker.join(5000);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("deadLettered").get(0).get("reason").asText())
                .isEqualTo("RECORD_TOO_LARGE");
        assertThat(producer.history()).extracting(ProducerRecord::topic)
                .containsExactly("genaimon.interactions.raw.v1", "genaimon.dlq.v1");
    }

    @Test
    void shouldRequireAnApiKeyAndTakeTheTenantFromIt() throws Exception {
        start(IngestSettings.defaults().withApiKeyHashes(
                Map.of("acme", Set.of(ApiKeyAuthenticator.sha256Hex("s3cret")))), topics.interactionsRaw());
        String claimsOtherTenant = String.format(VALID, "t").replace("\"app\"", "\"tenant\":\"evil\",\"app\"");

        HttpResponse<String> anonymous = post(claimsOtherTenant, "application/json");
        HttpResponse<String> wrongKey = postTo("/v1/interactions", claimsOtherTenant.getBytes(), "application/json",
                Map.of("Authorization", "Bearer nope"));
        HttpResponse<String> ok = postTo("/v1/interactions", claimsOtherTenant.getBytes(), "application/json",
                Map.of("X-Api-Key", "s3cret"));

        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).isPresent();
        assertThat(wrongKey.statusCode()).isEqualTo(401);
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(ok.body()).get("warnings").get(0).asText())
                .contains("tenant 'evil' replaced by the API key's tenant 'acme'");
        assertThat(decode(producer.history().get(0)).getTenant()).isEqualTo("acme");
    }

    @Test
    void shouldReportHealthAndReadiness() throws Exception {
        start();
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        notReady = "topic genaimon.interactions.raw.v1 does not exist";
        HttpResponse<String> notReadyAnswer = get("/readyz");
        assertThat(notReadyAnswer.statusCode()).isEqualTo(503);
        assertThat(notReadyAnswer.body()).contains("does not exist");
        assertThat(get("/nope").statusCode()).isEqualTo(404);
    }

    private void assertItemCounts(double accepted, double rejected, double deadLettered) {
        assertThat(count("accepted")).as("accepted").isEqualTo(accepted);
        assertThat(count("rejected")).as("rejected").isEqualTo(rejected);
        assertThat(count("dead_lettered")).as("dead lettered").isEqualTo(deadLettered);
    }

    private double count(String outcome) {
        return meters.find("genaimon.ingest.items").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private Interaction decode(ProducerRecord<byte[], byte[]> record) {
        return topics.interactionsRaw().value().deserializer().deserialize(record.topic(), record.value());
    }

    private HttpResponse<String> post(String body, String contentType) throws Exception {
        return postTo("/v1/interactions", body.getBytes(), contentType, Map.of());
    }

    private HttpResponse<String> postTo(String path, byte[] body, String contentType, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
