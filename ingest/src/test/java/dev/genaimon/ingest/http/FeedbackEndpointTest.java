package dev.genaimon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.IngestSinks;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
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
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code POST /v1/feedback} over loopback, with Kafka's MockProducer standing in for the broker. */
class FeedbackEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private IngestServer server;

    private void start(IngestSettings settings) {
        AvroPublisher publisher = new AvroPublisher(producer, topics.dlq(), Duration.ofMillis(500),
                Clock.fixed(NOW, ZoneOffset.UTC));
        server = IngestServer.start(settings.withPort(0),
                new IngestSinks(publisher, topics.interactionsRaw(), topics.feedback()), () -> null, meters,
                Clock.fixed(NOW, ZoneOffset.UTC), null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldWriteFeedbackKeyedByInteractionIdWithGeneratedIdsAndHashedUser() throws Exception {
        start(IngestSettings.defaults());
        String body = """
                {"interactionId":"i-1","thumbs":"down","score":-0.5,"comment":"made up a refund policy",\
                "correctedAnswer":"Refunds within 30 days.","labels":["wrong","hallucination"],"userId":"alice",\
                "app":"support-bot"}
                {"feedbackId":"f-2","interactionId":"i-2","timestamp":"2026-11-23T11:00:00Z","thumbs":"up"}
                """;

        HttpResponse<String> response = post("/v1/feedback", body.getBytes(), "application/x-ndjson", Map.of());

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("accepted").asInt()).isEqualTo(2);
        assertThat(answer.get("ids").get(0).asText()).hasSize(36);
        assertThat(answer.get("ids").get(1).asText()).isEqualTo("f-2");
        assertThat(producer.history()).extracting(ProducerRecord::topic).containsOnly("genaimon.feedback.v1");
        assertThat(producer.history()).extracting(r -> new String(r.key())).containsExactly("i-1", "i-2");

        Feedback first = decode(producer.history().get(0));
        assertThat(first.getFeedbackId()).isEqualTo(answer.get("ids").get(0).asText());
        assertThat(first.getThumbs()).isEqualTo("down");
        assertThat(first.getScore()).isEqualTo(-0.5);
        assertThat(first.getComment()).isEqualTo("made up a refund policy");
        assertThat(first.getCorrectedAnswer()).isEqualTo("Refunds within 30 days.");
        assertThat(first.getLabels()).containsExactly("wrong", "hallucination");
        assertThat(first.getApp()).isEqualTo("support-bot");
        assertThat(first.getTenant()).isEqualTo("default");
        assertThat(first.getTimestamp()).as("receive time when absent").isEqualTo(NOW);
        assertThat(first.getReceivedAt()).isEqualTo(NOW);
        assertThat(first.getUserIdHash()).hasSize(32).isNotEqualTo("alice");
        assertThat(producer.history().get(0).timestamp()).isEqualTo(NOW.toEpochMilli());

        Feedback second = decode(producer.history().get(1));
        assertThat(second.getTimestamp()).isEqualTo(Instant.parse("2026-11-23T11:00:00Z"));
        assertThat(producer.history().get(1).timestamp()).as("event time is the record time")
                .isEqualTo(Instant.parse("2026-11-23T11:00:00Z").toEpochMilli());
        assertThat(itemCount("accepted")).isEqualTo(2);
    }

    @Test
    void shouldRejectInvalidFeedbackListingEveryProblemAndWriteNothing() throws Exception {
        start(IngestSettings.defaults());
        String body = """
                [{"interactionId":"i-1","thumbs":"sideways"},
                 {"interactionId":"i-2","score":1.5},
                 {"thumbs":"up"},
                 {"interactionId":"i-4","comment":"  "},
                 {"interactionId":"i-5","thumbs":"up"}]""";

        HttpResponse<String> response = post("/v1/feedback", body.getBytes(), "application/json", Map.of());

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.get("error").asText()).isEqualTo("invalid_items");
        JsonNode details = answer.get("details");
        assertThat(details).hasSize(4);
        assertThat(details.get(0).get("interactionId").asText()).isEqualTo("i-1");
        assertThat(details.get(0).get("errors").get(0).get("path").asText()).isEqualTo("thumbs");
        assertThat(details.get(1).get("errors").get(0).get("message").asText()).contains("[-1, 1]");
        assertThat(details.get(2).get("errors").get(0).get("path").asText()).isEqualTo("interactionId");
        assertThat(details.get(3).get("errors").get(0).get("message").asText())
                .contains("at least one of thumbs, score, comment, correctedAnswer, labels");
        assertThat(producer.history()).isEmpty();
        assertThat(itemCount("rejected")).isEqualTo(5);
    }

    @Test
    void shouldShareAuthLimitsAndMediaTypesWithInteractions() throws Exception {
        start(IngestSettings.defaults().withMaxBodyBytes(2048)
                .withApiKeyHashes(Map.of("acme", Set.of(ApiKeyAuthenticator.sha256Hex("k1")))));
        byte[] one = "{\"interactionId\":\"i-1\",\"tenant\":\"evil\",\"thumbs\":\"up\"}".getBytes();

        assertThat(post("/v1/feedback", one, "application/json", Map.of()).statusCode()).isEqualTo(401);
        assertThat(post("/v1/feedback", one, "text/plain", Map.of("X-Api-Key", "k1")).statusCode()).isEqualTo(415);
        String big = "{\"interactionId\":\"i-1\",\"comment\":\"" + "x".repeat(4000) + "\"}";
        HttpResponse<String> tooLarge = post("/v1/feedback", gzip(big.getBytes()), "application/json",
                Map.of("X-Api-Key", "k1", "Content-Encoding", "gzip"));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(tooLarge.body()).get("error").asText()).isEqualTo("body_too_large");

        HttpResponse<String> ok = post("/v1/feedback", gzip(one), "application/json",
                Map.of("X-Api-Key", "k1", "Content-Encoding", "gzip"));
        assertThat(ok.statusCode()).isEqualTo(202);
        assertThat(ok.body()).contains("tenant 'evil' replaced by the API key's tenant 'acme'");
        assertThat(decode(producer.history().get(0)).getTenant()).isEqualTo("acme");
        assertThat(meters.find("genaimon.ingest.rejected.requests").tag("endpoint", "feedback")
                .tag("tenant", "acme").tag("reason", "body_too_large").counter().count()).isEqualTo(1);
        assertThat(meters.find("genaimon.ingest.rejected.requests").tag("reason", "unauthorized")
                .tag("tenant", "unknown").counter().count()).isEqualTo(1);
    }

    @Test
    void shouldAnswer503WhenKafkaDoesNotAcknowledge() throws Exception {
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        start(IngestSettings.defaults());

        HttpResponse<String> response = post("/v1/feedback",
                "{\"interactionId\":\"i-1\",\"thumbs\":\"up\"}".getBytes(), "application/json", Map.of());

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(JSON.readTree(response.body()).get("error").asText()).isEqualTo("kafka_unavailable");
        assertThat(itemCount("rejected")).isEqualTo(1);
    }

    @Test
    void shouldDeadLetterFeedbackThatKafkaRefusesAndKeepTheOthers() throws Exception {
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        start(IngestSettings.defaults());
        Thread broker = new Thread(() -> {
            while (!producer.errorNext(new org.apache.kafka.common.errors.RecordTooLargeException("too big"))) {
                Thread.onSpinWait();
            }
            while (!producer.completeNext()) {
                Thread.onSpinWait();
            }
        });
        broker.start();

        HttpResponse<String> response = post("/v1/feedback",
                "{\"feedbackId\":\"f-big\",\"interactionId\":\"i-1\",\"comment\":\"long\"}".getBytes(),
                "application/json", Map.of());
        broker.join(5000);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonNode letter = JSON.readTree(response.body()).get("deadLettered").get(0);
        assertThat(letter.get("feedbackId").asText()).isEqualTo("f-big");
        assertThat(letter.get("reason").asText()).isEqualTo("RECORD_TOO_LARGE");
        ProducerRecord<byte[], byte[]> dlq = producer.history().get(1);
        assertThat(dlq.topic()).isEqualTo("genaimon.dlq.v1");
        assertThat(new String(dlq.key())).isEqualTo("i-1");
        assertThat(topics.dlq().value().deserializer().deserialize(dlq.topic(), dlq.value()).getSourceTopic())
                .isEqualTo("genaimon.feedback.v1");
    }

    private double itemCount(String outcome) {
        return meters.find("genaimon.ingest.items").tag("kind", "feedback").tag("outcome", outcome).counters()
                .stream().mapToDouble(c -> c.count()).sum();
    }

    private Feedback decode(ProducerRecord<byte[], byte[]> record) {
        return topics.feedback().value().deserializer().deserialize(record.topic(), record.value());
    }

    private static byte[] gzip(byte[] bytes) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        }
        return out.toByteArray();
    }

    private HttpResponse<String> post(String path, byte[] body, String contentType, Map<String, String> headers)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
