package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.schemas.avro.Silence;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The silences API without a broker: authentication, validation, and what is written to the silences topic. */
class SilenceRoutesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private KafkaConnection kafka;
    private Javalin app;

    @BeforeEach
    void start() {
        GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(), Map.of());
        kafka = new KafkaConnection("127.0.0.1:1", config);
        SilenceRoutes routes = new SilenceRoutes(kafka, producer,
                Map.of("acme", Set.of(ApiKeyAuthenticator.sha256Hex("k1"))), Clock.fixed(NOW, ZoneOffset.UTC));
        app = Javalin.create(c -> {
            c.jetty.host = "127.0.0.1";
            c.jetty.port = 0;
            routes.register(c);
        }).start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> send(String method, String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRequireTheIngestApiKey() throws Exception {
        assertThat(send("GET", "/api/v1/silences", null, null).statusCode()).isEqualTo(401);
        assertThat(send("POST", "/api/v1/silences", "wrong", "{}").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/v1/silences/x", null, null).statusCode()).isEqualTo(401);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldExplainEveryProblemOfAnInvalidSilence() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/silences", "k1",
                "{\"matchers\": [], \"endsAt\": \"2026-03-01T09:00:00Z\", \"createdBy\": \"ana\"}");
        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("invalid_silence");
        assertThat(body.get("details").toString()).contains("matchers: required").contains("endsAt: must be after")
                .contains("comment: required");
        assertThat(send("POST", "/api/v1/silences", "k1", "{not json").statusCode()).isEqualTo(400);
        assertThat(producer.history()).isEmpty();
    }

    @Test
    void shouldWriteACreatedSilenceToTheCompactedTopicKeyedById() throws Exception {
        HttpResponse<String> response = send("POST", "/api/v1/silences", "k1", """
                {"id": "maint-42", "matchers": ["tenant=\\"acme\\""], "duration": "2h", "createdBy": "ana",
                 "comment": "failover"}""");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("silenceID").asText()).isEqualTo("maint-42");
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo("genaimon.silences.v1");
        assertThat(new String(record.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("maint-42");
        Silence silence = kafka.topics().silences().value().deserializer().deserialize(record.topic(), record.value());
        assertThat(silence.getCreatedBy()).isEqualTo("ana");
        assertThat(silence.getComment()).isEqualTo("failover");
        assertThat(silence.getEndsAt()).isEqualTo(NOW.plusSeconds(7200));
    }

    @Test
    void shouldRequireWhoExpiresASilence() throws Exception {
        HttpResponse<String> response = send("DELETE", "/api/v1/silences/maint-42", "k1", null);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("X-Genaimon-User");
    }
}
