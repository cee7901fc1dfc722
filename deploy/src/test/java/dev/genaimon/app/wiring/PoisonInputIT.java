package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.genaimon.app.bench.PoisonRun;
import dev.genaimon.app.broker.SharedKafka;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10, fault 3 at CI size: malformed records mixed into valid ones, written straight to the raw topic (what a
 * misbehaving producer or a wrong serializer does) and to the canonical topic (what a bad upstream deployment does).
 * Every malformed record must be in the dead-letter topic, once per stage that reads it, with its source topic,
 * partition and offset and a reason; every valid one must come out of enrich; every stream thread must stay RUNNING
 * and every group's committed offsets must reach the end of its input. {@code genaimon bench --chaos} runs the same
 * at 10,000 in 1,000,000.
 */
@ExtendWith(SharedKafka.class)
class PoisonInputIT {

    private static final int VALID = 10_000;
    private static final int POISON_RAW = 500;
    private static final int POISON_CANONICAL = 140;
    /** The stages of the default runtime that read genaimon.interactions.v1 (the embedding stage is off in ITs). */
    private static final Set<String> CANONICAL_READERS = Set.of("drift", "ops", "eval-sampler", "feedback-join");
    private static final String RUN = "poison-" + UUID.randomUUID().toString().substring(0, 8);

    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = ItRuntime.start("poison", Map.of());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldDeadLetterEveryMalformedRecordAndLoseNoValidOneWhileEveryStreamKeepsRunning() throws Exception {
        Topics topics = runtime.kafka().topics();
        byte[] sample = topics.interactions().value().serializer().serialize("t", interaction(RUN + "-sample", 0));
        Random random = new Random(7);

        Map<String, Object> producerProps = new HashMap<>();
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerProps.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        Set<String> validIds = new HashSet<>();
        Map<String, Future<RecordMetadata>> rawPoison = new TreeMap<>();
        Map<String, Future<RecordMetadata>> canonicalPoison = new TreeMap<>();
        Map<String, String> kindByKey = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                runtime.kafka().clientProperties(producerProps), new ByteArraySerializer(), new ByteArraySerializer())) {
            var serializer = topics.interactionsRaw().value().serializer();
            int poisonEvery = VALID / POISON_RAW;
            for (int i = 0; i < VALID; i++) {
                String id = RUN + "-ok-" + i;
                validIds.add(id);
                producer.send(new ProducerRecord<>(topics.interactionsRaw().name(), key(id),
                        serializer.serialize("t", interaction(id, i))));
                if (i % poisonEvery == 0) {
                    PoisonRun.Poison p = PoisonRun.poison(random, sample, rawPoison.size());
                    String key = RUN + "-bad-raw-" + rawPoison.size();
                    kindByKey.put(key, p.kind());
                    rawPoison.put(key, producer.send(new ProducerRecord<>(topics.interactionsRaw().name(), key(key),
                            p.bytes())));
                }
            }
            for (int i = 0; i < POISON_CANONICAL; i++) {
                PoisonRun.Poison p = PoisonRun.poison(random, sample, i);
                String key = RUN + "-bad-canonical-" + i;
                kindByKey.put(key, p.kind());
                canonicalPoison.put(key, producer.send(new ProducerRecord<>(topics.interactions().name(), key(key),
                        p.bytes())));
            }
            producer.flush();
        }
        Map<String, String> rawOffsets = provenance(rawPoison);
        Map<String, String> canonicalOffsets = provenance(canonicalPoison);
        assertThat(rawOffsets).hasSize(POISON_RAW);

        // every valid interaction comes out of enrich (read committed), exactly once
        await().atMost(Duration.ofMinutes(6)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() ->
                assertThat(keysWithPrefix(topics.interactions().name(), RUN + "-ok-")).hasSize(VALID));
        List<String> enriched = keysWithPrefixList(topics.interactions().name(), RUN + "-ok-");
        assertThat(new HashSet<>(enriched)).isEqualTo(validIds);
        assertThat(enriched).as("no valid interaction twice").hasSize(VALID);

        // every malformed record is a dead letter of each stage that read it, with provenance and a reason
        Map<String, List<DeadLetter>> letters = new HashMap<>();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
            letters.clear();
            letters.putAll(deadLettersByKey(topics));
            assertThat(letters.keySet()).containsAll(rawOffsets.keySet()).containsAll(canonicalOffsets.keySet());
            for (String key : canonicalOffsets.keySet()) {
                assertThat(letters.get(key)).extracting(DeadLetter::getStage).containsAll(CANONICAL_READERS);
            }
        });
        Map<String, Integer> reasons = new TreeMap<>();
        for (Map.Entry<String, String> raw : rawOffsets.entrySet()) {
            List<DeadLetter> forKey = letters.get(raw.getKey());
            assertThat(forKey).as("dead letters of %s (%s)", raw.getKey(), kindByKey.get(raw.getKey())).hasSize(1);
            DeadLetter letter = forKey.get(0);
            assertThat(letter.getStage()).isEqualTo("enrich");
            assertThat(letter.getSourceTopic() + "-" + letter.getSourcePartition() + "@" + letter.getSourceOffset())
                    .isEqualTo(raw.getValue());
            assertThat(letter.getReason()).isNotBlank();
            assertThat(letter.getMessage()).isNotBlank();
            reasons.merge(kindByKey.get(raw.getKey()) + " -> " + letter.getReason(), 1, Integer::sum);
        }
        for (Map.Entry<String, String> canonical : canonicalOffsets.entrySet()) {
            List<DeadLetter> forKey = letters.get(canonical.getKey());
            assertThat(forKey).as("one dead letter per reading stage of %s", canonical.getKey())
                    .hasSize(CANONICAL_READERS.size());
            assertThat(forKey).allSatisfy(letter -> assertThat(letter.getSourceTopic() + "-"
                    + letter.getSourcePartition() + "@" + letter.getSourceOffset()).isEqualTo(canonical.getValue()));
        }
        System.out.println("poison kinds -> dead-letter reasons: " + reasons);

        // every stage is still running, and every group has consumed its input to the end
        assertThat(runtime.stagesNotRunning()).isEmpty();
        for (String stage : List.of("enrich", "drift", "ops", "eval-sampler", "feedback-join")) {
            assertThat(runtime.stage(stage).state()).as(stage).isEqualTo(KafkaStreams.State.RUNNING);
            assertThat(runtime.stage(stage).streams().metadataForLocalThreads())
                    .allSatisfy(t -> assertThat(t.threadState()).isEqualTo("RUNNING"));
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            assertCommittedToEnd("it-poison-enrich", topics.interactionsRaw().name());
            for (String stage : CANONICAL_READERS) {
                assertCommittedToEnd("it-poison-" + stage, topics.interactions().name());
            }
        });
    }

    private static Interaction interaction(String id, int i) {
        return Interaction.newBuilder()
                .setInteractionId(id)
                .setTimestamp(Instant.now())
                .setTenant("poison-tenant")
                .setApp("app-" + (i % 3))
                .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt-4o-mini")
                        .setDeployment("chat").build())
                .setMessages(List.of(new Message("user", "Question " + i + ": how do I reset my password?", null)))
                .setResponse("Open the account page and choose 'reset password'. Reference " + i + ".")
                .build();
    }

    private static byte[] key(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> provenance(Map<String, Future<RecordMetadata>> sent) throws Exception {
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, Future<RecordMetadata>> e : sent.entrySet()) {
            RecordMetadata m = e.getValue().get();
            out.put(e.getKey(), m.topic() + "-" + m.partition() + "@" + m.offset());
        }
        return out;
    }

    private static Set<String> keysWithPrefix(String topic, String prefix) {
        return new HashSet<>(keysWithPrefixList(topic, prefix));
    }

    /** Keys of a topic with the prefix, read committed from the beginning to the current end (values not decoded). */
    private static List<String> keysWithPrefixList(String topic, String prefix) {
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : readCommitted(topic)) {
            if (record.key() != null && record.key().startsWith(prefix)) {
                keys.add(record.key());
            }
        }
        return keys;
    }

    private static Map<String, List<DeadLetter>> deadLettersByKey(Topics topics) {
        var deserializer = topics.dlq().value().deserializer();
        Map<String, List<DeadLetter>> out = new HashMap<>();
        for (ConsumerRecord<String, byte[]> record : readCommitted(topics.dlq().name())) {
            if (record.key() != null && record.key().startsWith(RUN + "-bad-")) {
                out.computeIfAbsent(record.key(), k -> new ArrayList<>())
                        .add(deserializer.deserialize(record.topic(), record.value()));
            }
        }
        return out;
    }

    private static List<ConsumerRecord<String, byte[]>> readCommitted(String topic) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(runtime.kafka().clientProperties(props),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** The group's committed offset on every partition of the topic equals the partition's end offset. */
    private static void assertCommittedToEnd(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(runtime.kafka().clientProperties(Map.of()))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(topic))
                    .forEach(tp -> latest.put(tp, OffsetSpec.latest()));
            assertThat(latest).as("group %s has committed offsets on %s", group, topic).isNotEmpty();
            var ends = admin.listOffsets(latest).all().get();
            for (TopicPartition tp : latest.keySet()) {
                // a consumer's position moves past transaction markers, so a caught-up group commits the end offset
                assertThat(committed.get(tp).offset()).as("%s committed on %s", group, tp)
                        .isEqualTo(ends.get(tp).offset());
            }
        }
    }
}
