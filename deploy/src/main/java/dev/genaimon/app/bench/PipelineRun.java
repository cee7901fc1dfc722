package dev.genaimon.app.bench;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.wiring.KafkaConnection;
import dev.genaimon.app.wiring.TopicAdmin;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.Interaction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The genaimon pipeline (enrich, drift, ops metrics, eval sampler and aggregates, eval worker with local evaluators,
 * alerting) in child JVMs ({@link ChildInstance}) on a given broker, fed with generated interactions whose expected
 * outputs are known ({@link Expected}), so that a run with faults can be checked for exactness
 * ({@link ExactnessCheck}). Used by {@link ChaosRun}, {@link InstancesRun} and the fault integration tests.
 *
 * <p>Event time: the interactions are spread over {@code span} starting three hours ago, windows are one minute and
 * every grace period is one hour, so that an instance that is killed and comes back late still has its records
 * counted (a grace shorter than the recovery would drop them as late, by design, and the check could not tell that
 * from loss). After the data, one "closer" interaction per segment, stamped after the last window's grace, closes
 * every data window.
 */
public final class PipelineRun implements AutoCloseable {

    /** Stages each child runs ({@code run --components}); the eval worker is switched on in the child's file. */
    static final List<String> COMPONENTS = List.of("enrich", "drift", "ops", "eval", "alerting");
    /** Cheap local evaluators: the worker's work is real but does not load the embedding model. */
    static final List<String> EVALUATORS = List.of("length", "repetition");
    static final Duration WINDOW = Duration.ofMinutes(1);
    static final Duration GRACE = Duration.ofHours(1);
    static final String RULE = "ChaosRequests";
    /** Start-up with state restoration on a loaded 2-core machine can take minutes. */
    static final Duration READY = Duration.ofMinutes(5);
    static final int START_ATTEMPTS = 3;

    /**
     * @param events     data interactions (closers come on top)
     * @param sizeBytes  approximate size of one interaction
     * @param instances  child JVMs
     * @param partitions partitions of every genaimon topic
     * @param span       event-time span of the data
     * @param evalRate   sampler base rate (no cap, no boosts: the sampled set is a function of the ids)
     * @param heap       -Xmx of each child
     */
    public record Options(int events, int sizeBytes, int instances, int partitions, Duration span, double evalRate,
                          String heap) {
    }

    private final Options options;
    private final String bootstrap;
    private final Path dir;
    private final PrintStream out;
    private final String prefix;
    private final KafkaConnection kafka;
    private final List<ChildInstance> children = new ArrayList<>();
    private final List<Interaction> data;
    private final List<Interaction> closers;
    private final Expected expected;
    private int produced;

