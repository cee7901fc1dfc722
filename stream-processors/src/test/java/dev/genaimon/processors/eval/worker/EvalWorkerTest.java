package dev.genaimon.processors.eval.worker;

import static dev.genaimon.processors.eval.EvalFixtures.interaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The worker's transaction handling against MockConsumer / MockProducer (no broker). */
class EvalWorkerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);
    private static final TopicPartition TP = new TopicPartition(Topics.EVAL_REQUESTS, 0);

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    private final MockConsumer<byte[], byte[]> consumer = new MockConsumer<>("earliest");
    private final MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final TestEvaluators.Length length = new TestEvaluators.Length("length");
    private EvalWorker worker;

    @AfterEach
    void close() {
        if (worker != null) {
            worker.close();
        }
    }

    private void start() {
        EvalWorkerSettings settings = EvalWorkerSettings.defaults("g", "g-1")
                .withTimes(Duration.ofMillis(20), Duration.ofMinutes(1), Duration.ofMillis(1));
        worker = EvalWorker.start(settings, topics, new EvaluationRunner(new EvaluatorRegistry(List.of(length),
                List.of()), 1, CLOCK), meters, CLOCK, () -> consumer, () -> producer);
    }

    private byte[] request(String id) {
        EvaluationRequest request = EvaluationRequest.newBuilder().setInteractionId(id).setRequestedAt(T0)
                .setSegment(new Segment("acme/bot", Map.of())).setReasons(List.of("base_rate"))
                .setInteraction(interaction(id, T0)).build();
        return topics.evalRequests().value().serializer().serialize(Topics.EVAL_REQUESTS, request);
    }

    private void deliver(long firstOffset, byte[]... values) {
        for (int i = 0; i < values.length; i++) {
            consumer.addRecord(new ConsumerRecord<>(TP.topic(), TP.partition(), firstOffset + i,
                    ("k" + (firstOffset + i)).getBytes(StandardCharsets.UTF_8), values[i]));
        }
    }

    private void assignAndDeliver(byte[]... values) {
        consumer.schedulePollTask(() -> {
            consumer.rebalance(List.of(TP));
            consumer.updateBeginningOffsets(Map.of(TP, 0L));
            consumer.updateEndOffsets(Map.of(TP, (long) values.length));
            deliver(0, values);
        });
    }

    @Test
    void shouldCommitResultsDeadLettersAndOffsetsInOneTransaction() {
        assignAndDeliver(request("a"), new byte[] {1, 2, 3}, request("b"));
        start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !producer.consumerGroupOffsetsHistory()
                .isEmpty());
        worker.close();

        List<ProducerRecord<byte[], byte[]>> sent = producer.history();
        assertThat(sent).extracting(ProducerRecord::topic)
                .containsExactlyInAnyOrder(Topics.DLQ, Topics.EVAL_SCORES, Topics.EVAL_SCORES);
        assertThat(sent.stream().filter(r -> r.topic().equals(Topics.EVAL_SCORES))
                .map(r -> new String(r.key(), StandardCharsets.UTF_8))).containsExactlyInAnyOrder("a/length",
                "b/length");
        EvaluationResult result = topics.evalScores().value().deserializer().deserialize(Topics.EVAL_SCORES,
                sent.stream().filter(r -> r.topic().equals(Topics.EVAL_SCORES)).findFirst().orElseThrow().value());
        assertThat(result.getScoreValue()).isNotNull();
        DeadLetter letter = topics.dlq().value().deserializer().deserialize(Topics.DLQ, sent.stream()
                .filter(r -> r.topic().equals(Topics.DLQ)).findFirst().orElseThrow().value());
        assertThat(letter.getStage()).isEqualTo("eval-worker");
        assertThat(letter.getSourceOffset()).isEqualTo(1L);
        assertThat(producer.consumerGroupOffsetsHistory()).singleElement()
                .satisfies(byGroup -> assertThat(byGroup.get("dummy.group.id") != null
                        ? byGroup.get("dummy.group.id") : byGroup.values().iterator().next())
                        .containsEntry(TP, new OffsetAndMetadata(3)));
        assertThat(meters.counter("genaimon.eval.worker.dead.letters").count()).isEqualTo(1.0);
        assertThat(meters.find("genaimon.eval.results").counters().stream().mapToDouble(c -> c.count()).sum())
                .isEqualTo(2.0);
    }

    @Test
    void shouldAbortRewindAndEvaluateAgainWhenTheCommitFails() {
        producer.commitTransactionException = new KafkaException("coordinator went away");
        AtomicLong positionAfterAbort = new AtomicLong(-1);
        assignAndDeliver(request("a"), request("b"));
        start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> producer.transactionAborted());
        // the broker would deliver the batch again from the rewound position; the next commit succeeds
        consumer.schedulePollTask(() -> {
            positionAfterAbort.set(consumer.position(TP));
            producer.commitTransactionException = null;
            deliver(0, request("a"), request("b"));
        });
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !producer.consumerGroupOffsetsHistory()
                .isEmpty());
        worker.close();

        assertThat(positionAfterAbort.get()).isZero();
        assertThat(producer.history()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8))
                .containsExactlyInAnyOrder("a/length", "b/length");
        assertThat(length.batches).containsExactly(2, 2); // evaluated twice, published once
        assertThat(meters.counter("genaimon.eval.worker.aborted").count()).isEqualTo(1.0);
    }

    @Test
    void shouldReportBacklogAndKeepRunningWhenAnEvaluatorThrows() {
        assignAndDeliver(request("a"));
        start();
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !producer.consumerGroupOffsetsHistory()
                .isEmpty());
        assertThat(worker.isRunning()).isTrue();
        assertThat(worker.hasAssignment()).isTrue();
        assertThat(meters.find("genaimon.eval.worker.backlog").gauge().value()).isZero();
        assertThat(meters.find("genaimon.eval.worker.oldest.age").gauge().value()).isZero();
    }
}
