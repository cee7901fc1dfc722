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
 * {@code sampleSeconds}; growth reported as least-squares slopes with their 95 % confidence intervals over the samples
 * after {@code warmup} (start-up, JIT and the first windows filling are not growth). With
 * {@code -XX:NativeMemoryTracking=summary} the report also has the JVM's native memory by category at the start, at
 * the end of the warm-up and at the end, and the RSS that NMT does not account for (RocksDB, glibc).
 */
final class Soak {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Plan(int segments, Duration duration, Duration warmup, double ratePerSecond, int sizeBytes,
                int sampleSeconds) {
    }

    private Soak() {
    }

    static ObjectNode run(GenaimonConfig config, Plan plan, PrintStream out) throws Exception {
        ObjectNode node = JSON.createObjectNode();
        node.put("segments", plan.segments()).put("duration_s", plan.duration().toSeconds())
                .put("rate_per_s", plan.ratePerSecond()).put("size_bytes", plan.sizeBytes())
                .put("warmup_s", plan.warmup().toSeconds())
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
            ObjectNode nmt = JSON.createObjectNode();
            nativeMemory(nmt, "start");
            boolean warm = false;
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
                    if (!warm && now - start >= plan.warmup().toNanos()) {
                        warm = true;
                        nativeMemory(nmt, "warmup_end");
                    }
                    if (now >= nextState) {
                        states.add(JSON.createObjectNode().put("t_s", PipelineBench.round1(Bench.seconds(start)))
                                .put("state_dir_mb", directoryBytes(stateDir) >> 20));
                        nextState = now + Duration.ofSeconds(plan.sampleSeconds()).toNanos();
                        out.printf("soak %4.0f s: %,d sent, %s%n", Bench.seconds(start), sent, lastSample(sampler));
                    }
                }
                producer.flush();
                nativeMemory(nmt, "end");
                nmt.set("growth_after_warmup_kb", difference(nmt.path("warmup_end").path("committed_kb"),
                        nmt.path("end").path("committed_kb")));
                node.set("native_memory", nmt);
                node.put("sent", sent).put("achieved_rate_per_s", Math.round(sent / Bench.seconds(start)));
                ArrayNode samples = sampler.samples();
                node.set("samples", samples);
                node.set("state_dir", states);
                double warmup = plan.warmup().toSeconds();
                node.set("growth", growth(samples, warmup));
                node.set("growth_state_dir", growth(states, "state_dir_mb", warmup));
            }
        }
        return node;
    }

    private static String lastSample(ResourceSampler sampler) {
        ArrayNode samples = sampler.samples();
        return samples.isEmpty() ? "" : samples.get(samples.size() - 1).toString();
    }

    /** Growth of heap-after-GC and RSS after the warm-up (see {@link #growth(ArrayNode, String, double)}). */
    static ObjectNode growth(ArrayNode samples, double warmupSeconds) {
        ObjectNode node = JSON.createObjectNode();
        for (String field : List.of("heap_mb", "heap_after_gc_mb", "rss_mb", "direct_mb")) {
            node.set(field, growth(samples, field, warmupSeconds));
        }
        return node;
    }

    /**
     * Least-squares slope in MB per minute, with its 95 % confidence interval, over the samples taken at
     * {@code t_s >= warmupSeconds} (the second half when fewer than three samples are that late), and first/last/max
     * of all samples. A slope whose interval contains 0 is no measurable growth.
     */
    static ObjectNode growth(ArrayNode samples, String field, double warmupSeconds) {
        int from = 0;
        while (from < samples.size() && samples.get(from).path("t_s").asDouble() < warmupSeconds) {
            from++;
        }
        if (samples.size() - from < 3) {
            from = samples.size() / 2;
        }
        int n = samples.size() - from;
        double[] x = new double[n];
        double[] y = new double[n];
        long max = -1;
        for (int i = 0; i < samples.size(); i++) {
            long value = samples.get(i).path(field).asLong(-1);
            max = Math.max(max, value);
            if (i >= from) {
                x[i - from] = samples.get(i).path("t_s").asDouble();
                y[i - from] = value;
            }
        }
        ResourceSampler.Fit fit = ResourceSampler.fit(x, y);
        double perMinute = fit.slope() * 60;
        double half = fit.halfWidth95() * 60;
        ObjectNode node = JSON.createObjectNode();
        node.put("fit_from_s", n == 0 ? -1 : x[0]).put("points", n)
                .put("slope_mb_per_min", round2(perMinute));
        if (!Double.isNaN(half)) {
            node.putArray("slope_ci95_mb_per_min").add(round2(perMinute - half)).add(round2(perMinute + half));
        }
        node.put("first", samples.isEmpty() ? -1 : samples.get(0).path(field).asLong(-1))
                .put("last", samples.isEmpty() ? -1 : samples.get(samples.size() - 1).path(field).asLong(-1))
                .put("max", max);
        return node;
    }

    private static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** NMT's committed kB per category now, and RSS minus NMT's total (native memory NMT does not track). */
    private static void nativeMemory(ObjectNode nmt, String when) {
        Map<String, Long> committed = NativeMemory.committedKb(NativeMemory.summary());
        if (committed.isEmpty()) {
            nmt.put(when, "NMT off (-XX:NativeMemoryTracking=summary)");
            return;
        }
        long rssKb = ResourceSampler.rssKb();
        ObjectNode node = nmt.putObject(when);
        node.put("rss_mb", rssKb >> 10).put("untracked_mb", (rssKb - committed.get("Total")) >> 10);
        ObjectNode categories = node.putObject("committed_kb");
        committed.forEach(categories::put);
    }

    /** to - from for every key of {@code to} that both have (an empty object when either is missing). */
    static ObjectNode difference(com.fasterxml.jackson.databind.JsonNode from,
                                 com.fasterxml.jackson.databind.JsonNode to) {
        ObjectNode node = JSON.createObjectNode();
        to.fieldNames().forEachRemaining(key -> {
            if (from.has(key)) {
                node.put(key, to.get(key).asLong() - from.get(key).asLong());
            }
        });
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
