package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.topics.TopicSpec;
import dev.genaimon.schemas.topics.Topics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fault 4 of the reliability plan: the LLM judge (a local OpenAI-compatible server) and a notifier webhook answer
 * slowly or with 5xx for a while (30 s here; {@code -Dgenaimon.it.outage-seconds=N} for longer). While they do,
 * traffic keeps flowing through enrich and ops metrics: their committed offsets reach the end of their input with
 * the dependencies still down. After recovery the evaluation worker's and the notifier's backlogs drain: every
 * sampled interaction has exactly one committed judge result (explicit {@code judge_unavailable} errors for the ones
 * evaluated during the outage, real scores after it), and every alert group's notification is delivered.
 */
@ExtendWith(SharedKafka.class)
class SlowDependenciesIT {

    private static final String PREFIX = "slowdeps-";
    private static final String APP_PREFIX = "it-slowdeps";
    private static final Duration OUTAGE = Duration.ofSeconds(Long.getLong("genaimon.it.outage-seconds", 30));
    private static final int PER_SECOND = 20;
    private static final List<String> TENANTS = List.of("slowdeps-a", "slowdeps-b", "slowdeps-c");

    @Test
    void shouldKeepTheStreamsFlowingWhileTheJudgeAndAWebhookFailAndDrainTheBacklogsAfterRecovery() throws Exception {
        try (FakeJudge judge = new FakeJudge(); FakeWebhook webhook = new FakeWebhook()) {
            judge.mode(Mode.SLOW);
            webhook.mode(Mode.FAILING);
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
                          - url: %s
                    """.formatted(webhook.url()), StandardCharsets.UTF_8);
            Map<String, String> settings = new HashMap<>();
            settings.put(ConfigKeys.DRIFT_ENABLED.name(), "false");
            settings.put(ConfigKeys.EVAL_SAMPLER_RATE.name(), "1.0");
            settings.put(ConfigKeys.EVAL_SAMPLER_MAX_PER_MINUTE.name(), "0");
            settings.put(ConfigKeys.EVAL_EVALUATORS.name(), "judge_fluency");
            settings.put(ConfigKeys.EVAL_EVALUATOR_SETTINGS.name(), String.join(",",
                    "judge.endpoint=" + judge.baseUrl() + "/v1", "judge.kind=openai", "judge.auth=none",
                    "judge.model=it-judge", "judge.timeout=1s", "judge.max-retries=1", "judge.backoff.initial=100ms",
                    "judge.backoff.max=1s", "judge.breaker.failure-threshold=3", "judge.breaker.cool-down=2s",
                    "judge.requests-per-minute=100000", "judge.cache-size=0"));
            settings.put(ConfigKeys.NOTIFY_ROUTING_FILE.name(), routing.toString());
            settings.put(ConfigKeys.NOTIFY_TICK.name(), "200ms");
            settings.put(ConfigKeys.NOTIFY_TIMEOUT.name(), "1s");
            settings.put(ConfigKeys.NOTIFY_RETRY_INITIAL.name(), "200ms");
            settings.put(ConfigKeys.NOTIFY_RETRY_MAX.name(), "2s");

            try (GenaimonRuntime runtime = ItRuntime.start("slowdeps", settings);
                 Admin admin = Admin.create(runtime.kafka().clientProperties(Map.of()));
                 KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                         runtime.kafka().clientProperties(Map.of()), new ByteArraySerializer(),
                         new ByteArraySerializer())) {
                Traffic traffic = new Traffic(runtime, producer);
                // the worker's group starts at "latest": one interaction evaluated end to end proves it is placed
                // before the measured traffic starts (its result is an error: the judge is already slow)
                traffic.send(PREFIX + "warm-up");
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        judgeResults(runtime).containsKey(PREFIX + "warm-up"));

                Map<TopicPartition, Long> canonicalStart = endOffsets(admin, Topics.INTERACTIONS);
                produceAlerts(runtime, producer);

                // the outage: judge slow (answers after the timeout) for the first half, 503 for the second;
                // the webhook 503 throughout. Traffic at a steady rate; lags sampled every second.
                long outageStart = System.nanoTime();
                long maxEnrichLag = 0;
                long maxOpsLag = 0;
                List<Long> enrichCommitted = new ArrayList<>();
                List<Long> opsCommitted = new ArrayList<>();
                int second = 0;
                while (System.nanoTime() - outageStart < OUTAGE.toNanos()) {
                    if (System.nanoTime() - outageStart > OUTAGE.toNanos() / 2) {
                        judge.mode(Mode.FAILING);
                    }
                    for (int i = 0; i < PER_SECOND; i++) {
                        traffic.send(PREFIX + "outage-" + second + "-" + i);
                    }
                    producer.flush();
                    // the lag right after each second's records were written (so at most one second's worth
                    // when the stream keeps up)
                    maxEnrichLag = Math.max(maxEnrichLag, lag(admin, APP_PREFIX + "-enrich", Topics.INTERACTIONS_RAW,
                            Map.of(), 0));
                    maxOpsLag = Math.max(maxOpsLag, lag(admin, APP_PREFIX + "-ops", Topics.INTERACTIONS, Map.of(), 1));
                    enrichCommitted.add(committed(admin, APP_PREFIX + "-enrich", Topics.INTERACTIONS_RAW));
                    opsCommitted.add(committed(admin, APP_PREFIX + "-ops", Topics.INTERACTIONS));
                    second++;
                    long nextSecond = outageStart + TimeUnit.SECONDS.toNanos(second);
                    await().pollInterval(Duration.ofMillis(50)).atMost(Duration.ofSeconds(2))
                            .until(() -> System.nanoTime() >= nextSecond);
                }
                // still down: the streams have caught up with everything sent during the outage
                Map<TopicPartition, Long> rawEnd = endOffsets(admin, Topics.INTERACTIONS_RAW);
                // (generous: on a loaded shared machine the broker itself can stall the transactional producers)
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        lag(admin, APP_PREFIX + "-enrich", Topics.INTERACTIONS_RAW, rawEnd, 0) == 0);
                Map<TopicPartition, Long> canonicalEnd = endOffsets(admin, Topics.INTERACTIONS);
                assertThat(sum(canonicalEnd) - sum(canonicalStart)).as("enrich forwarded the outage traffic")
                        .isGreaterThanOrEqualTo((long) traffic.sent.size() - 1);
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        lag(admin, APP_PREFIX + "-ops", Topics.INTERACTIONS, canonicalEnd, 1) == 0);
                // never held up: both groups committed progress in each half of the outage (a stage that waited on
                // a dependency would stall for the whole outage). Samples are about a second apart, fewer when the
                // machine is loaded. The lag itself is only reported: on a
                // shared 2-core machine it follows the CPU, not the dependencies.
                assertProgress("enrich", enrichCommitted);
                assertProgress("ops", opsCommitted);
                long caughtUpMs = (System.nanoTime() - outageStart) / 1_000_000 - OUTAGE.toMillis();
                assertThat(judge.mode()).isEqualTo(Mode.FAILING);
                assertThat(webhook.failed()).as("the webhook was tried during the outage").isPositive();
                assertThat(webhook.delivered()).isEmpty();
                int outageSent = traffic.sent.size();

                // recovery
                judge.mode(Mode.HEALTHY);
                webhook.mode(Mode.HEALTHY);
                long recovered = System.nanoTime();
                Instant recoveredAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                // the judge's breaker lets one probe through after its cool-down; traffic makes the probe happen
                AtomicInteger probes = new AtomicInteger();
                await().pollInterval(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(60)).until(() -> {
                    traffic.send(PREFIX + "probe-" + probes.getAndIncrement());
                    producer.flush();
                    return judge.answered() > 0;
                });
                Set<String> after = new LinkedHashSet<>();
                for (int i = 0; i < PER_SECOND; i++) {
                    after.add(traffic.send(PREFIX + "after-" + i));
                }
                producer.flush();

                // the eval worker's backlog drains: one committed result per sampled interaction, no duplicates
                await().atMost(Duration.ofSeconds(120)).until(() ->
                        judgeResults(runtime).keySet().containsAll(traffic.sent));
                await().atMost(Duration.ofSeconds(60)).until(() -> lag(admin, APP_PREFIX + "-eval-worker",
                        Topics.EVAL_REQUESTS, Map.of(), 1) == 0);
                long evalDrainedMs = (System.nanoTime() - recovered) / 1_000_000;
                Map<String, List<EvaluationResult>> results = judgeResults(runtime);
                assertThat(results.values()).allSatisfy(r -> assertThat(r).hasSize(1));
                List<EvaluationResult> duringOutage = traffic.sent.subList(1, outageSent).stream()
                        .map(id -> results.get(id).get(0)).toList();
                // never a made-up score: a request evaluated during the outage says the judge was unavailable; one
                // still queued at recovery (a backlog) was scored by the judge after it
                assertThat(duringOutage).allSatisfy(r -> {
                    if (r.getError() != null) {
                        assertThat(r.getError()).isEqualTo("judge_unavailable");
                        assertThat(r.getScoreValue()).isNull();
                    } else {
                        assertThat(r.getScoreValue()).isEqualTo(4.0);
                        assertThat(r.getEvaluatedAt()).isAfterOrEqualTo(recoveredAt);
                    }
                });
                long unavailable = duringOutage.stream().filter(r -> r.getError() != null).count();
                assertThat(unavailable).as("the outage was felt by the worker").isPositive();
                assertThat(after).allSatisfy(id -> {
                    EvaluationResult r = results.get(id).get(0);
                    assertThat(r.getError()).isNull();
                    assertThat(r.getScoreValue()).isEqualTo(4.0);
                });

                // the notifier's backlog drains: every alert group delivered once the webhook answers again
                await().atMost(Duration.ofSeconds(60)).until(() -> webhook.delivered().keySet()
                        .containsAll(TENANTS));
                long notifyDrainedMs = (System.nanoTime() - recovered) / 1_000_000;
                assertThat(webhook.delivered().values()).allSatisfy(statuses ->
                        assertThat(statuses).containsOnly("firing"));

                System.out.printf("[SlowDependenciesIT] outage %d s at %d interactions/s (%d sent): max lag enrich %d,"
                                + " ops %d records; streams caught up %d ms after the outage with the dependencies"
                                + " still down; %d of %d outage requests answered judge_unavailable, the rest scored after"
                                + " recovery; %d failed webhook attempts; eval backlog drained %d ms and notifications"
                                + " delivered %d ms after recovery%n",
                        OUTAGE.toSeconds(), PER_SECOND, outageSent, maxEnrichLag, maxOpsLag, caughtUpMs,
                        unavailable, duringOutage.size(), webhook.failed(), evalDrainedMs, notifyDrainedMs);
            }
        }
    }

    /** Interactions written to the raw topic, as a service's telemetry would arrive. */
    private static final class Traffic {
        /** Ids sent, in order; appended to from Awaitility's condition thread too. */
        final List<String> sent = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final GenaimonRuntime runtime;
        private final KafkaProducer<byte[], byte[]> producer;

        Traffic(GenaimonRuntime runtime, KafkaProducer<byte[], byte[]> producer) {
            this.runtime = runtime;
            this.producer = producer;
        }

        String send(String id) {
            TopicSpec<String, Interaction> raw = runtime.kafka().topics().interactionsRaw();
            Interaction interaction = Interaction.newBuilder()
                    .setInteractionId(id).setTimestamp(Instant.now()).setTenant("slowdeps").setApp("slowdeps-app")
                    .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt-4o-mini").build())
                    .setMessages(List.of(new Message("user", "How do I reset my password? (" + id + ")", null)))
                    .setResponse("Open Settings, choose Security and follow the reset link we email you.")
                    .build();
            producer.send(new ProducerRecord<>(raw.name(), id.getBytes(StandardCharsets.UTF_8),
                    raw.value().serializer().serialize(raw.name(), interaction)));
            sent.add(id);
            return id;
        }
    }

    private static void produceAlerts(GenaimonRuntime runtime, KafkaProducer<byte[], byte[]> producer)
            throws Exception {
        TopicSpec<String, AlertEvent> topic = runtime.kafka().topics().alerts();
        Instant now = Instant.now();
        for (String tenant : TENANTS) {
            AlertEvent alert = AlertEvent.newBuilder().setFingerprint("it_slowdeps/" + tenant).setRule("it_slowdeps")
                    .setStatus("firing").setSeverity("critical").setLabels(Map.of("tenant", tenant))
                    .setAnnotations(Map.of("summary", "slow dependencies")).setStartsAt(now).setValue(1.0)
                    .setTransitionAt(now).build();
            producer.send(new ProducerRecord<>(topic.name(), alert.getFingerprint().getBytes(StandardCharsets.UTF_8),
                    topic.value().serializer().serialize(topic.name(), alert))).get();
        }
    }

    /** Committed {@code judge_fluency} results of this test, by interaction id. */
    private static Map<String, List<EvaluationResult>> judgeResults(GenaimonRuntime runtime) {
        return ItRuntime.committedValues(runtime, runtime.kafka().topics().evalScores()).stream()
                .filter(r -> r.getInteractionId().startsWith(PREFIX) && r.getName().equals("judge_fluency"))
                .collect(Collectors.groupingBy(EvaluationResult::getInteractionId));
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
        int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> out = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> out.put(tp, info.offset()));
        return out;
    }

    /**
     * Records of {@code topic} up to {@code until} (end offsets; the current ones when empty) that the group has not
     * committed yet, over the partitions the group has committed on (the others never had a record for it).
     * {@code markers}: a transactional writer ends the log with a commit marker that a Streams app does not commit
     * past (it commits the offset after its last record), so that many offsets per partition are not lag.
     */
    private static long lag(Admin admin, String group, String topic, Map<TopicPartition, Long> until, int markers)
            throws Exception {
        Map<TopicPartition, Long> end = until.isEmpty() ? endOffsets(admin, topic) : until;
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            OffsetAndMetadata offset = committed.get(e.getKey());
            if (offset == null) {
                continue; // nothing was ever committed there: the group had no record on that partition
            }
            lag += Math.max(0, e.getValue() - offset.offset() - markers);
        }
        return lag;
    }

    /** Committed offsets rose in the first and in the second half of the outage's samples. */
    private static void assertProgress(String stage, List<Long> committed) {
        assertThat(committed.size()).as("%s samples", stage).isGreaterThanOrEqualTo(3);
        int middle = committed.size() / 2;
        assertThat(committed.get(middle)).as("%s committed offsets, first half of the outage", stage)
                .isGreaterThan(committed.get(0));
        assertThat(committed.get(committed.size() - 1)).as("%s committed offsets, second half of the outage", stage)
                .isGreaterThan(committed.get(middle));
    }

    /** The sum of the group's committed offsets on the topic. */
    private static long committed(Admin admin, String group, String topic) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet().stream()
                .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    enum Mode { HEALTHY, SLOW, FAILING }

    /** An OpenAI-compatible chat-completions server on 127.0.0.1 that can be made slow or failing. */
    private static final class FakeJudge implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool();
        private final CountDownLatch closing = new CountDownLatch(1);
        private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);
        private final AtomicInteger answered = new AtomicInteger();

        FakeJudge() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", this::handle);
            server.setExecutor(threads);
            server.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void mode(Mode next) {
            mode.set(next);
        }

        Mode mode() {
            return mode.get();
        }

        /** Successful answers given since the judge was last healthy. */
        int answered() {
            return answered.get();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                exchange.getRequestBody().readAllBytes();
                Mode now = mode.get();
                if (now == Mode.SLOW) {
                    // longer than the judge's 1 s timeout; the client has given up by then
                    closing.await(3, TimeUnit.SECONDS);
                }
                if (now == Mode.FAILING) {
                    send(exchange, 503, "{\"error\":{\"code\":\"503\",\"message\":\"overloaded\"}}");
                    return;
                }
                if (now == Mode.HEALTHY) {
                    answered.incrementAndGet();
                }
                ObjectNode root = JSON.createObjectNode();
                root.put("id", "chatcmpl-it").put("object", "chat.completion").put("created", 1_700_000_000L)
                        .put("model", "it-judge");
                ObjectNode choice = root.putArray("choices").addObject();
                choice.put("index", 0).put("finish_reason", "stop");
                choice.putObject("message").put("role", "assistant")
                        .put("content", "{\"score\": 4, \"reason\": \"fluent\"}");
                root.putObject("usage").put("prompt_tokens", 50).put("completion_tokens", 10).put("total_tokens", 60);
                send(exchange, 200, root.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            closing.countDown();
            server.stop(0);
            threads.shutdownNow();
        }
    }

    /** A webhook receiver on 127.0.0.1: counts failed attempts, records delivered notifications by tenant. */
    private static final class FakeWebhook implements AutoCloseable {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final HttpServer server;
        private final AtomicReference<Mode> mode = new AtomicReference<>(Mode.HEALTHY);
        private final AtomicInteger failed = new AtomicInteger();
        private final Map<String, List<String>> delivered = new ConcurrentHashMap<>();

        FakeWebhook() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", this::handle);
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        void mode(Mode next) {
            mode.set(next);
        }

        int failed() {
            return failed.get();
        }

        /** Notification statuses received per tenant of this test. */
        Map<String, List<String>> delivered() {
            return Map.copyOf(delivered);
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
                if (mode.get() != Mode.HEALTHY) {
                    failed.incrementAndGet();
                    send(exchange, 503, "{\"error\":\"down\"}");
                    return;
                }
                String tenant = body.path("groupLabels").path("tenant").asText();
                if (TENANTS.contains(tenant)) {
                    delivered.computeIfAbsent(tenant, t -> new java.util.concurrent.CopyOnWriteArrayList<>())
                            .add(body.path("status").asText());
                }
                exchange.sendResponseHeaders(204, -1);
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException clientGone) {
            // the client timed out first
        }
    }
}
