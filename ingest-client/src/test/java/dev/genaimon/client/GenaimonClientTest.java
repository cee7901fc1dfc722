package dev.genaimon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a real loopback HTTP server that scripts 429, 503, dropped connections and slow answers. */
class GenaimonClientTest {

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    private ScriptedServer server() throws Exception {
        return track(new ScriptedServer());
    }

    private <T extends AutoCloseable> T track(T closeable) {
        closeables.add(closeable);
        return closeable;
    }

    private GenaimonClient.Builder client(ScriptedServer server) {
        return GenaimonClient.builder(server.uri()).apiKey("k1").linger(Duration.ofMillis(20))
                .backoff(Duration.ofMillis(10), Duration.ofMillis(200)).logInterval(Duration.ofSeconds(5));
    }

    private static Map<String, Object> interaction(String id) {
        return Map.of("interactionId", id, "app", "bot", "model", Map.of("provider", "openai", "model", "gpt-4o"),
                "response", "hi");
    }

    @Test
    void shouldBatchAsGzipNdjsonAndDeliverEveryItemExactlyOnce() throws Exception {
        ScriptedServer server = server();
        GenaimonClient client = track(client(server).batchSize(200).build());

        for (int i = 0; i < 5_000; i++) {
            assertThat(client.record(interaction("i-" + i))).isTrue();
        }
        Interaction built = Interaction.builder("bot", "openai", "gpt-4o").message("user", "hello").response("hi")
                .tokens(3, 1).latencyMs(120).userId("alice").build();
        client.record(built);
        client.feedback(Feedback.builder(built.interactionId()).thumbsDown().score(-0.5).labels("wrong").build());
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

        assertThat(server.acceptedById).hasSize(5_002);
        assertThat(server.acceptedById.values()).allMatch(count -> count.get() == 1);
        assertThat(server.acceptedById).containsKeys("i-0", "i-4999", built.interactionId(),
                "feedback:" + built.interactionId());
        assertThat(server.requests).allSatisfy(r -> {
            assertThat(r.contentEncoding()).isEqualTo("gzip");
            assertThat(r.authorization()).isEqualTo("Bearer k1");
            assertThat(r.items()).isBetween(1, 200);
        });
        assertThat(server.requests).extracting(ScriptedServer.Seen::path).contains("/v1/feedback");
        assertThat(client.stats()).isEqualTo(new ClientStats(5_002, 0, 0, 0, 0));
    }

