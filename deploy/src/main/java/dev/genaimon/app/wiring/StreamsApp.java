package dev.genaimon.app.wiring;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.processors.dlq.DeadLetterHandler;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of one topology: a {@link KafkaStreams} client with genaimon's settings (exactly-once v2 by default, dead-letter
 * handlers, state under the data directory,
 * RocksDB memory bounded by {@link BoundedRocksDbConfig}, metrics), started and closed by the runtime. Topology classes only build.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    private final String name;
    private final KafkaStreams streams;
    private final KafkaStreamsMetrics metrics;

    private StreamsApp(String name, KafkaStreams streams, KafkaStreamsMetrics metrics) {
        this.name = name;
        this.streams = streams;
        this.metrics = metrics;
    }

    /**
     * @param name  the stage, e.g. {@code enrich}: application.id is {@code <prefix>-<name>}
     * @param build adds the topology to the builder
     */
    public static StreamsApp start(String name, GenaimonConfig config, KafkaConnection kafka, MeterRegistry meters,
                                   Consumer<StreamsBuilder> build) {
        return start(name, config, kafka, meters, build, java.util.Map.of());
    }

    /** @param extra more Streams properties for this stage, e.g. {@code application.server} of a queryable stage */
    public static StreamsApp start(String name, GenaimonConfig config, KafkaConnection kafka, MeterRegistry meters,
                                   Consumer<StreamsBuilder> build, java.util.Map<String, Object> extra) {
        StreamsBuilder builder = new StreamsBuilder();
        build.accept(builder);
        Properties props = properties(name, config, kafka);
        props.putAll(extra);
        Topology topology = builder.build(props);
        LOG.debug("Topology {}:\n{}", name, topology.describe());
        KafkaStreams streams = new KafkaStreams(topology, props);
        Counter deaths = Counter.builder("genaimon.streams.thread.deaths")
                .description("Stream threads that died of an uncaught exception (replaced when transient, else the stage"
                        + " shuts down)")
                .tag("stage", name).register(meters);
        streams.setUncaughtExceptionHandler(deathHandler(name, deaths));
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            Gauge.builder("genaimon.streams.state", streams, s -> s.state() == state ? 1 : 0)
                    .description("1 for the current Kafka Streams state of the stage, 0 for the others")
                    .tag("stage", name).tag("state", state.name()).register(meters);
        }
        streams.setStateListener((now, before) -> LOG.info("{}: {} -> {}", name, before, now));
        KafkaStreamsMetrics metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(meters);
        streams.start();
        return new StreamsApp(name, streams, metrics);
    }

    /**
     * A transient transaction or broker failure replaces the thread (a few times per window, see
     * {@link ThreadDeathPolicy}); anything else is a broken broker or a bug: the stage stops and /readyz says so.
     */
    static StreamsUncaughtExceptionHandler deathHandler(String name, Counter deaths) {
        ThreadDeathPolicy policy = ThreadDeathPolicy.defaults();
        return e -> {
            deaths.increment();
            StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse response = policy.decide(e);
            if (response == StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD) {
                LOG.warn("Stream thread of stage {} died of a transient failure ({}: {}); replacing it",
                        name, e.getClass().getSimpleName(), e.getMessage(), e);
            } else {
                LOG.error("STREAM THREAD DIED in stage {} ({}: {}); stopping this stage, /readyz now reports it",
                        name, e.getClass().getSimpleName(), e.getMessage(), e);
            }
            return response;
        };
    }

    static Properties properties(String name, GenaimonConfig config, KafkaConnection kafka) {
        Properties props = new Properties();
        props.putAll(kafka.clientProperties(java.util.Map.of()));
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(ConfigKeys.APPLICATION_ID_PREFIX) + "-" + name);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.get(ConfigKeys.PROCESSING_GUARANTEE));
        props.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.get(ConfigKeys.STANDBY_REPLICAS));
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbConfig.class);
        props.put(BoundedRocksDbConfig.BLOCK_CACHE_BYTES, config.get(ConfigKeys.ROCKSDB_BLOCK_CACHE));
        props.put(BoundedRocksDbConfig.WRITE_BUFFER_BYTES, config.get(ConfigKeys.ROCKSDB_WRITE_BUFFER));
        StageTuning tuning = StageTuning.of(name, config);
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, tuning.threads());
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, tuning.commitInterval().toMillis());
        // Transactions v2: a produce right after a commit can meet the coordinator still writing the previous
        // transaction's markers (CONCURRENT_TRANSACTIONS); retry in 20 ms, not the client default of 100 ms
        // doubling to 1 s: on a loaded machine those backoffs held enrich's commits (and its flags) for seconds.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 20);
        props.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 200);
        props.put(StreamsConfig.producerPrefix("transaction.timeout.ms"),
                (int) config.get(ConfigKeys.TRANSACTION_TIMEOUT).toMillis());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(ConfigKeys.TOPIC_REPLICATION));
        props.put(StreamsConfig.consumerPrefix("auto.offset.reset"), config.get(ConfigKeys.AUTO_OFFSET_RESET));
        props.put(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(config.get(ConfigKeys.DATA_DIR)).toAbsolutePath().resolve("streams").toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.STAGE_CONFIG, name);
        props.put(EventTimeGuard.MAX_FUTURE_SKEW_CONFIG, config.get(ConfigKeys.STREAMS_MAX_FUTURE_SKEW).toMillis());
        // name-based topology optimizations keep the explicitly named repartition topics
        props.put(StreamsConfig.TOPOLOGY_OPTIMIZATION_CONFIG, StreamsConfig.OPTIMIZE);
        return props;
    }

    /** @return null when running, else why not */
    public String notRunningReason() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? null : name + " is " + state;
    }

    public String name() {
        return name;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The Streams client, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Records the stage's consumers are behind, summed over their partitions (-1 when not known yet). */
    public long lag() {
        long sum = -1;
        for (var entry : streams.metrics().entrySet()) {
            var metric = entry.getKey();
            if (metric.name().equals("records-lag") && metric.group().equals("consumer-fetch-manager-metrics")
                    && !metric.tags().getOrDefault("client-id", "").contains("restore-consumer")
                    && entry.getValue().metricValue() instanceof Number n && !Double.isNaN(n.doubleValue())) {
                sum = Math.max(sum, 0) + n.longValue();
            }
        }
        return sum;
    }

    @Override
    public void close() {
        // Leave the group on a graceful stop: a restarted instance (or the one taking over) is assigned the tasks at
        // once instead of waiting for this member's session timeout.
        streams.close(org.apache.kafka.streams.CloseOptions.timeout(Duration.ofSeconds(30))
                .withGroupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP));
        metrics.close();
    }
}
