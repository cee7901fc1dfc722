package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.topics.TopicSpec;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/** Alerts → notifier → a local webhook, with silences created and expired over HTTP, and a restart while firing. */
@ExtendWith(SharedKafka.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NotifyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final List<JsonNode> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer webhook;
    private static Map<String, String> settings;
    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        webhook.createContext("/hook", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                JsonNode body = JSON.readTree(in.readAllBytes());
                ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_key",
                        exchange.getRequestHeaders().getFirst("X-Genaimon-Idempotency-Key"));
                ((com.fasterxml.jackson.databind.node.ObjectNode) body).put("_signature",
                        exchange.getRequestHeaders().getFirst("X-Genaimon-Signature"));
                RECEIVED.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        webhook.start();
        Path routing = Files.createTempFile("routing", ".yaml");
        Files.writeString(routing, """
                route:
                  receiver: hook
                  group_by: [alertname, tenant]
                  group_wait: 1s
                  group_interval: 2s
                  repeat_interval: 1h
                receivers:
                  - name: hook
                    webhook_configs:
                      - url: http://127.0.0.1:%d/hook
                        hmac_secret: it-secret
                """.formatted(webhook.getAddress().getPort()), StandardCharsets.UTF_8);
        settings = Map.of(ConfigKeys.NOTIFY_ROUTING_FILE.name(), routing.toString(),
                ConfigKeys.NOTIFY_TICK.name(), "200ms", ConfigKeys.ENRICH_ENABLED.name(), "false",
                ConfigKeys.DRIFT_ENABLED.name(), "false", ConfigKeys.OPS_ENABLED.name(), "false");
        runtime = ItRuntime.start("notify", settings);
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
        if (webhook != null) {
            webhook.stop(0);
        }
    }

    @Test
    @Order(1)
    void shouldSilenceOverHttpAndNotifyTheWebhookOncePerGroup() throws Exception {
        HttpResponse<String> invalid = post("{\"matchers\": [\"tenant==\"], \"duration\": \"1h\"}");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(invalid.body()).get("details").toString()).contains("matchers[0]: invalid matcher")
                .contains("createdBy: required");

        HttpResponse<String> created = post("""
                {"matchers": ["tenant=\\"quiet-it\\""], "duration": "1h", "createdBy": "ana", "comment": "load test"}""");
        assertThat(created.statusCode()).isEqualTo(200);
        String id = JSON.readTree(created.body()).get("silenceID").asText();
        JsonNode listed = JSON.readTree(get("/api/v1/silences").body()).get("silences");
        assertThat(listed.findValuesAsText("id")).contains(id);

        Instant now = Instant.now();
        AlertEvent loud = alert("it_notify_errors", "loud-it", now);
        AlertEvent quiet = alert("it_notify_errors", "quiet-it", now);
        // the silence was acknowledged before the alerts are written, and groups wait group_wait (1 s) before the
        // notifier looks at silences, so the notifier's global table has it by then
        produce(loud, quiet);

        await().atMost(Duration.ofSeconds(60)).until(() -> forTenant("loud-it").size() == 1);
        JsonNode first = forTenant("loud-it").get(0);
        assertThat(first.get("status").asText()).isEqualTo("firing");
        assertThat(first.get("alerts").get(0).get("labels").get("alertname").asText()).isEqualTo("it_notify_errors");
        assertThat(first.get("_key").asText()).hasSize(64);
        assertThat(first.get("_signature").asText()).startsWith("sha256=");
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> forTenant("quiet-it").isEmpty() && forTenant("loud-it").size() == 1);

        HttpResponse<String> expired = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/silences/" + id))
                .header("X-Genaimon-User", "bob").DELETE().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(expired.body()).get("status").get("state").asText()).isEqualTo("expired");
        assertThat(JSON.readTree(expired.body()).get("expiredBy").asText()).isEqualTo("bob");
        await().atMost(Duration.ofSeconds(60)).until(() -> forTenant("quiet-it").size() == 1);

        produce(resolved(loud));
        await().atMost(Duration.ofSeconds(60)).until(() -> forTenant("loud-it").size() == 2);
        assertThat(forTenant("loud-it").get(1).get("status").asText()).isEqualTo("resolved");
        assertThat(forTenant("loud-it").stream().map(n -> n.get("_key").asText()).distinct()).hasSize(2);
    }

    @Test
    @Order(2)
    void shouldNeitherResendNorLoseTheResolveAcrossARestart() throws Exception {
        AlertEvent alert = alert("it_notify_restart", "restart-it", Instant.now());
        produce(alert);
        await().atMost(Duration.ofSeconds(60)).until(() -> forTenant("restart-it").size() == 1);

        runtime.close();
        runtime = ItRuntime.start("notify", settings); // a fresh data directory: the stores come from changelogs
        await().during(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10))
                .until(() -> forTenant("restart-it").size() == 1);

        produce(resolved(alert));
        await().atMost(Duration.ofSeconds(60)).until(() -> forTenant("restart-it").size() == 2);
        assertThat(forTenant("restart-it").get(1).get("status").asText()).isEqualTo("resolved");
    }

    private static List<JsonNode> forTenant(String tenant) {
        return RECEIVED.stream().filter(n -> tenant.equals(n.path("groupLabels").path("tenant").asText())).toList();
    }

    private static AlertEvent alert(String rule, String tenant, Instant at) {
        return AlertEvent.newBuilder().setFingerprint(rule + "/" + tenant).setRule(rule).setStatus("firing")
                .setSeverity("critical").setLabels(Map.of("tenant", tenant)).setAnnotations(Map.of("summary", rule))
                .setStartsAt(at).setValue(0.3).setTransitionAt(at).build();
    }

    private static AlertEvent resolved(AlertEvent alert) {
        Instant at = Instant.now();
        return AlertEvent.newBuilder(alert).setStatus("resolved").setEndsAt(at).setTransitionAt(at).build();
    }

    private static void produce(AlertEvent... alerts) throws Exception {
        TopicSpec<String, AlertEvent> topic = runtime.kafka().topics().alerts();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(runtime.kafka().clientProperties(Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (AlertEvent alert : alerts) {
                producer.send(new ProducerRecord<>(topic.name(), alert.getFingerprint().getBytes(StandardCharsets.UTF_8),
                        topic.value().serializer().serialize(topic.name(), alert))).get();
            }
        }
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + runtime.httpPort() + path);
    }

    private static HttpResponse<String> post(String body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/v1/silences")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
