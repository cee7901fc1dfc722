package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.client.ClientStats;
import dev.genaimon.client.Feedback;
import dev.genaimon.client.GenaimonKafkaClient;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.validate.ItemLimits;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client's direct Kafka mode against a running genaimon on a real broker: what it writes is what the HTTP
 * ingest writes for the same item (only {@code source} differs), invalid items are refused in the client with the
 * reason, and genaimon's enrich stage reads the records like any other.
 */
@ExtendWith(SharedKafka.class)
class KafkaClientModeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "it-kclient-";
    /** JSON numbers compare by value: 3 sent as a long node equals 3 read back as an int node. */
    private static final java.util.Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };
    private static final TypeReference<Map<String, Object>> AS_MAP = new TypeReference<>() {
    };
    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = ItRuntime.start("kafka-client", Map.of());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldWriteWhatHttpIngestWritesRejectInvalidItemsAndFeedEnrich() throws Exception {
        List<ObjectNode> sent = ExampleInteractions.generate(200, PREFIX, new Random(11));
        sent.get(0).put("response", "I sent it to john.smith@example.org as asked.").put("userId", "alice");
        List<GenaimonKafkaClient.Rejection> rejections = new CopyOnWriteArrayList<>();
        ClientStats stats;
        long rejected;
        try (GenaimonKafkaClient client = GenaimonKafkaClient.builder(runtime.kafka().clientProperties(Map.of()))
                .limits(ItemLimits.defaults()).onRejected(rejections::add).build()) {
            for (ObjectNode item : sent) {
                // the JSON shape as a service's own map
                assertThat(client.record(JSON.convertValue(item.deepCopy(), AS_MAP))).isTrue();
            }
            client.feedback(Feedback.builder(PREFIX + "1").thumbsDown().score(-1).comment("wrong refund policy")
                    .build());
            client.record(Map.of("interactionId", PREFIX + "bad-role", "app", "x",
                    "model", Map.of("provider", "openai", "model", "gpt-4o"),
                    "messages", List.of(Map.of("role", "wizard", "content", "hi"))));
            client.record(Map.of("interactionId", PREFIX + "bad-old", "app", "x",
                    "timestamp", Instant.now().minus(Duration.ofDays(30)).toString(),
                    "model", Map.of("provider", "openai", "model", "gpt-4o")));
            client.feedback(Map.of("interactionId", PREFIX + "2", "thumbs", "sideways"));
            assertThat(client.flush(Duration.ofSeconds(60))).isTrue();
            stats = client.stats();
            rejected = client.rejected();
        }

        assertThat(stats).isEqualTo(new ClientStats(201, 0, 0, 3, 0));
        assertThat(rejected).isEqualTo(3);
        assertThat(rejections).extracting(GenaimonKafkaClient.Rejection::kind)
                .containsExactly("interaction", "interaction", "feedback");
        assertThat(rejections.subList(0, 2)).extracting(GenaimonKafkaClient.Rejection::id)
                .containsExactly(PREFIX + "bad-role", PREFIX + "bad-old");
        assertThat(rejections.get(2).id()).as("the feedbackId it was given").isNotBlank();
        assertThat(rejections.get(0).errors()).anySatisfy(e -> assertThat(e).startsWith("messages[0].role: "));
        assertThat(rejections.get(1).errors()).anySatisfy(e -> assertThat(e).startsWith("timestamp: ")
                .contains("older than"));
        assertThat(rejections.get(2).errors()).anySatisfy(e -> assertThat(e).startsWith("thumbs: must be up or down"));

        // every field the service sent is on the raw topic as sent (userId only as its hash)
        Map<String, JsonNode> landed = ItRuntime.valuesByKey(runtime, "genaimon.interactions.raw.v1", PREFIX);
        assertThat(landed).hasSize(200);
        for (ObjectNode original : sent) {
            JsonNode stored = landed.get(original.get("interactionId").asText());
            assertThat(stored).as("interaction %s on the topic", original.get("interactionId")).isNotNull();
            for (Iterator<String> fields = original.fieldNames(); fields.hasNext(); ) {
                String field = fields.next();
                if (field.equals("userId")) {
                    assertThat(stored.has("userId")).isFalse();
                    assertThat(stored.get("userIdHash").asText()).hasSize(32);
                    continue;
                }
                assertThat(stored.get(field).equals(NUMBERS_BY_VALUE, original.get(field)))
                        .as("%s.%s: sent %s, stored %s", original.get("interactionId"), field, original.get(field),
                                stored.get(field))
                        .isTrue();
            }
            assertThat(stored.get("source").asText()).isEqualTo("kafka");
        }
        assertThat(landed.keySet()).noneMatch(k -> k.contains("bad-"));

        // the same item over HTTP: identical records but for id, source and arrival time
        ObjectNode twin = sent.get(0).deepCopy().put("interactionId", "http-twin-" + PREFIX + "0");
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + runtime.httpPort() + "/v1/interactions"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(twin.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        Map<String, Interaction> raw = ItRuntime.committedValues(runtime, runtime.kafka().topics().interactionsRaw(),
                        key -> key.endsWith(PREFIX + "0"))
                .stream()
                .collect(Collectors.toMap(Interaction::getInteractionId, Function.identity(), (a, b) -> a));
        Interaction viaKafka = raw.get(PREFIX + "0");
        Interaction viaHttp = raw.get("http-twin-" + PREFIX + "0");
        assertThat(viaHttp.getSource()).isEqualTo("http");
        viaHttp.setInteractionId(viaKafka.getInteractionId());
        viaHttp.setSource(viaKafka.getSource());
        viaHttp.setReceivedAt(viaKafka.getReceivedAt());
        assertThat(viaKafka).isEqualTo(viaHttp);

        JsonNode feedback = ItRuntime.valuesByKey(runtime, "genaimon.feedback.v1", PREFIX + "1").get(PREFIX + "1");
        assertThat(feedback).isNotNull();
        assertThat(feedback.get("thumbs").asText()).isEqualTo("down");
        assertThat(feedback.get("score").asDouble()).isEqualTo(-1.0);
        assertThat(feedback.get("comment").asText()).isEqualTo("wrong refund policy");

        // genaimon's enrich reads them like HTTP-ingested ones
        await().atMost(Duration.ofSeconds(120)).until(() ->
                ItRuntime.valuesByKey(runtime, "genaimon.interactions.v1", PREFIX).size() == 200);
        JsonNode enriched = ItRuntime.valuesByKey(runtime, "genaimon.interactions.v1", PREFIX + "0").get(PREFIX + "0");
        assertThat(enriched.get("response").asText()).isEqualTo("I sent it to <EMAIL_ADDRESS> as asked.");
        assertThat(enriched.get("source").asText()).isEqualTo("kafka");
    }
}
