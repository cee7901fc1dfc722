package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.GenaimonRuntime;
import dev.genaimon.schemas.avro.Interaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Memory with many segments (issue 10, fault 5): the full pipeline fed at a steady rate with interactions spread over
 * {@code segments} segments for {@code duration}; heap (after GC), RSS, state-directory size and lag sampled every
 * {@code sampleSeconds}; growth reported as least-squares slopes over the second half of the run, when the windows
 * of the first half are expiring as fast as new ones open.
 */
final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Plan(int segments, Duration duration, double ratePerSecond, int sizeBytes, int sampleSeconds) {
    }

    private Soak() {
    }

    static ObjectNode run(GenaimonConfig config, Plan plan, PrintStream out) throws Exception {
        ObjectNode node = JSON.createObjectNode();
        node.put("segments", plan.segments()).put("duration_s", plan.duration().toSeconds())
                .put("rate_per_s", plan.ratePerSecond()).put("size_bytes", plan.sizeBytes())
                .put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20)
                .put("rocksdb_block_cache_mb", config.get(ConfigKeys.ROCKSDB_BLOCK_CACHE) >> 20)
                .put("rocksdb_write_buffer_mb", config.get(ConfigKeys.ROCKSDB_WRITE_BUFFER) >> 20);
        Path stateDir = Path.of(config.get(ConfigKeys.DATA_DIR)).resolve("streams");
        try (GenaimonRuntime runtime = GenaimonRuntime.start(config, Clock.systemUTC())) {
            long startup = System.nanoTime();
            while (!runtime.stagesNotRunning().isEmpty()) {
                if (Bench.seconds(startup) > 300) {
                    throw new IllegalStateException("not running after 5 minutes: " + runtime.stagesNotRunning());
                }
                Thread.sleep(100); // polling the stages' state; there is no event to wait on
            }
            List<String> groups = PipelineBench.groups(runtime, config);
            String topic = runtime.kafka().topics().interactionsRaw().name();
            var serializer = runtime.kafka().topics().interactionsRaw().value().serializer();
            Map<String, Object> props = new HashMap<>(runtime.kafka().clientProperties(Map.of(
                    "acks", "all", "enable.idempotence", true, "compression.type", "lz4", "linger.ms", 5)));
            ArrayNode states = JSON.createArrayNode();
            long sent = 0;
            try (Admin admin = Admin.create(runtime.kafka().clientProperties(Map.of()));
                 ResourceSampler sampler = new ResourceSampler(admin,
                         runtime.kafka().clientProperties(Map.of()), groups, plan.sampleSeconds() * 1000L);
                 KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                         new ByteArraySerializer())) {
                Random random = new Random(11);
                long start = System.nanoTime();
                long end = start + plan.duration().toNanos();
                double gap = 1e9 / plan.ratePerSecond();
                long nextState = start;
                while (System.nanoTime() < end) {
                    long due = start + Math.round(sent * gap);
                    long now = System.nanoTime();
                    if (due > now) {
                        LockSupport.parkNanos(Math.min(due - now, 5_000_000));
                        continue;
                    }
                    // every segment in turn, so all of them have open windows and state at once
                    String[] segment = BenchData.numberedSegment((int) (sent % plan.segments()));
                    Interaction interaction = BenchData.interaction(random, "soak-" + sent, Instant.now(), segment,
                            plan.sizeBytes(), null);
                    producer.send(new ProducerRecord<>(topic, interaction.getInteractionId(),
                            serializer.serialize(topic, interaction)));
                    sent++;
                    if (now >= nextState) {
                        states.add(JSON.createObjectNode().put("t_s", PipelineBench.round1(Bench.seconds(start)))
                                .put("state_dir_mb", directoryBytes(stateDir) >> 20));
                        nextState = now + Duration.ofSeconds(plan.sampleSeconds()).toNanos();
                        out.printf("soak %4.0f s: %,d sent, %s%n", Bench.seconds(start), sent, lastSample(sampler));
                    }
                }
                producer.flush();
                node.put("sent", sent).put("achieved_rate_per_s", Math.round(sent / Bench.seconds(start)));
                ArrayNode samples = sampler.samples();
                node.set("samples", samples);
                node.set("state_dir", states);
                node.set("growth", growth(samples));
                node.set("growth_state_dir", growth(states, "state_dir_mb"));
            }
        }
        return node;
    }

    private static String lastSample(ResourceSampler sampler) {
        ArrayNode samples = sampler.samples();
        return samples.isEmpty() ? "" : samples.get(samples.size() - 1).toString();
    }

    /** Slopes in MB per minute over the second half of the samples, and first/last/max of heap-after-GC and RSS. */
    static ObjectNode growth(ArrayNode samples) {
        ObjectNode node = JSON.createObjectNode();
        for (String field : List.of("heap_after_gc_mb", "rss_mb")) {
            node.set(field, growth(samples, field));
        }
        return node;
    }

    static ObjectNode growth(ArrayNode samples, String field) {
        int from = samples.size() / 2;
        int n = samples.size() - from;
        double[] x = new double[Math.max(0, n)];
        double[] y = new double[Math.max(0, n)];
        long max = -1;
        for (int i = 0; i < samples.size(); i++) {
            long value = samples.get(i).path(field).asLong(-1);
            max = Math.max(max, value);
            if (i >= from) {
                x[i - from] = samples.get(i).path("t_s").asDouble();
                y[i - from] = value;
            }
        }
        double perMinute = ResourceSampler.slope(x, y) * 60;
        ObjectNode node = JSON.createObjectNode();
        node.put("slope_mb_per_min_second_half", Math.round(perMinute * 100) / 100.0)
                .put("first", samples.isEmpty() ? -1 : samples.get(0).path(field).asLong(-1))
                .put("last", samples.isEmpty() ? -1 : samples.get(samples.size() - 1).path(field).asLong(-1))
                .put("max", max);
        return node;
    }

    private static long directoryBytes(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a RocksDB file removed by compaction while walking
                }
            }).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return -1;
        }
    }
}
