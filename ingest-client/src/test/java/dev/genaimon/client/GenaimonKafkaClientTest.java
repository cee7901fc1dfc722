package dev.genaimon.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.validate.ItemLimits;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The direct Kafka mode against a {@link MockProducer}: encoding, keys, rejections, retries, the bounded queue. */
class GenaimonKafkaClientTest {

    private static final Instant NOW = Instant.parse("2026-11-24T05:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final AvroSerdes SERDES = AvroSerdes.singleObject();

    private final List<GenaimonKafkaClient> clients = new ArrayList<>();
    private final List<GenaimonKafkaClient.Rejection> rejections = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeAll() {
        clients.forEach(GenaimonKafkaClient::close);
    }

    private GenaimonKafkaClient.Builder builder(MockProducer<byte[], byte[]> producer) {
        return GenaimonKafkaClient.builder(Map.of("bootstrap.servers", "127.0.0.1:9"))
                .producerFactory(config -> producer).clock(CLOCK).onRejected(rejections::add)
                .backoff(Duration.ofMillis(5), Duration.ofMillis(20)).logInterval(Duration.ofSeconds(5));
    }

    private GenaimonKafkaClient start(GenaimonKafkaClient.Builder builder) {
        GenaimonKafkaClient client = builder.build();
        clients.add(client);
        return client;
    }

    private static MockProducer<byte[], byte[]> autoCompleting() {
        return new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Test
    void shouldWriteWhatTheHttpIngestWritesExceptTheSource() {
        MockProducer<byte[], byte[]> producer = autoCompleting();
        GenaimonKafkaClient client = start(builder(producer).tenant("acme"));
        Interaction call = Interaction.builder("support-bot", "openai", "gpt-4o").message("user", "hello")
                .response("hi").tokens(12, 3).latencyMs(420).userId("alice").timestamp(NOW.minusSeconds(5)).build();

        assertThat(client.record(call)).isTrue();
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(producer.history()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.INTERACTIONS_RAW);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(call.interactionId());
        assertThat(record.timestamp()).isEqualTo(NOW.minusSeconds(5).toEpochMilli());
        dev.genaimon.schemas.avro.Interaction written = SERDES.valueSerde(dev.genaimon.schemas.avro.Interaction.class)
                .deserializer().deserialize(record.topic(), record.value());
        assertThat(written.getSource()).isEqualTo("kafka");
        assertThat(written.getTenant()).isEqualTo("acme");
        assertThat(written.getUserIdHash()).isNotNull().hasSize(32);

        // the HTTP ingest's own validation of the same item, with the same clock, gives the same record
        ObjectNode json = new ObjectMapper().valueToTree(call.toMap());
        InteractionValidator.Result http = new InteractionValidator(ItemLimits.defaults(), CLOCK)
                .validate(json, "acme", "http");
        assertThat(http.valid()).isTrue();
        http.interaction().setSource("kafka");
        assertThat(written).isEqualTo(http.interaction());
        assertThat(client.stats()).isEqualTo(new ClientStats(1, 0, 0, 0, 0));
    }

    @Test
    void shouldKeyFeedbackByItsInteraction() {
        MockProducer<byte[], byte[]> producer = autoCompleting();
        GenaimonKafkaClient client = start(builder(producer));

        client.feedback(dev.genaimon.client.Feedback.builder("i-1").thumbsDown().score(-0.5).comment("wrong")
                .labels("refund").build());
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        ProducerRecord<byte[], byte[]> record = producer.history().get(0);
        assertThat(record.topic()).isEqualTo(Topics.FEEDBACK);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("i-1");
        Feedback written = SERDES.valueSerde(Feedback.class).deserializer().deserialize(record.topic(), record.value());
        assertThat(written.getInteractionId()).isEqualTo("i-1");
        assertThat(written.getThumbs()).isEqualTo("down");
        assertThat(written.getScore()).isEqualTo(-0.5);
        assertThat(written.getLabels()).containsExactly("refund");
        assertThat(written.getFeedbackId()).isNotBlank();
        assertThat(written.getReceivedAt()).isEqualTo(NOW);
        assertThat(record.timestamp()).isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void shouldRejectInvalidItemsWithTheValidatorsReasonAndCountThem() {
        MockProducer<byte[], byte[]> producer = autoCompleting();
        GenaimonKafkaClient client = start(builder(producer));

        client.record(Map.of("interactionId", "bad-1", "app", " ", "model", Map.of("provider", "openai",
                "model", "gpt-4o"), "messages", List.of(Map.of("role", "robot", "content", "hi"))));
        client.feedback(Map.of("interactionId", "i-1", "feedbackId", "f-1", "score", 3));
        client.feedback(Map.of("thumbs", "up"));
        client.record(Map.of("app", "bot", "model", Map.of("provider", "openai", "model", "gpt-4o")));
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();

        assertThat(producer.history()).hasSize(1); // only the valid interaction
        assertThat(client.rejected()).isEqualTo(3);
        assertThat(client.stats()).isEqualTo(new ClientStats(1, 0, 0, 3, 0));
        assertThat(rejections).hasSize(3);
        assertThat(rejections.get(0).kind()).isEqualTo("interaction");
        assertThat(rejections.get(0).id()).isEqualTo("bad-1");
        assertThat(rejections.get(0).errors()).anySatisfy(e -> assertThat(e).startsWith("app: must not be blank"))
                .anySatisfy(e -> assertThat(e).startsWith("messages[0].role: must be one of"));
        assertThat(rejections.get(1).kind()).isEqualTo("feedback");
        assertThat(rejections.get(1).id()).isEqualTo("f-1");
        assertThat(rejections.get(1).errors()).anySatisfy(e -> assertThat(e).startsWith("score: must be in [-1, 1]"));
        assertThat(rejections.get(2).errors()).anySatisfy(e -> assertThat(e).startsWith("interactionId: is required"));
    }

    @Test
    void shouldRetryRetriableErrorsAndFailTheOthers() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        GenaimonKafkaClient client = start(builder(producer).maxRetries(2));

        client.record(Map.of("interactionId", "i-retry", "app", "bot", "model", Map.of("provider", "p",
                "model", "m")));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 1);
        assertThat(producer.errorNext(new TimeoutException("broker unavailable"))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 2); // sent again
        assertThat(producer.completeNext()).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().sent() == 1);
        assertThat(new String(producer.history().get(1).key(), StandardCharsets.UTF_8)).isEqualTo("i-retry");

        client.record(Map.of("interactionId", "i-big", "app", "bot", "model", Map.of("provider", "p",
                "model", "m")));
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 3);
        assertThat(producer.errorNext(new RecordTooLargeException("too large"))).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().failed() == 1);
        assertThat(client.stats()).isEqualTo(new ClientStats(1, 0, 1, 1, 0));
        assertThat(client.rejected()).isZero();
    }

    @Test
    void shouldGiveUpAfterMaxRetries() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer());
        GenaimonKafkaClient client = start(builder(producer).maxRetries(1));

        client.record(Map.of("app", "bot", "model", Map.of("provider", "p", "model", "m")));
        for (int attempt = 1; attempt <= 2; attempt++) {
            int sends = attempt;
            await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == sends);
            assertThat(producer.errorNext(new TimeoutException("still unavailable"))).isTrue();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> client.stats().failed() == 1);
        assertThat(client.stats()).isEqualTo(new ClientStats(0, 0, 1, 1, 0));
    }

    @Test
    void shouldDropWhenTheQueueIsFullWithoutBlockingTheCaller() {
        CountDownLatch release = new CountDownLatch(1);
        MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Callback callback) {
                try {
                    release.await(); // a producer stuck in max.block.ms (no metadata, full buffer)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.send(record, callback);
            }
        };
        GenaimonKafkaClient client = start(builder(producer).queueCapacity(5));

        int[] accepted = new int[1];
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            for (int i = 0; i < 100; i++) {
                if (client.record(Map.of("app", "bot", "model", Map.of("provider", "p", "model", "m")))) {
                    accepted[0]++;
                }
            }
        });
        // at most the queue plus the one the sender thread holds
        assertThat(accepted[0]).isBetween(5, 6);
        assertThat(client.stats().dropped()).isEqualTo(100 - accepted[0]);
        release.countDown();
        assertThat(client.flush(Duration.ofSeconds(10))).isTrue();
        assertThat(client.stats()).isEqualTo(new ClientStats(accepted[0], 100 - accepted[0], 0, 0, 0));
        assertThat(producer.history()).hasSize(accepted[0]);
    }

    @Test
    void shouldCountWhatIsUnacknowledgedAtCloseAsFailed() {
        MockProducer<byte[], byte[]> producer = new MockProducer<>(false, null, new ByteArraySerializer(),
                new ByteArraySerializer()) {
            @Override
            public synchronized void flush() {
                // a cluster that never answers: nothing completes
            }
        };
        GenaimonKafkaClient client = start(builder(producer).closeTimeout(Duration.ofMillis(200)));
        for (int i = 0; i < 3; i++) {
            client.record(Map.of("app", "bot", "model", Map.of("provider", "p", "model", "m")));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> producer.history().size() == 3);

        client.close();

        assertThat(client.stats()).isEqualTo(new ClientStats(0, 0, 0, 3, 0));
        assertThat(client.record(Map.of("app", "bot", "model", Map.of("provider", "p", "model", "m")))).isFalse();
        assertThat(client.stats().dropped()).isEqualTo(1);
    }

    @Test
    void shouldImposeIdempotenceAndKeepTheIngestProducerDefaults() {
        Map<String, Object> config = GenaimonKafkaClient.builder(Map.of("bootstrap.servers", "b:9092",
                "enable.idempotence", false, "acks", "1", "linger.ms", 50)).producerConfig();
        assertThat(config).containsEntry("enable.idempotence", true).containsEntry("acks", "all")
                .containsEntry("linger.ms", 50).containsEntry("compression.type", "lz4")
                .containsEntry("batch.size", 256 * 1024).containsEntry("bootstrap.servers", "b:9092");
    }
}
