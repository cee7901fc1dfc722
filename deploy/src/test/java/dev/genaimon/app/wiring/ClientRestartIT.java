package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.app.broker.EmbeddedKafka;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.tail.TopicTail;
import dev.genaimon.client.ClientStats;
import dev.genaimon.client.GenaimonClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Java client delivers 100,000 interactions to a running genaimon that is restarted once mid-way: every id
 * arrives on the raw topic (retries may add duplicates, which the id makes recognisable; none may be missing).
 */
@ExtendWith(SharedKafka.class)
class ClientRestartIT {

    private static final int COUNT = 100_000;
    private static final String PREFIX = "client-it-";

    @Test
    void shouldLoseNothingAcrossARestartOfGenaimon() throws Exception {
        int port = EmbeddedKafka.freePort();
        Map<String, String> settings = Map.of(ConfigKeys.INGEST_PORT.name(), Integer.toString(port),
                ConfigKeys.ENRICH_ENABLED.name(), "false", ConfigKeys.DRIFT_ENABLED.name(), "false",
                ConfigKeys.RATE_LIMIT_ENABLED.name(), "false");
        GenaimonRuntime first = ItRuntime.start("client", settings);
        GenaimonRuntime second = null;
        ClientStats stats;
        try (GenaimonClient client = GenaimonClient.builder(URI.create("http://127.0.0.1:" + port))
                .queueCapacity(COUNT).batchSize(500).maxRetries(60)
                .backoff(Duration.ofMillis(100), Duration.ofSeconds(2)).closeTimeout(Duration.ofSeconds(120))
                .build()) {
            for (int i = 0; i < COUNT; i++) {
                if (i == COUNT / 2) {
                    first.close(); // mid-way: requests in flight fail, new ones are refused until the restart
                    second = ItRuntime.start("client", settings);
                }
                assertThat(client.record(Map.of("interactionId", PREFIX + i, "app", "client-it",
                        "timestamp", Instant.now().toString(),
                        "model", Map.of("provider", "openai", "model", "gpt-4o-mini"),
                        "response", "answer " + i))).as("queued %d", i).isTrue();
            }
            assertThat(client.flush(Duration.ofSeconds(180))).as("flushed").isTrue();
            stats = client.stats();
        } finally {
            if (second != null) {
                second.close();
            }
        }

        assertThat(stats.dropped()).isZero();
        assertThat(stats.failed()).isZero();
        Set<String> ids = new HashSet<>();
        long records = 0;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TopicTail.run(Map.of("bootstrap.servers", SharedKafka.bootstrapServers()),
                dev.genaimon.schemas.serde.AvroSerdes.singleObject().genericDecoder(), "genaimon.interactions.raw.v1",
                new TopicTail.Options(true, 0, Duration.ofSeconds(3), true),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err);
        ObjectMapper json = new ObjectMapper();
        for (String line : out.toString(StandardCharsets.UTF_8).split("\n")) {
            if (line.contains(PREFIX)) {
                JsonNode node = json.readTree(line);
                String key = node.path("key").asText();
                if (key.startsWith(PREFIX)) {
                    ids.add(key);
                    records++;
                }
            }
        }
        System.out.printf("[ClientRestartIT] %d records for %d ids (%d duplicates from retries); client %s%n",
                records, ids.size(), records - ids.size(), stats);
        assertThat(ids).hasSize(COUNT);
    }
}
