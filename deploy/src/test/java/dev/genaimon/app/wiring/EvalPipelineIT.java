package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.evaluators.quality.EvaluatorContext;
import dev.genaimon.processors.eval.SampleHash;
import dev.genaimon.processors.eval.worker.EvalWorker;
import dev.genaimon.processors.eval.worker.EvalWorkerSettings;
import dev.genaimon.processors.eval.worker.EvaluationRunner;
import dev.genaimon.processors.eval.worker.EvaluatorRegistry;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.EvaluationResult;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * interactions → sampler → worker (a slow test evaluator loaded by ServiceLoader) → eval-scores, with the worker killed
 * mid-stream (its last batch produced but never committed) and restarted: every sampled interaction gets exactly one
 * committed score (no duplicate, no loss), the killed batch's records exist only uncommitted, and an undecodable
 * request lands in the DLQ.
 */
@ExtendWith(SharedKafka.class)
class EvalPipelineIT {

    private static final String PREFIX = "eval-it-";
    private static final String SCALE_PREFIX = "eval-scale-";
    private static final int COUNT = 400;
    private static final double RATE = 0.25;

    @Test
    void shouldPublishEachScoreExactlyOnceAcrossAWorkerCrash() throws Exception {
        Map<String, String> settings = Map.of(ConfigKeys.ENRICH_ENABLED.name(), "false",
                ConfigKeys.DRIFT_ENABLED.name(), "false", ConfigKeys.OPS_ENABLED.name(), "false",
                ConfigKeys.EVAL_WORKER_ENABLED.name(), "false",
                ConfigKeys.EVAL_SAMPLER_RATE.name(), Double.toString(RATE),
                ConfigKeys.EVAL_SAMPLER_MAX_PER_MINUTE.name(), "0");
        Set<String> expected = IntStream.range(0, COUNT).mapToObj(i -> PREFIX + i)
                .filter(id -> SampleHash.unit(id) < RATE).collect(Collectors.toSet());
        try (GenaimonRuntime runtime = ItRuntime.start("eval", settings)) {
            KafkaConnection kafka = runtime.kafka();
            // the workers see only this test's requests, not other tests' history on the shared topic
            startGroupAtEnd(kafka, "it-eval-eval-worker");
            produceInteractions(kafka, PREFIX);
            // the sampler's decisions are the hash's: exactly the expected ids are requested
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    committedKeys(kafka, Topics.EVAL_REQUESTS, PREFIX).size() >= expected.size());
            assertThat(committedKeys(kafka, Topics.EVAL_REQUESTS, PREFIX)).containsExactlyInAnyOrderElementsOf(expected);
            producePoison(kafka);

            GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(), Map.of(
                    ConfigKeys.BOOTSTRAP_SERVERS.name(), SharedKafka.bootstrapServers(),
                    ConfigKeys.APPLICATION_ID_PREFIX.name(), "it-eval",
                    ConfigKeys.EVAL_WORKER_INSTANCE_ID.name(), "w1",
                    ConfigKeys.EVAL_WORKER_BATCH_SIZE.name(), "10",
                    ConfigKeys.EVAL_EVALUATORS.name(), "it_length",
                    ConfigKeys.EVAL_EVALUATOR_SETTINGS.name(), "it_length.delay-ms=15"));
            EvalWorkerSettings workerSettings = EvalStages.workerSettings(config)
                    .withTimes(Duration.ofMillis(200), Duration.ofMinutes(1), Duration.ofSeconds(1));
            assertThat(workerSettings.groupId()).isEqualTo("it-eval-eval-worker");
            assertThat(workerSettings.transactionalId()).isEqualTo("it-eval-eval-worker-w1");

