package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.EmbeddedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.GenaimonRuntime;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.Topics;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Issue 10, fault 3 at full size ({@code genaimon bench --poison N}): malformed records of seven kinds mixed into
 * valid interactions on the raw topic of a real genaimon (embedded broker, every default stage). Passes when every
 * malformed record is a dead letter of enrich with its exact source partition and offset, every valid one is on the
 * canonical topic exactly once, and every stage is still RUNNING. The CI-size version is {@code PoisonInputIT}.
 */
public final class PoisonRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A malformed value and what made it so. */
    public record Poison(String kind, byte[] bytes) {
    }

    private PoisonRun() {
    }

    /**
     * The {@code n}-th malformed value, of seven kinds in turn: bad bytes (JSON on an Avro topic), a schema fingerprint
     * no published version has, truncated Avro, a field claiming ~2^62 bytes, trailing bytes after a valid record, a
     * Confluent frame with an id no registry knows, and an empty value.
     *
     * @param valid a valid single-object-encoded record to mutate
     */
    public static Poison poison(Random random, byte[] valid, int n) {
        switch (n % 7) {
            case 0: {
                byte[] bytes = new byte[1 + random.nextInt(200)];
                random.nextBytes(bytes);
                bytes[0] = (byte) '{';
                return new Poison("bad bytes", bytes);
            }
            case 1: {
                byte[] bytes = valid.clone();
                for (int i = 2; i < 10; i++) {
                    bytes[i] = (byte) random.nextInt(256);
                }
                return new Poison("wrong fingerprint", bytes);
            }
            case 2:
                return new Poison("truncated avro", Arrays.copyOf(valid, 10 + random.nextInt(valid.length - 11)));
            case 3: {
                byte[] bytes = Arrays.copyOf(valid, 20);
                Arrays.fill(bytes, 10, 19, (byte) 0xfe);
                bytes[19] = 0x7f;
                return new Poison("huge field", bytes);
            }
            case 4:
                return new Poison("trailing bytes", Arrays.copyOf(valid, valid.length + 1 + random.nextInt(50)));
            case 5: {
                byte[] bytes = Arrays.copyOfRange(valid, 5, valid.length);
                bytes[0] = 0;
                return new Poison("unknown registry id", bytes);
            }
            default:
                return new Poison("empty", new byte[0]);
        }
    }

    /** Runs {@code validCount} valid and {@code poisonCount} malformed records through a fresh genaimon. */
    public static ObjectNode run(int validCount, int poisonCount, int sizeBytes, PrintStream out) throws Exception {
        if (poisonCount < 1 || validCount < poisonCount) {
            throw new IllegalArgumentException("need 1 <= poison <= events");
        }
        try (WorkDir work = WorkDir.create("genaimon-poison-")) {
            return run(validCount, poisonCount, sizeBytes, work.path(), out);
        }
    }

    private static ObjectNode run(int validCount, int poisonCount, int sizeBytes, Path dir, PrintStream out)
            throws Exception {
        ObjectNode report = JSON.createObjectNode().put("events", validCount).put("poison", poisonCount);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            Map<String, String> overrides = new HashMap<>();
            overrides.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
            overrides.put(ConfigKeys.DATA_DIR.name(), dir.toString());
            overrides.put(ConfigKeys.INGEST_PORT.name(), "0");
            overrides.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), "poison");
            overrides.put(ConfigKeys.DRIFT_EMBEDDING_ENABLED.name(), "false");
            overrides.put(ConfigKeys.EVAL_EVALUATORS.name(), "length,format,refusal,repetition");
            GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
            try (GenaimonRuntime runtime = GenaimonRuntime.start(config, Clock.systemUTC())) {
                Topics topics = runtime.kafka().topics();
                List<Interaction> data = BenchData.interactions(Math.min(validCount, 5_000), sizeBytes, 3);
                var serializer = topics.interactionsRaw().value().serializer();
                List<byte[]> encoded = new ArrayList<>(data.size());
                for (Interaction interaction : data) {
                    encoded.add(serializer.serialize("x", interaction));
                }
                Random random = new Random(11);
                Map<String, String> provenance = new HashMap<>();
                Map<String, String> kinds = new HashMap<>();
                long started = System.nanoTime();
                Map<String, Object> props = new HashMap<>();
                props.put(ProducerConfig.ACKS_CONFIG, "all");
                props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
                props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
                try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                        runtime.kafka().clientProperties(props), new ByteArraySerializer(), new ByteArraySerializer())) {
                    int every = validCount / poisonCount;
                    int poisoned = 0;
                    for (int i = 0; i < validCount; i++) {
                        // the i-th valid value: a template re-encoded with a unique id (ids decide the key)
                        Interaction template = data.get(i % data.size());
                        Interaction copy = Interaction.newBuilder(template).setInteractionId("ok-" + i)
                                .setTimestamp(Instant.now()).build();
                        producer.send(new ProducerRecord<>(topics.interactionsRaw().name(), bytes("ok-" + i),
                                serializer.serialize("x", copy)));
                        if (i % every == 0 && poisoned < poisonCount) {
                            String key = "bad-" + poisoned;
                            Poison p = poison(random, encoded.get(poisoned % encoded.size()), poisoned++);
                            kinds.put(key, p.kind());
                            producer.send(new ProducerRecord<>(topics.interactionsRaw().name(), bytes(key), p.bytes()),
                                    (m, e) -> {
                                        if (e == null) {
                                            synchronized (provenance) {
                                                provenance.put(key, m.topic() + "-" + m.partition() + "@" + m.offset());
                                            }
                                        }
                                    });
                        }
                    }
                    producer.flush();
                }
                out.printf("sent %,d valid and %,d malformed records in %.1f s%n", validCount, provenance.size(),
                        (System.nanoTime() - started) / 1e9);

                Set<String> seen = new HashSet<>();
                long duplicates = 0;
                Map<String, String> letters = new HashMap<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(60).toNanos();
                try (Reader canonical = new Reader(runtime, topics.interactions().name());
                     Reader dlq = new Reader(runtime, topics.dlq().name())) {
                    while ((seen.size() < validCount || letters.size() < provenance.size())
                            && System.nanoTime() < deadline) {
                        for (ConsumerRecord<String, byte[]> r : canonical.poll()) {
                            if (r.key() != null && r.key().startsWith("ok-") && !seen.add(r.key())) {
                                duplicates++;
                            }
                        }
                        for (ConsumerRecord<String, byte[]> r : dlq.poll()) {
                            DeadLetter letter = topics.dlq().value().deserializer().deserialize(r.topic(), r.value());
                            if ("enrich".equals(letter.getStage()) && r.key() != null && r.key().startsWith("bad-")) {
                                String where = letter.getSourceTopic() + "-" + letter.getSourcePartition() + "@"
                                        + letter.getSourceOffset();
                                if (letters.put(r.key(), letter.getReason() + " " + where) != null) {
                                    duplicates++;
                                }
                            }
                        }
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long provenanceMatches = letters.entrySet().stream()
                        .filter(e -> e.getValue().endsWith(" " + provenance.get(e.getKey()))).count();
                Map<String, Integer> reasons = new TreeMap<>();
                letters.forEach((key, value) -> reasons.merge(kinds.get(key) + " -> " + value.split(" ")[0], 1,
                        Integer::sum));
                boolean running = runtime.stagesNotRunning().isEmpty();
                boolean passed = seen.size() == validCount && duplicates == 0 && letters.size() == poisonCount
                        && provenanceMatches == poisonCount && running;
                report.put("valid_out", seen.size()).put("dead_letters", letters.size())
                        .put("provenance_exact", provenanceMatches).put("duplicates", duplicates)
                        .put("all_stages_running", running).put("seconds", Math.round(seconds * 10) / 10.0)
                        .put("events_per_s", Math.round(validCount / seconds)).put("passed", passed);
                ObjectNode byReason = report.putObject("reasons");
                reasons.forEach(byReason::put);
                out.printf("valid on the canonical topic %,d of %,d (duplicates %d); dead letters %,d of %,d with exact"
                                + " provenance %,d; every stage RUNNING: %s; %.0f s -> %s%n", seen.size(), validCount,
                        duplicates, letters.size(), poisonCount, provenanceMatches, running, seconds,
                        passed ? "PASSED" : "FAILED");
                out.println("reasons: " + reasons);
            }
        }
        return report;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A read-committed reader from the beginning of a topic. */
    private static final class Reader implements AutoCloseable {
        private final KafkaConsumer<String, byte[]> consumer;

        Reader(GenaimonRuntime runtime, String topic) {
            Map<String, Object> props = new HashMap<>();
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
            consumer = new KafkaConsumer<>(runtime.kafka().clientProperties(props), new StringDeserializer(),
                    new ByteArrayDeserializer());
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }

        Iterable<ConsumerRecord<String, byte[]>> poll() {
            return consumer.poll(Duration.ofMillis(200));
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