    /**
     * Creates the topics and writes the children's configuration; starts nothing yet.
     *
     * @param dir work directory: children's data directories, configuration and logs
     */
    public PipelineRun(Options options, String bootstrap, Path dir, PrintStream out) throws Exception {
        this.options = options;
        this.bootstrap = bootstrap;
        this.dir = dir;
        this.out = out;
        this.prefix = "chaos-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        GenaimonConfig config = GenaimonConfig.load(null, Map.of(), new Properties(), Map.of(
                ConfigKeys.BOOTSTRAP_SERVERS.name(), bootstrap,
                ConfigKeys.TOPIC_PARTITIONS.name(), Integer.toString(options.partitions()),
                ConfigKeys.APPLICATION_ID_PREFIX.name(), prefix));
        kafka = new KafkaConnection(bootstrap, config);
        try (TopicAdmin admin = new TopicAdmin(kafka, (short) 1)) {
            admin.createMissing(Duration.ofSeconds(60));
        }
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - name: %s
                    signal: ops.request_count
                    condition: "> 0"
                    for: 1
                    severity: info
                    retrain: true
                    retrain_cooldown: 24h
                    annotations: {summary: "{{ signal }} in {{ segment }}"}
                """.formatted(RULE));
        Instant base = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(Duration.ofHours(3));
        data = BenchData.interactions(options.events(), options.sizeBytes(), 7);
        long step = Math.max(1, options.span().toMillis() / Math.max(1, options.events()));
        for (int i = 0; i < data.size(); i++) {
            data.get(i).setTimestamp(base.plusMillis(i * step));
        }
        // after the last one-minute window's grace, and after the grace of the drift stage's one-hour window
        Instant closeAt = base.plus(options.span()).plus(Duration.ofHours(1)).plus(GRACE).plus(WINDOW.multipliedBy(2));
        Segments segments = Segments.defaults();
        Map<String, Interaction> oneBySegment = new LinkedHashMap<>();
        data.forEach(i -> oneBySegment.putIfAbsent(segments.of(i).getId(), i));
        closers = new ArrayList<>();
        int n = 0;
        for (Interaction sample : oneBySegment.values()) {
            Interaction closer = Interaction.newBuilder(sample).setInteractionId("closer-" + prefix + "-" + n++)
                    .setTimestamp(closeAt).build();
            closers.add(closer);
        }
        expected = Expected.of(data, closers, segments, WINDOW, options.evalRate(), EVALUATORS, RULE);
    }

    /** Starts every child and waits until all are ready. */
    public void startInstances() throws Exception {
        for (int i = 0; i < options.instances(); i++) {
            children.add(new ChildInstance(new ChildInstance.Spec("instance-" + i, writeConfig(i), COMPONENTS,
                    options.heap(), dir.resolve("instance-" + i + ".log"))));
        }
        for (ChildInstance child : children) {
            child.startUntilReady(READY, START_ATTEMPTS);
        }
    }

    private Path writeConfig(int instance) throws IOException {
        Path data = Files.createDirectories(dir.resolve("instance-" + instance));
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(ConfigKeys.BOOTSTRAP_SERVERS.name(), bootstrap);
        keys.put(ConfigKeys.DATA_DIR.name(), data.toString());
        keys.put(ConfigKeys.APPLICATION_ID_PREFIX.name(), prefix);
        keys.put(ConfigKeys.TOPIC_PARTITIONS.name(), Integer.toString(options.partitions()));
        keys.put(ConfigKeys.STREAM_THREADS.name(), "1");
        // seven exactly-once applications per instance: a transaction per 100 ms each (the default) is most of the
        // work at this size on two cores
        keys.put(ConfigKeys.COMMIT_INTERVAL.name(), "500ms");
        keys.put(ConfigKeys.AUTO_OFFSET_RESET.name(), "earliest");
        keys.put(ConfigKeys.SIGNAL_WINDOW.name(), "1m");
        keys.put(ConfigKeys.SIGNAL_GRACE.name(), "1h");
        keys.put(ConfigKeys.OPS_WINDOW.name(), "1m");
        keys.put(ConfigKeys.OPS_GRACE.name(), "1h");
        keys.put(ConfigKeys.DRIFT_GRACE.name(), "1h");
        keys.put(ConfigKeys.EVAL_GRACE.name(), "1h");
        keys.put(ConfigKeys.EVAL_SAMPLER_RATE.name(), Double.toString(options.evalRate()));
        keys.put(ConfigKeys.EVAL_SAMPLER_MAX_PER_MINUTE.name(), "0");
        keys.put(ConfigKeys.EVAL_SAMPLER_SAFETY_BOOST.name(), "1");
        keys.put(ConfigKeys.EVAL_SAMPLER_DRIFT_BOOST.name(), "1");
        keys.put(ConfigKeys.EVAL_WORKER_ENABLED.name(), "true");
        keys.put(ConfigKeys.EVAL_WORKER_THREADS.name(), "1");
        keys.put(ConfigKeys.EVAL_WORKER_INSTANCE_ID.name(), "i" + instance);
        keys.put(ConfigKeys.EVAL_EVALUATORS.name(), String.join(",", EVALUATORS));
        keys.put(ConfigKeys.ALERTING_RULES_FILE.name(), dir.resolve("rules.yaml").toString());
        keys.put(ConfigKeys.RATE_LIMIT_ENABLED.name(), "false");
        // text drift would load the embedding model in every child; its exactness is the drift reports' (tested here)
        keys.put(ConfigKeys.DRIFT_EMBEDDING_ENABLED.name(), "false");
        StringBuilder yaml = new StringBuilder();
        keys.forEach((k, v) -> yaml.append('"').append(k).append("\": \"").append(v).append("\"\n"));
        // a killed instance's partitions move after 6 s instead of the default 45 s session timeout
        yaml.append("\"").append(ConfigKeys.KAFKA_PROPERTIES).append("\":\n")
                .append("  \"session.timeout.ms\": \"6000\"\n")
                .append("  \"heartbeat.interval.ms\": \"1500\"\n");
        Path file = dir.resolve("instance-" + instance + ".yaml");
        Files.writeString(file, yaml.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** Writes data interactions up to {@code upTo} (exclusive) to the raw topic, waiting for every ack. */
    public void produceUpTo(int upTo) throws Exception {
        write(data.subList(produced, Math.min(upTo, data.size())));
        produced = Math.min(upTo, data.size());
    }

    /**
     * Writes the rest of the data, waits until every stage has processed all of it, then writes the closers. Not
     * sooner: a closer lands in another partition than most data, and if it overtook data still on its way through a
     * slower (or just restarted) task, it would close windows that data belongs to, which then drops it as late.
     */
    public void produceRestAndClosers(Duration timeout) throws Exception {
        produceUpTo(data.size());
        ExactnessCheck check = new ExactnessCheck(kafka, prefix);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!check.caughtUp(data.size())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the pipeline did not process the data within " + timeout);
            }
            Thread.sleep(1000); // polling offsets: there is no event to wait on
        }
        write(closers);
    }

    /** Interactions per input transaction: small enough that a retry after a broker restart rewrites little. */
    private static final int WRITE_CHUNK = 2_000;
    private static final int WRITE_ATTEMPTS = 8;

    /**
     * Writes the interactions in transactions of {@link #WRITE_CHUNK}, each committed before the next begins. Every
     * reader of the raw topic (the pipeline's exactly-once tasks, {@link ExactnessCheck}) reads {@code read_committed},
     * so a chunk whose transaction failed is aborted and written again without leaving a copy behind. A plain
     * producer could not do this across a broker restart: a send reported as failed may still have been appended (the
     * acknowledgement was lost), and writing it again duplicated the input, which the exactness check then rightly
     * found as duplicates in every output. A commit that times out is retried (its outcome is kept by the
     * coordinator); any other failure aborts, or, when the producer is fenced or in a fatal state, a new producer
     * with the same transactional id aborts the open transaction on start.
     */
    private void write(List<Interaction> interactions) throws Exception {
        if (interactions.isEmpty()) {
            return;
        }
        String transactionalId = prefix + "-harness-input";
        KafkaProducer<byte[], byte[]> producer = transactionalProducer(transactionalId);
        try {
            for (int from = 0; from < interactions.size(); from += WRITE_CHUNK) {
                List<Interaction> chunk = interactions.subList(from, Math.min(from + WRITE_CHUNK, interactions.size()));
                for (int attempt = 1; ; attempt++) {
                    try {
                        writeChunk(producer, chunk);
                        break;
                    } catch (org.apache.kafka.common.KafkaException e) {
                        if (attempt == WRITE_ATTEMPTS) {
                            throw new IllegalStateException("input chunk of " + chunk.size()
                                    + " interactions could not be written in " + WRITE_ATTEMPTS + " transactions", e);
                        }
                        out.printf("[pipeline] input transaction failed (%s); writing the chunk again%n", e);
                        producer.close(Duration.ofSeconds(5));
                        Thread.sleep(500L * attempt); // the broker is coming back: give it time before the next try
                        producer = transactionalProducer(transactionalId); // aborts the failed transaction
                    }
                }
            }
        } finally {
            producer.close(Duration.ofSeconds(5));
        }
    }

    private KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        for (int attempt = 1; ; attempt++) {
            KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                    "acks", "all", "enable.idempotence", true, "compression.type", "lz4", "linger.ms", 5,
                    "transactional.id", transactionalId, "transaction.timeout.ms", 60_000)),
                    new ByteArraySerializer(), new ByteArraySerializer());
            try {
                producer.initTransactions();
                return producer;
            } catch (org.apache.kafka.common.KafkaException e) {
                producer.close(Duration.ofSeconds(5));
                if (attempt == WRITE_ATTEMPTS) {
                    throw e;
                }
                out.printf("[pipeline] input producer could not start (%s); trying again%n", e);
                try {
                    Thread.sleep(500L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** One transaction: every send awaited, then the commit (retried while it only times out). */
    private void writeChunk(KafkaProducer<byte[], byte[]> producer, List<Interaction> chunk) throws Exception {
        var serializer = kafka.topics().interactionsRaw().value().serializer();
        String topic = kafka.topics().interactionsRaw().name();
        producer.beginTransaction();
        List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> sends =
                new ArrayList<>(chunk.size());
        for (Interaction interaction : chunk) {
            // stamped with the event time, as ingest does
            sends.add(producer.send(new ProducerRecord<>(topic, null, interaction.getTimestamp().toEpochMilli(),
                    interaction.getInteractionId().getBytes(StandardCharsets.UTF_8),
                    serializer.serialize(topic, interaction))));
        }
        producer.flush();
        for (var send : sends) {
            try {
                send.get();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof org.apache.kafka.common.KafkaException k
                        ? k : new org.apache.kafka.common.KafkaException(e.getCause());
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt == WRITE_ATTEMPTS) {
                    // not a KafkaException: the outcome is unknown, so writing the chunk again could duplicate it
                    throw new IllegalStateException("input transaction commit timed out " + attempt + " times", e);
                }
            }
        }
    }

    /** Waits until the enrich stage has committed at least this many raw records (all partitions summed). */
    public void awaitEnriched(long records, Duration timeout) throws Exception {
        ExactnessCheck check = new ExactnessCheck(kafka, prefix);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (check.committedTotal(prefix + "-enrich", kafka.topics().interactionsRaw().name()) < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("enrich did not reach " + records + " records within " + timeout);
            }
            Thread.sleep(200); // polling committed offsets: there is no event to wait on
        }
    }

    /**
     * Waits until the pipeline is done with everything produced (every group caught up, every expected output
     * present in number), within the timeout; returns false on timeout (the check then reports what is missing).
     */
    public boolean awaitDone(Duration timeout) throws Exception {
        ExactnessCheck check = new ExactnessCheck(kafka, prefix);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (check.looksDone(expected)) {
                return true;
            }
            Thread.sleep(1000); // polling offsets and counts: there is no event to wait on
        }
        return false;
    }

    /** Stops every child gracefully, then reads every output with read_committed and compares. */
    public ExactnessCheck.Verdict stopAndVerify() throws Exception {
        for (ChildInstance child : children) {
            child.stop(Duration.ofSeconds(60));
        }
        return new ExactnessCheck(kafka, prefix).verify(expected);
    }

    public ChildInstance child(int index) {
        return children.get(index);
    }

    public List<ChildInstance> children() {
        return children;
    }

    /** Child JVMs that exited on their own during start-up and were started again. */
    public int failedStarts() {
        return children.stream().mapToInt(ChildInstance::failedStarts).sum();
    }

    public int dataSize() {
        return data.size();
    }

    public Expected expected() {
        return expected;
    }

    public String prefix() {
        return prefix;
    }

    public KafkaConnection kafka() {
        return kafka;
    }

    public PrintStream out() {
        return out;
    }

    /** Kills whatever child is still running (normally they were stopped by {@link #stopAndVerify()}). */
    @Override
    public void close() {
        for (ChildInstance child : children) {
            child.close();
        }
    }
}
