package dev.genaimon.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.RateLimitSettings;
import dev.genaimon.ingest.RateLimitSettings.Rate;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.IngestSinks;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Per-tenant rate limits over loopback, with a manual ticker: time only moves when the test says so, so the numbers
 * are exact.
 */
class RateLimitTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String ITEM = "{\"interactionId\":\"%s\",\"timestamp\":\"2026-11-23T11:59:00Z\","
            + "\"app\":\"bot\",\"model\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"},\"response\":\"hi\"}";

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final AtomicLong ticker = new AtomicLong();
    private IngestServer server;

    private void start(RateLimitSettings limits) {
        IngestSettings settings = IngestSettings.defaults().withPort(0).withRateLimit(limits).withApiKeyHashes(Map.of(
                "noisy", Set.of(ApiKeyAuthenticator.sha256Hex("noisy-key")),
                "quiet", Set.of(ApiKeyAuthenticator.sha256Hex("quiet-key"))));
        AvroPublisher publisher = new AvroPublisher(producer, topics.dlq(), Duration.ofSeconds(2),
                Clock.fixed(NOW, ZoneOffset.UTC));
        server = IngestServer.start(settings, new IngestSinks(publisher, topics.interactionsRaw(), topics.feedback()),
                () -> null, meters, Clock.fixed(NOW, ZoneOffset.UTC), ticker::get, null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldAnswer429ToATenantOverItsRateWhileAnotherKeepsItsFullRate() throws Exception {
        // both tenants: 100 items/s, burst 100
        start(new RateLimitSettings(true, new Rate(100, 100), Map.of()));
        int noisyAccepted = 0;
        int noisyLimited = 0;
        for (int second = 0; second < 10; second++) {
            // quiet sends exactly its rate, in 4 requests of 25; noisy sends 4x its rate in requests of 50
            for (int request = 0; request < 4; request++) {
                HttpResponse<String> quiet = post("quiet-key", batch("q-" + second + "-" + request, 25));
                assertThat(quiet.statusCode()).as("quiet, second %d request %d", second, request).isEqualTo(202);
                for (int n = 0; n < 2; n++) {
                    HttpResponse<String> noisy = post("noisy-key", batch("n-" + second + "-" + request + n, 50));
                    if (noisy.statusCode() == 202) {
                        noisyAccepted += 50;
                    } else {
                        assertThat(noisy.statusCode()).isEqualTo(429);
                        noisyLimited++;
                    }
                }
            }
            ticker.addAndGet(TimeUnit.SECONDS.toNanos(1));
        }

        // noisy gets its burst and then its rate (100 + 9 x 100 refilled between seconds), never more
        assertThat(noisyAccepted).isEqualTo(1000);
        assertThat(noisyLimited).isEqualTo(60);
        assertThat(writtenWithPrefix("q-")).isEqualTo(1000);
        assertThat(writtenWithPrefix("n-")).isEqualTo(1000);
        assertThat(meters.find("genaimon.ingest.rejected.requests").tag("tenant", "noisy")
                .tag("reason", "rate_limited").counter().count()).isEqualTo(60);
        assertThat(meters.find("genaimon.ingest.rejected.requests").tag("tenant", "quiet").counters()).isEmpty();
        assertThat(meters.find("genaimon.ingest.items").tag("tenant", "noisy").tag("reason", "rate_limited")
                .counter().count()).isEqualTo(3000);
    }

    @Test
    void shouldSayWhenToRetryAndWriteNothingWhenLimited() throws Exception {
        start(new RateLimitSettings(true, new Rate(10, 40), Map.of("quiet", new Rate(1000, 1000))));
        assertThat(post("noisy-key", batch("a", 40)).statusCode()).isEqualTo(202);
        int written = producer.history().size();

        HttpResponse<String> limited = post("noisy-key", batch("b", 25));

        assertThat(limited.statusCode()).isEqualTo(429);
        assertThat(limited.headers().firstValue("Retry-After")).as("25 tokens at 10/s").hasValue("3");
        JsonNode answer = JSON.readTree(limited.body());
        assertThat(answer.get("error").asText()).isEqualTo("rate_limited");
        assertThat(answer.get("message").asText()).contains("tenant 'noisy'", "10 items/s, burst 40",
                "nothing was written", "after 3 s");
        assertThat(producer.history()).hasSize(written);

        ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(2400));
        assertThat(post("noisy-key", batch("c", 25)).statusCode()).as("24 tokens only").isEqualTo(429);
        ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(post("noisy-key", batch("d", 25)).statusCode()).isEqualTo(202);
        assertThat(post("quiet-key", batch("e", 900)).statusCode()).as("override").isEqualTo(202);
    }

    @Test
    void shouldAnswer413WhenABatchCanNeverFitTheBurst() throws Exception {
        start(new RateLimitSettings(true, new Rate(10, 40), Map.of()));

        HttpResponse<String> response = post("noisy-key", batch("big", 41));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Retry-After")).isEmpty();
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("batches of at most 40");
    }

    @Test
    void shouldCountFeedbackAndInteractionsAgainstTheSameBucket() throws Exception {
        start(new RateLimitSettings(true, new Rate(1, 2), Map.of()));
        String feedback = "{\"interactionId\":\"x\",\"thumbs\":\"up\"}\n{\"interactionId\":\"y\",\"thumbs\":\"up\"}";
        HttpResponse<String> first = postTo("/v1/feedback", "noisy-key", feedback);
        HttpResponse<String> second = postTo("/v1/interactions", "noisy-key", String.format(ITEM, "z"));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
    }

    @Test
    void shouldAnswerOtlpExportsOverTheRateWith429AndRetryAfter() throws Exception {
        start(new RateLimitSettings(true, new Rate(1, 1), Map.of()));
        String export;
        try (var in = getClass().getResourceAsStream("/otlp/chat-with-tool.json")) {
            export = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port()
                + "/v1/traces")).header("Content-Type", "application/json").header("X-Api-Key", "noisy-key")
                .POST(HttpRequest.BodyPublishers.ofString(export));

        HttpResponse<String> first = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = http.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(second.statusCode()).isEqualTo(429);
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(meters.find("genaimon.ingest.rejected.requests").tag("endpoint", "otlp_traces")
                .tag("tenant", "noisy").tag("reason", "rate_limited").counter().count()).isEqualTo(1);
        ticker.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldNotLimitWhenDisabled() throws Exception {
        start(new RateLimitSettings(false, new Rate(1, 1), Map.of()));
        for (int i = 0; i < 5; i++) {
            assertThat(post("noisy-key", batch("u" + i, 100)).statusCode()).isEqualTo(202);
        }
    }

    private long writtenWithPrefix(String prefix) {
        return producer.history().stream().filter(r -> new String(r.key()).startsWith(prefix)).count();
    }

    private static String batch(String prefix, int size) {
        return IntStream.range(0, size).mapToObj(i -> String.format(ITEM, prefix + "-" + i))
                .collect(Collectors.joining("\n"));
    }

    private HttpResponse<String> post(String key, String ndjson) throws Exception {
        return postTo("/v1/interactions", key, ndjson);
    }

    private HttpResponse<String> postTo(String path, String key, String ndjson) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .POST(HttpRequest.BodyPublishers.ofString(ndjson)).header("Content-Type", "application/x-ndjson")
                .header("X-Api-Key", key).build(), HttpResponse.BodyHandlers.ofString());
    }
}
