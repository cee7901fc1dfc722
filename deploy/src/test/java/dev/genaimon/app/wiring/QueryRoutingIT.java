package dev.genaimon.app.wiring;

import static dev.genaimon.app.query.ViewFixtures.alert;
import static dev.genaimon.app.query.ViewFixtures.signal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.query.ViewStores;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Signal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two genaimon instances (one JVM, own state dirs and HTTP ports, one view application) split the view stage's
 * partitions; either answers every question, forwarding to the owner of the key or gathering from both.
 */
@ExtendWith(SharedKafka.class)
class QueryRoutingIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PREFIX = "qr" + Long.toString(System.nanoTime(), 36);
    private static final int SEGMENTS = 24;
    private static GenaimonRuntime a;
    private static GenaimonRuntime b;

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> onlyView = new HashMap<>(Map.of(ConfigKeys.ENRICH_ENABLED.name(), "false",
                ConfigKeys.DRIFT_ENABLED.name(), "false", ConfigKeys.OPS_ENABLED.name(), "false",
                ConfigKeys.APPLICATION_ID_PREFIX.name(), "it-query-routing",
                // "latest" races with the records this test sends right after start; its keys are unique anyway
                ConfigKeys.AUTO_OFFSET_RESET.name(), "earliest"));
        a = ItRuntime.start("query-a", onlyView);
        b = ItRuntime.start("query-b", onlyView);
        // both in the group, both RUNNING: the second join rebalanced the first
        await().atMost(Duration.ofSeconds(90)).until(() -> viewInstances(a) == 2 && viewInstances(b) == 2
                && ready(a) && ready(b));
    }

    @AfterAll
    static void stop() {
        for (GenaimonRuntime r : new GenaimonRuntime[] {b, a}) {
            if (r != null) {
                r.close();
            }
        }
    }

    @Test
    void shouldAnswerFromEitherInstanceForKeysOwnedByTheOther() throws Exception {
        Instant t0 = Instant.now().minusSeconds(600);
        try (KafkaProducer<String, Signal> signals = new KafkaProducer<>(a.kafka().clientProperties(Map.of()),
                new StringSerializer(), a.kafka().topics().signals().value().serializer());
             KafkaProducer<String, AlertEvent> alerts = new KafkaProducer<>(a.kafka().clientProperties(Map.of()),
                     new StringSerializer(), a.kafka().topics().alerts().value().serializer())) {
            for (int i = 0; i < SEGMENTS; i++) {
                for (int w = 0; w < 3; w++) {
                    Signal s = signal(segment(i), "ops.latency.p95_ms", t0.plusSeconds(60L * w), 1000 * i + w);
                    signals.send(new ProducerRecord<>(a.kafka().topics().signals().name(),
                            segment(i) + "/" + s.getName(), s));
                }
            }
            for (int i = 0; i < 6; i++) {
                String fingerprint = PREFIX + "-fp-" + i;
                alerts.send(new ProducerRecord<>(a.kafka().topics().alerts().name(), fingerprint,
                        alert(fingerprint, i % 2 == 0 ? "firing" : "resolved", segment(i), t0)));
            }
        }

        // the two instances own different segments
        Map<Boolean, List<Integer>> ownedByA = new HashMap<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            ownedByA.clear();
            for (int i = 0; i < SEGMENTS; i++) {
                KeyQueryMetadata owner = viewOf(a).queryMetadataForKey(ViewStores.SIGNALS,
                        segment(i), Serdes.String().serializer());
                assertThat(owner.activeHost().port()).isIn(a.httpPort(), b.httpPort());
                ownedByA.computeIfAbsent(owner.activeHost().port() == a.httpPort(), k -> new java.util.ArrayList<>())
                        .add(i);
            }
            assertThat(ownedByA).containsKeys(true, false);
        });

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (int i = 0; i < SEGMENTS; i++) {
                for (GenaimonRuntime asked : List.of(a, b)) {
                    JsonNode latest = get(asked, "/api/v1/segments/" + segment(i) + "/signals");
                    assertThat(latest.path("signals")).as("segment %d asked of %d", i, asked.httpPort()).hasSize(1);
                    assertThat(latest.path("signals").get(0).path("value").asDouble()).isEqualTo(1000.0 * i + 2);
                    JsonNode series = get(asked, "/api/v1/segments/" + segment(i)
                            + "/signals/ops.latency.p95_ms/series");
                    assertThat(series.path("series").get(0).path("points")).hasSize(3);
                }
            }
        });

        // list endpoints gather from both instances
        for (GenaimonRuntime asked : List.of(a, b)) {
            JsonNode page = get(asked, "/api/v1/segments?q=" + PREFIX + "&offset=20&limit=10");
            assertThat(page.path("total").asLong()).isEqualTo(SEGMENTS);
            assertThat(page.path("items")).hasSize(4);
            assertThat(page.path("items").get(0).path("segment").path("id").asText()).isEqualTo(segment(20));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonNode firing = get(asked, "/api/v1/alerts?state=firing");
                assertThat(firing.path("alerts").findValuesAsText("fingerprint").stream()
                        .filter(f -> f.startsWith(PREFIX))).hasSize(3);
            });
        }
        JsonNode openApi = get(b, "/api/v1/openapi.json");
        assertThat(openApi.path("openapi").asText()).startsWith("3.");
        assertThat(openApi.path("paths").fieldNames()).toIterable().contains("/api/v1/segments",
                "/api/v1/segments/{segment}/signals", "/api/v1/segments/{segment}/signals/{name}/series",
                "/api/v1/drift/{segment}", "/api/v1/eval/{segment}", "/api/v1/alerts", "/api/v1/baselines",
                "/api/v1/dlq/recent", "/api/v1/pipeline");
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + a.httpPort()
                + "/api/v1/segments?limit=100000")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("limit must be between 1 and 500");
        assertThat(IntStream.range(0, SEGMENTS).filter(i -> ownedByA.get(true).contains(i)).count())
                .isBetween(1L, (long) SEGMENTS - 1);
    }

    private static String segment(int i) {
        return String.format("%s/app-%02d", PREFIX, i);
    }

    private static org.apache.kafka.streams.KafkaStreams viewOf(GenaimonRuntime runtime) {
        return runtime.stage(QueryWiring.STAGE).streams();
    }

    private static int viewInstances(GenaimonRuntime runtime) throws Exception {
        return get(runtime, "/api/v1/pipeline").path("viewInstances").size();
    }

    private static boolean ready(GenaimonRuntime runtime) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + runtime.httpPort() + "/readyz"))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    private static JsonNode get(GenaimonRuntime runtime, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + runtime.httpPort() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + " → " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
