package dev.genaimon.app.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.alerting.route.LabelMatcher;
import dev.genaimon.alerting.silence.SilenceRequests;
import dev.genaimon.alerting.silence.Silences;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.schemas.avro.Silence;
import dev.genaimon.schemas.topics.TopicSpec;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The silences admin API on the HTTP server: {@code GET /api/v1/silences}, {@code GET /api/v1/silences/{id}},
 * {@code POST /api/v1/silences} (JSON body, see {@link SilenceRequests}; returns {@code {"silenceID": id}}),
 * {@code DELETE /api/v1/silences/{id}} (expires it: the record stays with endsAt = now and who expired it, from the
 * {@code X-Genaimon-User} header or the {@code by} query parameter). Silences live on the compacted
 * {@code genaimon.silences.v1}; the notifier reads them as a global table. Protected by the ingest API keys when
 * configured.
 */
public final class SilenceRoutes {

    public static final String PATH = "/api/v1/silences";
    public static final String USER_HEADER = "X-Genaimon-User";

    private static final Logger LOG = LoggerFactory.getLogger(SilenceRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaConnection kafka;
    private final Producer<byte[], byte[]> producer;
    private final ApiKeyAuthenticator auth;
    private final Clock clock;
    private final TopicSpec<String, Silence> topic;

    public SilenceRoutes(KafkaConnection kafka, Producer<byte[], byte[]> producer, Map<String, Set<String>> apiKeys,
                         Clock clock) {
        this.kafka = kafka;
        this.producer = producer;
        this.auth = new ApiKeyAuthenticator(apiKeys);
        this.clock = clock;
        this.topic = kafka.topics().silences();
    }

    public void register(JavalinConfig config) {
        config.routes.get(PATH, ctx -> guarded(ctx, this::list));
        config.routes.get(PATH + "/{id}", ctx -> guarded(ctx, this::get));
        config.routes.post(PATH, ctx -> guarded(ctx, this::create));
        config.routes.delete(PATH + "/{id}", ctx -> guarded(ctx, this::expire));
    }

    private interface Handler {
        void handle(Context ctx, String tenant) throws Exception;
    }

    private void guarded(Context ctx, Handler handler) throws Exception {
        String tenant;
        try {
            tenant = auth.authenticate(ctx.header("Authorization"), ctx.header("X-Api-Key")).orElse(null);
        } catch (ApiKeyAuthenticator.Unauthorized e) {
            ctx.header("WWW-Authenticate", "Bearer");
            problem(ctx, 401, "unauthorized", e.getMessage(), List.of());
            return;
        }
        handler.handle(ctx, tenant);
    }

    private void list(Context ctx, String tenant) throws Exception {
        Instant now = clock.instant();
        String state = ctx.queryParam("state");
        ArrayNode items = JSON.createArrayNode();
        readAll().values().stream().sorted(Comparator.comparing(Silence::getStartsAt).reversed())
                .filter(s -> state == null || Silences.state(s, now).equals(state))
                .forEach(s -> items.add(json(s, now)));
        ObjectNode body = JSON.createObjectNode();
        body.set("silences", items);
        ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(body));
    }

    private void get(Context ctx, String tenant) throws Exception {
        Silence silence = readAll().get(ctx.pathParam("id"));
        if (silence == null) {
            problem(ctx, 404, "not_found", "no silence with id '" + ctx.pathParam("id") + "'", List.of());
            return;
        }
        ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(json(silence,
                clock.instant())));
    }

    private void create(Context ctx, String tenant) throws Exception {
        JsonNode body;
        try {
            body = JSON.readTree(ctx.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            problem(ctx, 400, "invalid_json", "the body is not valid JSON: " + e.getOriginalMessage(), List.of());
            return;
        }
        SilenceRequests.Result result = SilenceRequests.parse(body, clock.instant());
        if (!result.errors().isEmpty()) {
            problem(ctx, 400, "invalid_silence", "the silence was not created: " + String.join("; ",
                    result.errors()), result.errors());
            return;
        }
        Silence silence = result.silence();
        write(silence);
        LOG.info("silence {} created by {}{} until {}: {} ({})", silence.getId(), silence.getCreatedBy(),
                tenant == null ? "" : " (API key of tenant " + tenant + ")", silence.getEndsAt(),
                matchers(silence), silence.getComment());
        ctx.status(200).contentType("application/json")
                .result(JSON.writeValueAsString(JSON.createObjectNode().put("silenceID", silence.getId())));
    }

    private void expire(Context ctx, String tenant) throws Exception {
        String by = ctx.header(USER_HEADER);
        if (by == null || by.isBlank()) {
            by = ctx.queryParam("by");
        }
        if (by == null || by.isBlank()) {
            problem(ctx, 400, "missing_user", "say who expires the silence: header " + USER_HEADER
                    + " or query parameter by (silences are audited)", List.of());
            return;
        }
        String id = ctx.pathParam("id");
        Silence silence = readAll().get(id);
        if (silence == null) {
            problem(ctx, 404, "not_found", "no silence with id '" + id + "'", List.of());
            return;
        }
        Instant now = clock.instant();
        if (!Silences.state(silence, now).equals("expired")) {
            silence = SilenceRequests.expire(silence, by, now);
            write(silence);
            LOG.info("silence {} expired by {}{}", id, by, tenant == null ? "" : " (API key of tenant " + tenant + ")");
        }
        ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(json(silence, now)));
    }

    private void write(Silence silence) throws Exception {
        byte[] key = topic.key().serializer().serialize(topic.name(), silence.getId());
        byte[] value = topic.value().serializer().serialize(topic.name(), silence);
        producer.send(new ProducerRecord<>(topic.name(), key, value)).get(10, TimeUnit.SECONDS);
    }

    /** Every silence on the compacted topic, latest record per id (read to the end, so writes are visible at once). */
    Map<String, Silence> readAll() {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        Map<String, Silence> silences = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(props),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("timed out reading " + topic.name());
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    String id = topic.key().deserializer().deserialize(r.topic(), r.key());
                    if (r.value() == null) {
                        silences.remove(id);
                    } else {
                        silences.put(id, topic.value().deserializer().deserialize(r.topic(), r.value()));
                    }
                }
            }
        }
        return silences;
    }

    private static ObjectNode json(Silence s, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", s.getId());
        ArrayNode matchers = node.putArray("matchers");
        matchers(s).forEach(matchers::add);
        node.put("startsAt", s.getStartsAt().toString());
        node.put("endsAt", s.getEndsAt().toString());
        node.put("createdBy", s.getCreatedBy());
        node.put("comment", s.getComment());
        node.put("createdAt", s.getCreatedAt().toString());
        if (s.getExpiredBy() != null) {
            node.put("expiredBy", s.getExpiredBy());
            node.put("expiredAt", s.getExpiredAt() == null ? null : s.getExpiredAt().toString());
        }
        node.putObject("status").put("state", Silences.state(s, now));
        return node;
    }

    private static List<String> matchers(Silence s) {
        List<String> out = new ArrayList<>();
        s.getMatchers().forEach(m -> out.add(new LabelMatcher(m.getName(), m.getOp(), m.getValue()).toString()));
        return out;
    }

    private static void problem(Context ctx, int status, String code, String message, List<String> details)
            throws Exception {
        ObjectNode body = JSON.createObjectNode().put("error", code).put("message", message);
        if (!details.isEmpty()) {
            ArrayNode d = body.putArray("details");
            details.forEach(d::add);
        }
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsString(body));
    }
}