    @Test
    void shouldRetry429And503HonouringRetryAfter() throws Exception {
        ScriptedServer server = server().then(new ScriptedServer.Status(429, "1"),
                new ScriptedServer.Status(503, null), new ScriptedServer.Status(503, "0"));
        GenaimonClient client = track(client(server).backoff(Duration.ofMillis(10), Duration.ofSeconds(5)).build());

        for (int i = 0; i < 10; i++) {
            client.record(interaction("r-" + i));
        }
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();

        assertThat(server.requests).hasSize(4);
        long waitedAfter429 = server.requests.get(1).atNanos() - server.requests.get(0).atNanos();
        assertThat(waitedAfter429).as("Retry-After: 1").isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(1000));
        assertThat(server.acceptedById).hasSize(10);
        assertThat(server.acceptedById.values()).allMatch(count -> count.get() == 1);
        assertThat(client.stats()).isEqualTo(new ClientStats(10, 0, 30, 0, 0));
    }

    @Test
    void shouldDropAndCountWhenTheQueueIsFullAndNeverBlockTheCaller() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ScriptedServer server = server().then(new ScriptedServer.Blocked(release));
        GenaimonClient client = track(client(server).queueCapacity(100).batchSize(10).linger(Duration.ZERO).build());
        client.record(interaction("first"));
        await().atMost(Duration.ofSeconds(10)).until(() -> server.requests.size() == 1); // the sender is stuck now

        AtomicInteger accepted = new AtomicInteger(1);
        // the server holds its answer until after this loop: if record() waited for room, this would time out
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int i = 0; i < 10_000; i++) {
                if (client.record(interaction("q-" + i))) {
                    accepted.incrementAndGet();
                }
            }
        });
        assertThat(accepted.get()).isEqualTo(101);
        assertThat(client.stats().dropped()).isEqualTo(10_000 - 100);
        assertThat(client.stats().pending()).isEqualTo(101);

        release.countDown();
        assertThat(client.flush(Duration.ofSeconds(20))).isTrue();
        assertThat(server.accepted()).isEqualTo(101);
        assertThat(server.acceptedById.values()).allMatch(count -> count.get() == 1);
        assertThat(client.stats()).isEqualTo(new ClientStats(101, 9_900, 0, 0, 0));
    }

    @Test
    void shouldLoseNothingWhileTheServerIsUnavailableForAWhile() throws Exception {
        ScriptedServer server = server().then(new ScriptedServer.Status(503, null), new ScriptedServer.Drop(),
                new ScriptedServer.Status(502, null), new ScriptedServer.Slow(300), new ScriptedServer.Drop(),
                new ScriptedServer.Status(429, null), new ScriptedServer.Status(504, null),
                new ScriptedServer.Slow(200));
        GenaimonClient client = track(client(server).batchSize(50).maxRetries(10).build());

        for (int i = 0; i < 2_000; i++) {
            client.record(interaction("u-" + i));
        }
        assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

        assertThat(server.acceptedById).hasSize(2_000);
        assertThat(server.acceptedById.values()).allMatch(count -> count.get() == 1);
        ClientStats stats = client.stats();
        assertThat(stats.sent()).isEqualTo(2_000);
        assertThat(stats.failed()).isZero();
        assertThat(stats.retried()).isPositive();
    }

    @Test
    void shouldRideOutAServerThatIsDownThenComesBackOnTheSamePort() throws Exception {
        ScriptedServer first = new ScriptedServer();
        int port = first.port();
        GenaimonClient client = track(GenaimonClient.builder(first.uri()).linger(Duration.ofMillis(5))
                .backoff(Duration.ofMillis(20), Duration.ofMillis(300)).maxRetries(50).build());
        for (int i = 0; i < 100; i++) {
            client.record(interaction("before-" + i));
        }
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        first.close(); // connection refused from now on

        for (int i = 0; i < 500; i++) {
            client.record(interaction("during-" + i));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().retried() >= 3 * 100);
        ScriptedServer second = track(new ScriptedServer(port));
        assertThat(client.flush(Duration.ofSeconds(30))).isTrue();

        assertThat(first.acceptedById).hasSize(100);
        assertThat(second.acceptedById).hasSize(500);
        assertThat(second.acceptedById.values()).allMatch(count -> count.get() == 1);
        assertThat(client.stats().failed()).isZero();
        assertThat(client.stats().sent()).isEqualTo(600);
    }

    @Test
    void shouldCountAsFailedWhatRetriesCannotDeliverAndWhatTheServerRejects() throws Exception {
        ScriptedServer server = server();
        for (int i = 0; i < 4; i++) {
            server.then(new ScriptedServer.Status(503, null));
        }
        server.then(new ScriptedServer.Status(401, null));
        GenaimonClient client = track(client(server).maxRetries(3).build());

        client.record(interaction("lost-1"));
        client.record(interaction("lost-2"));
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        client.record(interaction("unauthorized"));
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        client.record(interaction("fine"));
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(server.requests).hasSize(6);
        assertThat(server.acceptedById).containsOnlyKeys("fine");
        assertThat(client.stats()).isEqualTo(new ClientStats(1, 0, 6, 3, 0));
    }

    @Test
    void shouldGiveUpOnCloseTimeoutAndCountWhatWasNotSentAsFailed() throws Exception {
        ScriptedServer server = server();
        for (int i = 0; i < 1_000; i++) {
            server.then(new ScriptedServer.Status(503, "1"));
        }
        GenaimonClient client = client(server).batchSize(5).maxRetries(1_000).closeTimeout(Duration.ofMillis(300))
                .backoff(Duration.ofMillis(10), Duration.ofSeconds(1)).build();
        for (int i = 0; i < 20; i++) {
            client.record(interaction("down-" + i));
        }

        assertTimeoutPreemptively(Duration.ofSeconds(5), client::close);

        ClientStats stats = client.stats();
        assertThat(stats.sent()).isZero();
        assertThat(stats.failed()).as("every item accounted for").isEqualTo(20);
        assertThat(stats.pending()).isZero();
    }

    @Test
    void shouldSendWhatIsQueuedOnCloseAndRefuseAfterwards() throws Exception {
        ScriptedServer server = server().then(new ScriptedServer.Slow(100));
        GenaimonClient client = client(server).batchSize(100).linger(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 1_000; i++) {
            client.record(interaction("c-" + i));
        }

        client.close();

        assertThat(server.acceptedById).hasSize(1_000);
        assertThat(client.record(interaction("late"))).isFalse();
        assertThat(client.stats()).isEqualTo(new ClientStats(1_000, 1, 0, 0, 0));
    }
}