            int before = ItEvaluatorProvider.EVALUATED.get();
            SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
            EvalWorker first = start(config, workerSettings, kafka, firstMeters);
            Awaitility.await().atMost(Duration.ofSeconds(60))
                    .until(() -> ItEvaluatorProvider.EVALUATED.get() - before >= expected.size() / 3);
            first.kill(); // the batch in hand is produced, never committed
            assertThat(first.isRunning()).isFalse();
            long committedAfterCrash = committed(kafka, Topics.EVAL_SCORES, true, PREFIX).size();
            assertThat(committedAfterCrash).isLessThan(expected.size());

            SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
            long started = System.nanoTime();
            try (EvalWorker second = start(config, workerSettings, kafka, secondMeters)) {
                Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                        committed(kafka, Topics.EVAL_SCORES, true, PREFIX).size() >= expected.size());
                Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> gauge(secondMeters,
                        "genaimon.eval.worker.backlog") == 0.0);
                System.out.printf("[EvalPipelineIT] %d sampled of %d; %d committed before the crash; the second"
                                + " worker finished the rest in %d ms; sustainable rate %.1f requests/s%n",
                        expected.size(), COUNT, committedAfterCrash, (System.nanoTime() - started) / 1_000_000,
                        second.sustainableRate());
            }

            List<String> committedKeys = committed(kafka, Topics.EVAL_SCORES, true, PREFIX).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            assertThat(committedKeys).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(id -> id + "/it_length").toList());
            // the killed worker's last batch is in the log, but only uncommitted
            List<ConsumerRecord<byte[], byte[]>> everything = committed(kafka, Topics.EVAL_SCORES, false, PREFIX);
            assertThat(everything.size()).isGreaterThan(committedKeys.size());

            var decode = kafka.topics().evalScores().value().deserializer();
            Map<String, EvaluationResult> results = committed(kafka, Topics.EVAL_SCORES, true, PREFIX).stream()
                    .collect(Collectors.toMap(r -> new String(r.key(), StandardCharsets.UTF_8),
                            r -> decode.deserialize(Topics.EVAL_SCORES, r.value())));
            assertThat(results.values()).allSatisfy(r -> {
                assertThat(r.getScoreValue()).isNotNull();
                assertThat(r.getSamplingReasons()).contains("base_rate");
                assertThat(r.getSegment().getId()).isEqualTo("it/eval-it/gpt-4o-mini/-");
            });
            // each committed result was counted once, by the worker that committed it
            double counted = count(firstMeters) + count(secondMeters);
            assertThat(counted).isEqualTo(expected.size());

            var decodeLetter = kafka.topics().dlq().value().deserializer();
            List<DeadLetter> letters = committed(kafka, Topics.DLQ, true, PREFIX).stream()
                    .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8)
                            .equals(PREFIX + "poison"))
                    .map(r -> decodeLetter.deserialize(Topics.DLQ, r.value())).toList();
            assertThat(letters).singleElement().satisfies(d -> {
                assertThat(d.getStage()).isEqualTo("eval-worker");
                assertThat(d.getSourceTopic()).isEqualTo(Topics.EVAL_REQUESTS);
            });
        }
    }

    @Test
    void shouldShareTheWorkBetweenTwoWorkersThroughARebalanceWithoutDuplicates() throws Exception {
        Map<String, String> settings = Map.of(ConfigKeys.ENRICH_ENABLED.name(), "false",
                ConfigKeys.DRIFT_ENABLED.name(), "false", ConfigKeys.OPS_ENABLED.name(), "false",
                ConfigKeys.EVAL_WORKER_ENABLED.name(), "false",
                ConfigKeys.EVAL_SAMPLER_RATE.name(), Double.toString(RATE),
                ConfigKeys.EVAL_SAMPLER_MAX_PER_MINUTE.name(), "0");
        Set<String> expected = IntStream.range(0, COUNT).mapToObj(i -> SCALE_PREFIX + i)
                .filter(id -> SampleHash.unit(id) < RATE).collect(Collectors.toCollection(HashSet::new));
        try (GenaimonRuntime runtime = ItRuntime.start("eval-scale", settings)) {
            KafkaConnection kafka = runtime.kafka();
            startGroupAtEnd(kafka, "it-eval-scale-eval-worker");
            produceInteractions(kafka, SCALE_PREFIX);
            // the feedback-join stage: a thumbs down on an unsampled interaction requests its evaluation, a thumbs
            // up confirms an answer as ground truth
            String disliked = IntStream.range(0, COUNT).mapToObj(i -> SCALE_PREFIX + i)
                    .filter(id -> !expected.contains(id)).findFirst().orElseThrow();
            String liked = SCALE_PREFIX + "7";
            produceFeedback(kafka, disliked, "down");
            produceFeedback(kafka, liked, "up");
            expected.add(disliked);
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    committedKeys(kafka, Topics.EVAL_REQUESTS, SCALE_PREFIX).size() >= expected.size());
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    committedKeys(kafka, Topics.GROUND_TRUTH, SCALE_PREFIX).contains(liked));
            var truth = kafka.topics().groundTruth().value().deserializer();
            assertThat(committed(kafka, Topics.GROUND_TRUTH, true, SCALE_PREFIX)).singleElement()
                    .satisfies(r -> {
                        var example = truth.deserialize(Topics.GROUND_TRUTH, r.value());
                        assertThat(example.getOrigin()).isEqualTo("confirmed");
                        assertThat(example.getQuestion()).isEqualTo("question 7");
                        assertThat(example.getAnswer()).isEqualTo("answer ".repeat(7));
                    });

            Map<String, String> common = Map.of(ConfigKeys.BOOTSTRAP_SERVERS.name(), SharedKafka.bootstrapServers(),
                    ConfigKeys.APPLICATION_ID_PREFIX.name(), "it-eval-scale",
                    ConfigKeys.EVAL_WORKER_BATCH_SIZE.name(), "5",
                    ConfigKeys.EVAL_EVALUATORS.name(), "it_length",
                    ConfigKeys.EVAL_EVALUATOR_SETTINGS.name(), "it_length.delay-ms=50");
            GenaimonConfig one = config(common, "s1");
            GenaimonConfig two = config(common, "s2");
            int before = ItEvaluatorProvider.EVALUATED.get();
            SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
            SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
            try (EvalWorker first = start(one, EvalStages.workerSettings(one), kafka, firstMeters)) {
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> ItEvaluatorProvider.EVALUATED.get() - before >= 5);
                // a second instance joins mid-stream: the group rebalances while the first one is evaluating
                try (EvalWorker second = start(two, EvalStages.workerSettings(two), kafka, secondMeters)) {
                    Awaitility.await().atMost(Duration.ofSeconds(120)).until(() ->
                            committed(kafka, Topics.EVAL_SCORES, true, SCALE_PREFIX).size() >= expected.size());
                    assertThat(second.hasAssignment()).isTrue();
                }
            }
            List<String> keys = committed(kafka, Topics.EVAL_SCORES, true, SCALE_PREFIX).stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).toList();
            assertThat(keys).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(id -> id + "/it_length").toList());
            assertThat(count(firstMeters) + count(secondMeters)).isEqualTo(expected.size());
            assertThat(count(secondMeters)).as("the second worker took a share").isPositive();
            System.out.printf("[EvalPipelineIT] two workers: %d results by the first, %d by the second%n",
                    (long) count(firstMeters), (long) count(secondMeters));
        }
    }

    private static GenaimonConfig config(Map<String, String> common, String instance) {
        Map<String, String> overrides = new HashMap<>(common);
        overrides.put(ConfigKeys.EVAL_WORKER_INSTANCE_ID.name(), instance);
        return GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
    }

    private static EvalWorker start(GenaimonConfig config, EvalWorkerSettings settings, KafkaConnection kafka,
                                    SimpleMeterRegistry meters) {
        EvaluatorRegistry registry = EvaluatorRegistry.load(new EvaluatorContext(EvalStages.evaluatorSettings(config)),
                List.of("it_length"));
        EvalWorker worker = EvalWorker.start(settings, kafka.clientProperties(Map.of()), kafka.topics(),
                new EvaluationRunner(registry, 2, Clock.systemUTC()), meters, Clock.systemUTC());
        return worker;
    }

    /** Commits the current end of the requests topic as the group's position. */
    private static void startGroupAtEnd(KafkaConnection kafka, String groupId) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties(Map.of()));
        props.put("group.id", groupId);
        props.put("enable.auto.commit", false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.EVAL_REQUESTS).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndMetadata> end = new HashMap<>();
            consumer.endOffsets(partitions).forEach((tp, offset) ->
                    end.put(tp, new org.apache.kafka.clients.consumer.OffsetAndMetadata(offset)));
            consumer.assign(partitions);
            consumer.commitSync(end);
        }
    }

    private static double count(SimpleMeterRegistry meters) {
        return meters.find("genaimon.eval.results").tag("evaluator", "it_length").counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private static double gauge(SimpleMeterRegistry meters, String name) {
        var gauge = meters.find(name).gauge();
        return gauge == null ? -1 : gauge.value();
    }

    private static void produceInteractions(KafkaConnection kafka, String prefix) throws Exception {
        var serializer = kafka.topics().interactions().value().serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            Instant now = Instant.now();
            for (int i = 0; i < COUNT; i++) {
                Interaction interaction = Interaction.newBuilder()
                        .setInteractionId(prefix + i).setTimestamp(now.plusMillis(i)).setTenant("it").setApp("eval-it")
                        .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt-4o-mini").build())
                        .setMessages(List.of(new Message("user", "question " + i, null)))
                        .setResponse("answer ".repeat(i % 20))
                        .build();
                producer.send(new ProducerRecord<>(Topics.INTERACTIONS, interaction.getInteractionId()
                        .getBytes(StandardCharsets.UTF_8), serializer.serialize(Topics.INTERACTIONS, interaction)));
            }
            producer.flush();
        }
    }

    private static void produceFeedback(KafkaConnection kafka, String interactionId, String thumbs)
            throws Exception {
        var serializer = kafka.topics().feedback().value().serializer();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            dev.genaimon.schemas.avro.Feedback feedback = dev.genaimon.schemas.avro.Feedback.newBuilder()
                    .setFeedbackId("fb-" + interactionId).setInteractionId(interactionId).setTimestamp(Instant.now())
                    .setTenant("it").setThumbs(thumbs).build();
            producer.send(new ProducerRecord<>(Topics.FEEDBACK, interactionId.getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(Topics.FEEDBACK, feedback))).get();
        }
    }

    private static void producePoison(KafkaConnection kafka) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.EVAL_REQUESTS, (PREFIX + "poison").getBytes(StandardCharsets.UTF_8),
                    new byte[] {(byte) 0xC3, 0x01, 9, 9, 9})).get();
        }
    }

    private static List<String> committedKeys(KafkaConnection kafka, String topic, String prefix) {
        return committed(kafka, topic, true, prefix).stream().map(r -> new String(r.key(), StandardCharsets.UTF_8))
                .filter(k -> !k.equals(PREFIX + "poison")).toList();
    }

    /** This test's records of a topic (key prefix), from the beginning to the end, read committed or not. */
    private static List<ConsumerRecord<byte[], byte[]>> committed(KafkaConnection kafka, String topic,
                                                                 boolean readCommitted, String prefix) {
        Map<String, Object> props = new HashMap<>(kafka.clientProperties(Map.of()));
        props.put("isolation.level", readCommitted ? "read_committed" : "read_uncommitted");
        props.put("enable.auto.commit", false);
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && new String(r.key(), StandardCharsets.UTF_8).startsWith(prefix)) {
                        out.add(r);
                    }
                }
            }
        }
        return out;
    }
}
