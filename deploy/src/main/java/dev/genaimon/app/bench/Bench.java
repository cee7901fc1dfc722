package dev.genaimon.app.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.EmbeddedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.GenaimonRuntime;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.app.wiring.StreamsApp;
import dev.genaimon.app.wiring.TopicAdmin;
import dev.genaimon.processors.enrich.EnrichTopology;
import dev.genaimon.processors.enrich.InteractionAnalyzer;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code genaimon bench}: measures genaimon against raw Kafka on the same embedded broker, in the same run, with the
 * same records, and reports ratios (absolute numbers on a shared 2-core machine are noise; ratios are not).
 * <ul>
 *   <li>reference: a raw producer writing the serialized records, and a raw consume→produce passthrough
 *       (read_committed, transactional, like Streams' exactly-once) copying them topic to topic;</li>
 *   <li>ingest: NDJSON over HTTP to {@code /v1/interactions} (16 keep-alive connections of {@link LoadClient}, 200
 *       per request) until every record is acknowledged on the raw topic — compared with the raw producer (same
 *       keys, timestamps and producer settings: acks=all, idempotent, lz4, linger.ms 10, batch.size 256 KiB). Ingest
 *       first warms its per-request code with the records in small requests; both sides then warm up on as many
 *       records as they are timed on until steady, and every timed pass starts once the JIT compilers are idle
 *       ({@link #settleJit}); {@value #INGEST_REPETITIONS} alternating timed pairs, the ratio is the pairs' median.
 *       The CPU time of the benchmark's own HTTP clients, of the server threads and of the producer is reported
 *       per interaction;</li>
 *   <li>enrich: the enrich topology catching up on those records (exactly-once, all local detectors) until every
 *       one is on {@code genaimon.interactions.v1} — compared with the raw passthrough.</li>
 * </ul>
 */
public final class Bench {

    /**
     * What to run.
     *
     * @param rate           events/s of the latency phase; null: half the measured maximum (the pipeline's throughput)
     * @param latencySeconds length of the latency phase
     * @param trace          the Azure inference trace CSV for arrival gaps and sizes, or null for uniform load
     * @param segments       soak: segments to spread the load over (0: four realistic segments)
     * @param duration       soak: run the memory soak for this long instead of the benchmark (null: no soak)
     * @param signalWindow   the safety signals' window (enrich.signal-window) in pipeline runs
     * @param signalGrace    their grace (enrich.grace)
     * @param commitInterval streams.commit-interval of enrich in this run, or null for the configured default
     */
    public record Options(int events, int sizeBytes, Set<String> stages, int threads, Double rate, int latencySeconds,
                          Path trace, int segments, Duration duration, Duration signalWindow, Duration signalGrace,
                          Duration commitInterval) {

        public Options(int events, int sizeBytes, Set<String> stages, int threads) {
            this(events, sizeBytes, stages, threads, null, 30, null, 0, null, Duration.ofSeconds(10),
                    Duration.ofSeconds(2), null);
        }

        /** The full-pipeline mode: every stage in one runtime, as {@code genaimon run} starts them. */
        boolean pipeline() {
            return stages.contains("full") || stages.contains("metrics") || stages.contains("eval")
                    || stages.contains("alerting");
        }
    }

    /** The stages {@code --stages} accepts. */
    public static final Set<String> STAGES = Set.of("ingest", "enrich", "drift", "metrics", "eval", "alerting", "full");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 200;
    /** Items per request, and passes, of the ingest warm-up's small requests (see {@link #ingest}). */
    private static final int SMALL_BATCH = 5;
    private static final int SMALL_REQUEST_PASSES = 2;
    /**
     * Concurrent ingest requests (keep-alive connections, one request in flight on each). Each request waits for its
     * records' acks (linger 10 ms + the broker round trip) before its connection sends the next, so the server is
     * saturated only when enough requests are in flight to cover that wait: with 4 connections ingest was capped by
     * the clients' own waiting (1.5 of 2 cores busy); with 8, 1.6 cores were busy and the median ratio to the raw
     * producer was 0.51 over nine pairs (session 8); with 16, 1.7-1.8 cores and 0.60 over nine pairs, at twice the
     * request latency (p99 86-121 ms against 35-90), as a closed loop with twice the requests in flight must.
     */
    private static final int INGEST_CLIENTS = Integer.getInteger("genaimon.bench.clients", 16);
    /** Timed raw-producer/ingest pairs of the ingest stage (five: the machine's speed drifts within a run). */
    static final int INGEST_REPETITIONS = 5;
    /** The raw producer's topic, for its warm-up and its timed passes alike. */
    private static final String RAW_PAIRS_TOPIC = "bench.raw-pairs";

    private Bench() {
    }

    public static ObjectNode run(Options options, PrintStream out) throws Exception {
        try (WorkDir work = WorkDir.create("genaimon-bench-")) {
            return run(options, work.path(), out);
        }
    }

    private static ObjectNode run(Options options, Path dir, PrintStream out) throws Exception {
        ObjectNode report = JSON.createObjectNode();
        report.put("events", options.events()).put("size_bytes", options.sizeBytes())
                .put("cores", Runtime.getRuntime().availableProcessors());
        AzureTrace trace = options.trace() == null ? null : AzureTrace.read(options.trace());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            Map<String, String> pipelineOverrides = PipelineBench.overrides(
                    options.duration() != null ? Set.of("full") : options.stages(),
                    options.signalWindow(), options.signalGrace());
            GenaimonConfig config = config(kafka, dir, options, Map.of());
            KafkaConnection connection = new KafkaConnection(kafka.bootstrapServers(), config);
            try (TopicAdmin admin = new TopicAdmin(connection, (short) 1)) {
                admin.createMissing(Duration.ofSeconds(30));
            }
            if (options.duration() != null) {
                double rate = options.rate() == null ? 500 : options.rate();
                out.printf("soak: %d segments, %s, %.0f interactions/s of %d bytes%n", options.segments(),
                        options.duration(), rate, options.sizeBytes());
                ObjectNode soak = Soak.run(config(kafka, dir, options, pipelineOverrides),
                        new Soak.Plan(Math.max(1, options.segments()), options.duration(),
                                options.duration().dividedBy(3), rate, options.sizeBytes(), 10), out);
                report.set("soak", soak);
                out.printf("soak growth (MB/min after the warm-up, 95 %% interval): %s; state dir %s%n", soak.get("growth"),
                        soak.get("growth_state_dir"));
                return report;
            }
            int[] sizes = new int[options.events()];
            Arrays.fill(sizes, options.sizeBytes());
            if (trace != null) {
                sizes = trace.sizes(options.events(), options.sizeBytes(), 300);
                report.put("load_shape", "azure-trace " + options.trace().getFileName() + " ("
                        + trace.arrivals().size() + " arrivals)");
            }
            List<Interaction> data = BenchData.interactions(sizes, options.segments(), 1, java.time.Instant.now());
            List<byte[]> values = new ArrayList<>(data.size());
            for (Interaction interaction : data) {
                values.add(connection.topics().interactionsRaw().value().serializer().serialize("x", interaction));
            }
            double averageBytes = values.stream().mapToInt(v -> v.length).average().orElse(0);
            report.put("avro_bytes_avg", Math.round(averageBytes));
            out.printf("%d interactions, %.0f bytes each as Avro%n", values.size(), averageBytes);

            createTopic(connection, "bench.warmup");
            createTopic(connection, "bench.raw-in");
            List<byte[]> keys = data.stream().map(i -> i.getInteractionId().getBytes(StandardCharsets.UTF_8)).toList();
            List<Long> times = data.stream().map(i -> i.getTimestamp().toEpochMilli()).toList();
            produce(connection, values, keys, times, "bench.warmup"); // JIT and connections warm before timing
            long cpuBefore = processCpuNanos();
            double rawProduce = produce(connection, values, keys, times, "bench.raw-in");
            report.put("raw_producer_cpu_us_per_event",
                    Math.round((processCpuNanos() - cpuBefore) / 1000.0 / values.size()));
            ResourceSampler.Snapshot rawBefore = ResourceSampler.Snapshot.take();
            double rawPassthrough = rawPassthrough(connection, values.size());
            ResourceSampler.Snapshot rawAfter = ResourceSampler.Snapshot.take();
            double rawCpuPerEvent = (rawAfter.cpuSeconds() - rawBefore.cpuSeconds()) * 1e6 / values.size();
            report.put("raw_producer_events_per_s", Math.round(rawProduce));
            report.put("raw_events_per_s", Math.round(rawPassthrough));
            report.put("raw_cpu_us_per_event", Math.round(rawCpuPerEvent));
            out.printf("raw producer             %,10.0f events/s%n", rawProduce);
            out.printf("raw consume->produce     %,10.0f events/s (read_committed, transactional)%n", rawPassthrough);

            ObjectNode stages = report.putObject("stages");
            if (options.stages().contains("ingest") || options.stages().contains("full")) {
                ObjectNode ingest = ingest(config, connection, data, new RawRecords(values, keys, times),
                        options.pipeline() ? PIPELINE_WARM_UP_PASSES : MAX_WARM_UP_PASSES,
                        options.sizeBytes(), out);
                stages.set("ingest", ingest);
                out.printf("ingest HTTP -> raw       %,10.0f events/s  = %.2f x raw producer (median of %d paired runs,"
                                + " ratios %s); request p50 %d ms, p99 %d ms%n",
                        ingest.get("events_per_s").asDouble(), ingest.get("ratio").asDouble(), ingest.get("ratios").size(),
                        ingest.get("ratios"), ingest.get("latency_p50_ms").asLong(),
                        ingest.get("latency_p99_ms").asLong());
                out.printf("ingest CPU per event     %s (raw producer: %d us in the whole process)%n",
                        ingest.get("cpu_us_per_event"), ingest.get("raw_producer_cpu_us_per_event").asLong());
                out.printf("warm-up passes           ingest %d, raw %d; JIT compiling in the timed passes: ingest %,d ms,"
                                + " raw %,d ms%n", ingest.get("warm_up_passes").asInt(),
                        ingest.get("raw_warm_up_passes").asInt(), ingest.get("jit_ms_in_timed_ingest").asLong(),
                        ingest.get("jit_ms_in_timed_raw").asLong());
            } else {
                produce(connection, values, keys, times, connection.topics().interactionsRaw().name());
            }
            if (options.pipeline()) {
                pipeline(options, report, stages, config(kafka, dir, options, pipelineOverrides), values,
                        rawPassthrough, rawCpuPerEvent, trace, out);
                return report;
            }
            if (options.stages().contains("enrich")) {
                ObjectNode enrich = enrich(config, connection, values.size());
                enrich.put("ratio", enrich.get("events_per_s").asDouble() / rawPassthrough);
                stages.set("enrich", enrich);
                out.printf("enrich raw -> canonical  %,10.0f events/s  = %.2f x raw passthrough%n",
                        enrich.get("events_per_s").asDouble(), enrich.get("ratio").asDouble());
            }
            if (options.stages().contains("drift")) {
                if (!options.stages().contains("enrich")) {
                    fillCanonical(connection, data);
                }
                ObjectNode drift = drift(config, connection, values.size());
                drift.put("ratio", drift.get("events_per_s").asDouble() / rawPassthrough);
                stages.set("drift", drift);
                out.printf("drift canonical->profile %,10.0f events/s  = %.2f x raw passthrough (%,.0f/s with %.1f s"
                                + " start-up)%n", drift.get("events_per_s").asDouble(), drift.get("ratio").asDouble(),
                        drift.get("events_per_s_with_startup").asDouble(), drift.get("startup_s").asDouble());
            }
            double slowest = Double.MAX_VALUE;
            for (var it = stages.fields(); it.hasNext(); ) {
                slowest = Math.min(slowest, it.next().getValue().get("events_per_s").asDouble());
            }
            if (slowest != Double.MAX_VALUE) {
                report.put("pipeline_events_per_s", Math.round(slowest));
                report.put("ratio", slowest / rawPassthrough);
            }
            long p99 = stages.has("ingest") ? stages.get("ingest").get("latency_p99_ms").asLong() : -1;
            report.put("latency_p99_ms", p99);
        }
        return report;
    }

    /** The full pipeline: throughput until every group caught up, then latency at a paced rate, and the alert. */
    private static void pipeline(Options options, ObjectNode report, ObjectNode stages, GenaimonConfig config,
                                 List<byte[]> rawValues, double rawPassthrough, double rawCpuPerEvent,
                                 AzureTrace trace, PrintStream out) throws Exception {
        // every record on the raw topic: the measured ones and, when ingest ran, its warm-up pass (10,000 of its
        // own): the stages process all of them, so all of them count (dividing by N alone understated the rate)
        long count = recordsOn(new KafkaConnection(config.get(ConfigKeys.BOOTSTRAP_SERVERS), config));
        GenaimonRuntime[] runtime = new GenaimonRuntime[1];
        try {
            ObjectNode throughput = PipelineBench.throughput(config, count, out, r -> runtime[0] = r);
            throughput.put("events_measured", rawValues.size());
            double rate = throughput.get("events_per_s").asDouble();
            throughput.put("ratio", rate / rawPassthrough);
            throughput.put("cpu_ratio", throughput.get("cpu_us_per_event").asDouble() / Math.max(1, rawCpuPerEvent));
            stages.set("pipeline", throughput);
            report.put("pipeline_events_per_s", Math.round(rate));
            report.put("ratio", rate / rawPassthrough);
            out.printf("full pipeline            %,10.0f events/s  = %.2f x raw passthrough (%,.0f/s with %.1f s start-up);"
                            + " %d us CPU per event = %.1f x raw%n", rate, rate / rawPassthrough,
                    throughput.get("events_per_s_with_startup").asDouble(), throughput.get("startup_s").asDouble(),
                    throughput.get("cpu_us_per_event").asLong(), throughput.get("cpu_ratio").asDouble());
            out.printf("groups caught up at (s): %s%n", throughput.get("group_caught_up_s"));
            out.printf("CPU us per event by role (from RUNNING, %d events on the raw topic): %s%n", count,
                    throughput.get("cpu_us_per_event_by_role"));
            out.printf("exactly-once commits per second by stage: %s%n", throughput.get("commits_per_s"));

            double max = rate;
            if (stages.has("ingest")) {
                max = Math.min(max, stages.get("ingest").get("events_per_s").asDouble());
            }
            double latencyRate = options.rate() != null ? options.rate() : Math.max(1, max / 2);
            report.put("max_events_per_s", Math.round(max));
            boolean alert = config.get(ConfigKeys.ALERTING_ENABLED);
            ObjectNode latency = PipelineBench.latency(runtime[0], new PipelineBench.LatencyPlan(latencyRate,
                    options.latencySeconds(), options.sizeBytes(), trace, alert, options.signalWindow(),
                    options.signalGrace()), out);
            latency.put("fraction_of_max", Math.round(latencyRate / max * 100) / 100.0);
            stages.set("latency", latency);
            ObjectNode raw = RawLatency.run(runtime[0].kafka(), rawValues, latencyRate, options.latencySeconds());
            report.set("raw_latency_ms", raw);
            latency.put("p99_ratio_to_raw", latency.get("ingest_to_flag_ms").get("p99").asDouble()
                    / Math.max(1, raw.get("p99").asDouble()));
            out.printf("raw produce->copy->read at %,.0f/s: p50 %d ms, p99 %d ms, %d missing%n", latencyRate,
                    raw.get("p50").asLong(), raw.get("p99").asLong(), raw.get("missing").asLong());
            report.put("latency_p99_ms", latency.get("ingest_to_flag_ms").get("p99").asLong());
            report.put("latency_p50_ms", latency.get("ingest_to_flag_ms").get("p50").asLong());
            out.printf("ingest -> safety flag at %,.0f/s (%.2f of max, %s): p50 %d ms, p99 %d ms, %d missing;"
                            + " request p99 %d ms%n", latencyRate, latencyRate / max, latency.get("load_shape").asText(),
                    latency.get("ingest_to_flag_ms").get("p50").asLong(),
                    latency.get("ingest_to_flag_ms").get("p99").asLong(), latency.get("flags_missing").asLong(),
                    latency.get("request_ms").get("p99").asLong());
            if (latency.has("ingest_to_alert")) {
                out.printf("ingest -> alert          %s%n", latency.get("ingest_to_alert"));
            }
        } finally {
            if (runtime[0] != null) {
                runtime[0].close();
            }
        }
    }

    /** Records on the raw interactions topic (sum of its end offsets; its producer is not transactional). */
    private static long recordsOn(KafkaConnection connection) throws Exception {
        try (Admin admin = Admin.create(connection.clientProperties(Map.of()))) {
            String topic = connection.topics().interactionsRaw().name();
            Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
            for (var partition : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                latest.put(new TopicPartition(topic, partition.partition()),
                        org.apache.kafka.clients.admin.OffsetSpec.latest());
            }
            long sum = 0;
            for (var info : admin.listOffsets(latest).all().get().values()) {
                sum += info.offset();
            }
            return sum;
        }
    }

    private static GenaimonConfig config(EmbeddedKafka kafka, Path dir, Options options, Map<String, String> extra) {
        Map<String, String> overrides = new HashMap<>();
        overrides.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), kafka.bootstrapServers());
        overrides.put(ConfigKeys.DATA_DIR.name(), dir.toString());
        overrides.put(ConfigKeys.INGEST_PORT.name(), "0");
        overrides.put(ConfigKeys.ENRICH_ENABLED.name(), "false");
        overrides.put(ConfigKeys.STREAM_THREADS.name(), Integer.toString(options.threads()));
        if (options.commitInterval() != null) {
            overrides.put(ConfigKeys.COMMIT_INTERVAL.name(), options.commitInterval().toMillis() + "ms");
        }
        if (!options.pipeline()) { // drift measured alone: the threads asked for, as before the per-stage settings
            overrides.put(ConfigKeys.ANALYSIS_THREADS.name(), Integer.toString(options.threads()));
        }
        overrides.put(ConfigKeys.MAX_ITEMS.name(), Integer.toString(BATCH));
        overrides.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), "bench");
        overrides.put(ConfigKeys.RATE_LIMIT_ENABLED.name(), "false");
        overrides.put(ConfigKeys.DRIFT_ENABLED.name(), "false");
        overrides.put(ConfigKeys.ALERTING_ENABLED.name(), "false"); // the bench measures the data path
        overrides.put(ConfigKeys.OPS_ENABLED.name(), "false");
        overrides.put(ConfigKeys.EVAL_ENABLED.name(), "false");
        overrides.put(ConfigKeys.EVAL_WORKER_ENABLED.name(), "false");
        overrides.put(ConfigKeys.NOTIFY_ENABLED.name(), "false");
        overrides.put(ConfigKeys.VIEW_ENABLED.name(), "false");
        overrides.putAll(extra);
        // the signal-volume floor can be tried in any run: -Dgenaimon.signals.min-samples=10 (docs/alerting.md)
        String minSamples = System.getProperty(ConfigKeys.SIGNALS_MIN_SAMPLES.systemProperty());
        if (minSamples != null) {
            overrides.put(ConfigKeys.SIGNALS_MIN_SAMPLES.name(), minSamples);
        }
        if (!extra.isEmpty()) {
            overrides.put(ConfigKeys.VIEW_ENABLED.name(), "true"); // the full pipeline runs what genaimon run runs
            overrides.put(ConfigKeys.DATA_DIR.name(), dir.resolve("pipeline").toString());
        }
        return GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
    }

    /**
     * Writes the values to an existing topic and waits for every ack; returns records per second. Keys and
     * timestamps are the interactions' ids and event times, as ingest writes them.
     */
    private static double produce(KafkaConnection connection, List<byte[]> values, List<byte[]> keys,
                                  List<Long> timestamps, String topic) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(connection, null)) {
            long start = System.nanoTime();
            List<Future<?>> acks = new ArrayList<>(values.size());
            for (int i = 0; i < values.size(); i++) {
                acks.add(producer.send(new ProducerRecord<>(topic, null, timestamps.get(i), keys.get(i),
                        values.get(i))));
            }
            for (Future<?> ack : acks) {
                ack.get();
            }
            return values.size() / seconds(start);
        }
    }

    /** Consume from bench.raw-in and produce to bench.raw-out in transactions, as Streams' exactly-once does. */
    private static double rawPassthrough(KafkaConnection connection, int count) throws Exception {
        createTopic(connection, "bench.raw-out");
        Map<String, Object> consumerProps = new HashMap<>(connection.clientProperties(Map.of(
                "isolation.level", "read_committed", "enable.auto.commit", false, "max.poll.records", 1000,
                "group.id", "bench-raw")));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer());
             KafkaProducer<byte[], byte[]> producer = producer(connection, "bench-raw-tx")) {
            producer.initTransactions();
            List<TopicPartition> partitions = consumer.partitionsFor("bench.raw-in").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long start = System.nanoTime();
            int copied = 0;
            while (copied < count) {
                copied += RawLatency.copyOnce(consumer, producer, "bench.raw-out", Duration.ofMillis(100));
            }
            return count / seconds(start);
        }
    }

    /** The serialized records the raw producer writes, with the keys and timestamps ingest gives them. */
    private record RawRecords(List<byte[]> values, List<byte[]> keys, List<Long> timestamps) {
    }

    /**
     * Ingest against the raw producer, fairly: both warm up with as many records as they are timed on (JIT,
     * connections, producer metadata), repeated until steady, one producer each for the whole stage (the raw one
     * configured as ingest's, see {@link #producer}), then {@value #INGEST_REPETITIONS} timed pairs in alternating
     * order (raw first, then ingest first, ...), so a change of the machine's load during the stage hits both sides
     * alike; each timed pass starts when the JIT compilers are idle ({@link #settleJit}). The ratio is the
     * median of the pairs' ratios; each pair's numbers are in the report.
     */
    private static ObjectNode ingest(GenaimonConfig config, KafkaConnection connection, List<Interaction> data,
                                     RawRecords raw, int maxWarmUpPasses, int sizeBytes, PrintStream out)
            throws Exception {
        createTopic(connection, RAW_PAIRS_TOPIC);
        try (GenaimonRuntime runtime = GenaimonRuntime.start(config, Clock.systemUTC());
             KafkaProducer<byte[], byte[]> rawProducer = producer(connection, null);
             LoadClient clients = new LoadClient(new java.net.InetSocketAddress("127.0.0.1", runtime.httpPort()),
                     "/v1/interactions", "application/x-ndjson", INGEST_CLIENTS)) {
            List<byte[]> requests = clients.requests(bodies(data));
            // a different id range, so the warm-up's records are told apart from the measured ones
            List<byte[]> warmUp = clients.requests(bodies(BenchData.interactions(data.size(), sizeBytes, 2)));
            // per-request code (HTTP, handler, producer batches) runs once per 200 items: on its own it reaches the
            // JIT's thresholds only after minutes, so the warm-up starts with the same records in small requests
            // (not before a full-pipeline run: its stages would have to process these records too)
            if (maxWarmUpPasses > PIPELINE_WARM_UP_PASSES) {
                List<byte[]> smallRequests = clients.requests(bodies(BenchData.interactions(data.size(), sizeBytes,
                        3), SMALL_BATCH));
                for (int pass = 0; pass < SMALL_REQUEST_PASSES; pass++) {
                    clients.send(smallRequests);
                }
            }
            settleJit();
            // JIT, connections and producers warm, both sides (see warmUp)
            int ingestWarmUps = warmUp(maxWarmUpPasses, () -> {
                long start = System.nanoTime();
                return clients.send(warmUp).accepted() / seconds(start);
            });
            // on the topic of its timed passes: warmed up on another one, the first timed raw pass paid for the new
            // topic's first segments and ran at ~75,000/s against ~125,000 for the others, which flattered ingest
            int rawWarmUps = warmUp(maxWarmUpPasses, () -> produce(rawProducer, raw, RAW_PAIRS_TOPIC));
            List<Double> ingestRates = new ArrayList<>();
            List<Double> rawRates = new ArrayList<>();
            List<Double> ratios = new ArrayList<>();
            List<Long> latencies = new ArrayList<>();
            Map<String, Long> cpu = new LinkedHashMap<>();
            RawPasses rawPasses = new RawPasses(rawProducer, raw);
            long ingestJit = 0;
            int accepted = 0;
            for (int pair = 0; pair < INGEST_REPETITIONS; pair++) {
                double rawRate = 0;
                if (pair % 2 == 0) {
                    settleJit();
                    rawRate = rawPasses.run();
                }
                settleJit();
                Map<String, Long> cpuBefore = cpuByRole();
                long jitBefore = jitMillis();
                long start = System.nanoTime();
                LoadClient.Sent sent = clients.send(requests);
                double ingestRate = sent.accepted() / seconds(start);
                ingestJit += jitMillis() - jitBefore;
                cpuByRole().forEach((role, nanos) -> cpu.merge(role, nanos - cpuBefore.getOrDefault(role, 0L),
                        Long::sum));
                accepted += sent.accepted();
                for (long latency : sent.latencies()) {
                    latencies.add(latency);
                }
                if (pair % 2 == 1) {
                    settleJit();
                    rawRate = rawPasses.run();
                }
                ingestRates.add(ingestRate);
                rawRates.add(rawRate);
                ratios.add(ingestRate / rawRate);
                out.printf("  pair %d: raw producer %,10.0f/s, ingest %,10.0f/s = %.2f%n", pair + 1, rawRate,
                        ingestRate, ingestRate / rawRate);
            }
            int total = accepted;
            ObjectNode cpuPerEvent = JSON.createObjectNode();
            cpu.forEach((role, nanos) -> cpuPerEvent.put(role, Math.round(nanos / 1000.0 / total)));
            latencies.sort(null);
            ObjectNode result = JSON.createObjectNode().put("events_per_s", Math.round(median(ingestRates)))
                    .put("raw_producer_events_per_s", Math.round(median(rawRates)))
                    .put("ratio", median(ratios))
                    .put("raw_producer_cpu_us_per_event",
                            Math.round(rawPasses.cpuNanos / 1000.0 / ((double) INGEST_REPETITIONS * raw.values().size())))
                    .put("accepted", accepted)
                    .put("requests", requests.size()).put("batch", BATCH).put("client_threads", INGEST_CLIENTS)
                    .put("warm_up_passes", ingestWarmUps).put("raw_warm_up_passes", rawWarmUps)
                    .put("jit_ms_in_timed_ingest", ingestJit).put("jit_ms_in_timed_raw", rawPasses.jitMs)
                    .put("latency_p50_ms", latencies.get(latencies.size() / 2))
                    .put("latency_p99_ms", latencies.get(Math.min(latencies.size() - 1,
                            (int) (latencies.size() * 0.99))));
            ratios.forEach(result.putArray("ratios")::add);
            ingestRates.forEach(r -> result.withArray("ingest_events_per_s_by_pair").add(Math.round(r)));
            rawRates.forEach(r -> result.withArray("raw_producer_events_per_s_by_pair").add(Math.round(r)));
            result.set("cpu_us_per_event", cpuPerEvent);
            return result;
        }
    }

    /** The raw producer's timed passes of the ingest stage: each one's rate, their CPU and JIT time summed. */
    private static final class RawPasses {
        private final KafkaProducer<byte[], byte[]> producer;
        private final RawRecords raw;
        long cpuNanos;
        long jitMs;

        RawPasses(KafkaProducer<byte[], byte[]> producer, RawRecords raw) {
            this.producer = producer;
            this.raw = raw;
        }

        double run() throws Exception {
            long cpuBefore = processCpuNanos();
            long jitBefore = jitMillis();
            double rate = produce(producer, raw, RAW_PAIRS_TOPIC);
            cpuNanos += processCpuNanos() - cpuBefore;
            jitMs += jitMillis() - jitBefore;
            return rate;
        }
    }

    /** A timed pass returning its rate. */
    private interface Pass {
        double run() throws Exception;
    }

    /** Most warm-up passes of one side. */
    private static final int MAX_WARM_UP_PASSES = 8;
    /**
     * With the pipeline after it, every ingest warm-up record stays on the raw topic for the pipeline to process
     * (40 passes once put 800,000 records there for a 20,000-event run), so fewer passes.
     */
    private static final int PIPELINE_WARM_UP_PASSES = 4;
    /** Most time spent warming one side up. */
    private static final long MAX_WARM_UP_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(
            Long.getLong("genaimon.bench.warm-up-seconds", 60));
    /** A pass is warm when the JIT compiled for less than this share of its wall time. */
    private static final double WARM_JIT_SHARE = 0.10;

    /**
     * Runs passes until the JVM is in its steady state for this work, at most {@code maxPasses} (each writes as many
     * records as a timed pass, so the bound is also one on the broker's disk) or one minute; returns how many ran.
     * Steady means both: a pass's rate is within 20 % of the one before, and the JIT compilers spent
     * less than {@value #WARM_JIT_SHARE} of the pass's wall time compiling. The second condition matters on two
     * cores: the pipeline's code (server, broker, clients) keeps C2 busy for about a minute, compiling for ~1 s per
     * second, and a pass timed during it measures the compiler's CPU as much as ingest's. A service is measured as
     * it runs for hours: "sustained throughput" is the steady state, for the raw producer as for ingest.
     */
    private static int warmUp(int maxPasses, Pass pass) throws Exception {
        double previous = -1;
        long deadline = System.nanoTime() + MAX_WARM_UP_NANOS;
        for (int passes = 1; ; passes++) {
            long jitBefore = jitMillis();
            long start = System.nanoTime();
            double rate = pass.run();
            double jitShare = (jitMillis() - jitBefore) / ((System.nanoTime() - start) / 1e6);
            boolean steady = previous > 0 && Math.abs(rate - previous) <= 0.2 * previous && jitShare < WARM_JIT_SHARE;
            System.err.printf("  warm-up pass %d: %,.0f/s, JIT %.0f %%%n", passes, rate, 100 * jitShare);
            if (steady || passes == Integer.getInteger("genaimon.bench.warm-up-passes", maxPasses)
                    || System.nanoTime() > deadline) {
                return passes;
            }
            previous = rate;
        }
    }

    /** Longest pause for the JIT compilers to catch up (see {@link #settleJit}). */
    private static final long MAX_JIT_SETTLE_MS = 20_000;

    /**
     * Pauses until the JIT compilers are idle (no compilation finished for 300 ms), at most
     * {@value #MAX_JIT_SETTLE_MS} ms. Under full load on two cores the compiler threads compete with the work they
     * compile for: C2's queue of hot methods (broker, Jetty, clients, genaimon) stayed long for minutes, passes kept
     * paying ~1 s of compilation per second, and they measured the compiler's backlog more than the code. Idle, the
     * compilers drain it in seconds; a process that has run for hours has long done so. Every timed pass of both
     * sides starts after such a pause; the JIT time that still falls inside the passes is reported.
     *
     * @return milliseconds paused
     */
    static long settleJit() throws InterruptedException {
        long start = System.nanoTime();
        long before = jitMillis();
        while ((System.nanoTime() - start) / 1_000_000 < MAX_JIT_SETTLE_MS) {
            Thread.sleep(300);
            long now = jitMillis();
            if (now == before) {
                break;
            }
            before = now;
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Milliseconds the JIT compilers have spent so far (0 where the JVM does not tell). */
    static long jitMillis() {
        java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** One producer's timed pass over the records: records per second until every ack. */
    private static double produce(KafkaProducer<byte[], byte[]> producer, RawRecords raw, String topic)
            throws Exception {
        long start = System.nanoTime();
        List<Future<?>> acks = new ArrayList<>(raw.values().size());
        for (int i = 0; i < raw.values().size(); i++) {
            acks.add(producer.send(new ProducerRecord<>(topic, null, raw.timestamps().get(i), raw.keys().get(i),
                    raw.values().get(i))));
        }
        for (Future<?> ack : acks) {
            ack.get();
        }
        return raw.values().size() / seconds(start);
    }

    private static List<byte[]> bodies(List<Interaction> data) {
        return bodies(data, BATCH);
    }

    private static List<byte[]> bodies(List<Interaction> data, int batch) {
        List<byte[]> bodies = new ArrayList<>();
        for (int i = 0; i < data.size(); i += batch) {
            bodies.add(BenchData.ndjson(data.subList(i, Math.min(data.size(), i + batch))));
        }
        return bodies;
    }

    /**
     * CPU time of the live threads by role: the benchmark's HTTP clients, the HTTP server (Jetty), the ingest
     * producer's network thread, and everything else (broker, GC, JIT, ...).
     */
    private static Map<String, Long> cpuByRole() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> byRole = new LinkedHashMap<>();
        byRole.put("http_client", 0L);
        byRole.put("server", 0L);
        byRole.put("producer", 0L);
        byRole.put("other", 0L);
        for (java.lang.management.ThreadInfo info : threads.dumpAllThreads(false, false)) {
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos < 0) {
                continue;
            }
            String name = info.getThreadName();
            String role = name.startsWith("bench-http-client") ? "http_client"
                    : name.startsWith("JettyServerThreadPool") || name.startsWith("qtp") ? "server"
                    : name.contains("kafka-producer-network-thread | genaimon-ingest") ? "producer" : "other";
            byRole.merge(role, nanos, Long::sum);
        }
        byRole.put("process", processCpuNanos());
        return byRole;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    static java.util.concurrent.ThreadFactory named(String prefix) {
        java.util.concurrent.atomic.AtomicInteger count = new java.util.concurrent.atomic.AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    private static ObjectNode enrich(GenaimonConfig config, KafkaConnection connection, int count) throws Exception {
        InteractionAnalyzer analyzer = InteractionAnalyzer.create(
                dev.genaimon.processors.enrich.EnrichSettings.defaults(), Segments.defaults());
        Map<String, Object> consumerProps = new HashMap<>(connection.clientProperties(Map.of(
                "isolation.level", "read_committed", "enable.auto.commit", false, "max.poll.records", 2000)));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProps, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(connection.topics().interactions().name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            long start = System.nanoTime();
            int seen = 0;
            try (StreamsApp app = StreamsApp.start("enrich", config, connection, new SimpleMeterRegistry(), builder ->
                    EnrichTopology.build(builder, dev.genaimon.processors.enrich.EnrichSettings.defaults(),
                            connection.topics(), connection.serdes(), analyzer::analyze, Clock.systemUTC()))) {
                while (seen < count) {
                    seen += consumer.poll(Duration.ofMillis(200)).count();
                    if (seconds(start) > 1800) {
                        throw new IllegalStateException("enrich did not finish within 30 minutes: " + seen + " of " + count);
                    }
                }
            }
            double rate = count / seconds(start);
            return JSON.createObjectNode().put("events_per_s", Math.round(rate))
                    .put("threads", config.get(ConfigKeys.STREAM_THREADS))
                    .put("note", "includes streams start-up and rebalance");
        }
    }

    /** Enriched interactions written straight to the canonical topic (the analysis done here, off the clock). */
    private static void fillCanonical(KafkaConnection connection, List<Interaction> data) throws Exception {
        InteractionAnalyzer analyzer = InteractionAnalyzer.create(
                dev.genaimon.processors.enrich.EnrichSettings.defaults(), Segments.defaults());
        try (KafkaProducer<byte[], byte[]> producer = producer(connection, null)) {
            for (Interaction interaction : data) {
                Interaction enriched = analyzer.analyze(interaction).interaction();
                producer.send(new ProducerRecord<>(connection.topics().interactions().name(), null,
                        enriched.getTimestamp().toEpochMilli(), enriched.getInteractionId().getBytes(),
                        connection.topics().interactions().value().serializer().serialize("x", enriched)));
            }
            producer.flush();
        }
    }

    /** The drift topology consuming the canonical topic, timed until its committed offsets reach the end. */
    private static ObjectNode drift(GenaimonConfig config, KafkaConnection connection, int count) throws Exception {
        String topic = connection.topics().interactions().name();
        try (Admin admin = Admin.create(connection.clientProperties(Map.of()))) {
            Map<TopicPartition, Long> end = new HashMap<>();
            for (var p : admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()) {
                TopicPartition partition = new TopicPartition(topic, p.partition());
                end.put(partition, admin.listOffsets(Map.of(partition,
                        org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get().get(partition).offset());
            }
            long start = System.nanoTime();
            long running;
            String group = config.get(ConfigKeys.APPLICATION_ID_PREFIX) + "-drift";
            try (StreamsApp app = StreamsApp.start("drift", config, connection, new SimpleMeterRegistry(), builder ->
                    dev.genaimon.processors.drift.DriftTopology.build(builder,
                            dev.genaimon.processors.drift.DriftTopologySettings.defaults(), connection.topics(),
                            connection.serdes(), Clock.systemUTC()))) {
                // the raw passthrough is timed without a group join (assign); time drift from RUNNING as well, and
                // report the start-up separately (records processed before RUNNING is seen inflate the rate by at
                // most one 20 ms poll)
                while (app.notRunningReason() != null) {
                    if (seconds(start) > 300) {
                        throw new IllegalStateException("drift did not start within 5 minutes: " + app.notRunningReason());
                    }
                    Thread.sleep(20); // polling the client state; there is no event to wait on here
                }
                running = System.nanoTime();
                while (true) {
                    var committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    boolean done = end.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue());
                    if (done) {
                        break;
                    }
                    if (seconds(start) > 1800) {
                        throw new IllegalStateException("drift did not catch up within 30 minutes");
                    }
                    Thread.sleep(100); // polling the group's committed offsets; there is no event to wait on
                }
            }
            double total = seconds(start);
            double runSeconds = seconds(running);
            double rate = count / runSeconds;
            return JSON.createObjectNode().put("events_per_s", Math.round(rate))
                    .put("events_per_s_with_startup", Math.round(count / total))
                    .put("startup_s", Math.round((total - runSeconds) * 10) / 10.0)
                    .put("threads", config.get(ConfigKeys.STREAM_THREADS))
                    .put("note", "from RUNNING until the committed offsets reach the end (like the raw passthrough,"
                            + " without the group join); events_per_s_with_startup includes start-up and rebalance");
        }
    }

    static KafkaProducer<byte[], byte[]> producer(KafkaConnection connection, String transactionalId) {
        Map<String, Object> props = new HashMap<>(connection.clientProperties(Map.of(
                "acks", "all", "enable.idempotence", true, "compression.type", "lz4", "linger.ms", 10,
                "batch.size", 256 * 1024))); // as ingest's producer (AvroPublisher.producerConfig)
        if (transactionalId != null) {
            props.put("transactional.id", transactionalId);
        }
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    static void createTopic(KafkaConnection connection, String name) throws Exception {
        try (Admin admin = Admin.create(connection.clientProperties(Map.of()))) {
            admin.createTopics(List.of(new NewTopic(name, 6, (short) 1))).all().get();
        }
    }

    static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

}
