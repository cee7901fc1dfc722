package dev.genaimon.app.wiring;

import dev.genaimon.alerting.notify.NotifySettings;
import dev.genaimon.alerting.notify.NotifyTopology;
import dev.genaimon.app.broker.EmbeddedKafka;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.RateLimitSettings;
import dev.genaimon.ingest.http.IngestServer;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.IngestSinks;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import dev.genaimon.evaluators.safety.pii.RedactionMode;
import dev.genaimon.processors.drift.DriftTopology;
import dev.genaimon.processors.drift.DriftTopologySettings;
import dev.genaimon.processors.enrich.EnrichSettings;
import dev.genaimon.processors.metrics.OpsMetricsSettings;
import dev.genaimon.processors.metrics.OpsMetricsTopology;
import dev.genaimon.processors.enrich.EnrichTopology;
import dev.genaimon.processors.enrich.InteractionAnalyzer;
import dev.genaimon.processors.segment.Segments;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.Deque;
import java.util.HashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.StreamsBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything {@code genaimon run} starts, in order, and stops in reverse: the embedded broker (when no cluster is
 * configured), the topics, and the HTTP API with ingest and metrics. Later components join here.
 */
public final class GenaimonRuntime implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GenaimonRuntime.class);

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<StreamsApp> stages = new ArrayList<>();
    private KafkaConnection kafka;
    private IngestServer server;
    private EmbeddedKafka broker;

    private GenaimonRuntime() {
    }

    private void init(GenaimonConfig config, Clock clock) throws Exception {
        NotifySettings notify = config.get(ConfigKeys.NOTIFY_ENABLED) ? NotifyStage.settings(config, clock) : null;
        new JvmMemoryMetrics().bindTo(meters);
        new JvmGcMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);

        Path dataDir = Path.of(config.get(ConfigKeys.DATA_DIR));
        if (config.embeddedBroker()) {
            broker = EmbeddedKafka.start(dataDir, config.get(ConfigKeys.BROKER_PORT));
            started.push(broker);
            writeAddress(dataDir, broker.bootstrapServers());
            kafka = new KafkaConnection(broker.bootstrapServers(), config);
        } else {
            kafka = new KafkaConnection(config.get(ConfigKeys.BOOTSTRAP_SERVERS), config);
        }

        TopicAdmin admin = new TopicAdmin(kafka, config.get(ConfigKeys.TOPIC_REPLICATION).shortValue());
        started.push(admin);
        if (config.get(ConfigKeys.CREATE_TOPICS)) {
            admin.createMissing(Duration.ofSeconds(30)).stream().filter(TopicAdmin.Created::created)
                    .forEach(c -> LOG.info("Created topic {} ({})", c.topic(), c.detail()));
        }

        IngestSettings ingest = ingestSettings(config);
        Producer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(
                new HashMap<>(AvroPublisher.producerConfig(kafka.bootstrapServers(), Duration.ofSeconds(2)))));
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(meters);
        started.push(producerMetrics);
        AvroPublisher publisher = new AvroPublisher(producer, kafka.topics().dlq(), ingest.ackTimeout(), clock);
        started.push(publisher);
        IngestSinks sinks = new IngestSinks(publisher, kafka.topics().interactionsRaw(), kafka.topics().feedback(),
                EdgeRedaction.fromConfig(config));

        if (config.get(ConfigKeys.ENRICH_ENABLED)) {
            EnrichSettings enrich = enrichSettings(config);
            InteractionAnalyzer analyzer = InteractionAnalyzer.create(enrich,
                    new Segments(config.get(ConfigKeys.SEGMENT_DIMENSIONS)));
            startStage("enrich", config, builder ->
                    EnrichTopology.build(builder, enrich, kafka.topics(), kafka.serdes(), analyzer::analyze, clock));
        }

        if (config.get(ConfigKeys.DRIFT_ENABLED)) {
            DriftTopologySettings drift = DriftTopologySettings.tumbling(config.get(ConfigKeys.DRIFT_WINDOW),
                            config.get(ConfigKeys.DRIFT_GRACE))
                    .withTrailingWindows(config.get(ConfigKeys.DRIFT_TRAILING))
                    .withConsecutiveWindows(config.get(ConfigKeys.DRIFT_CONSECUTIVE))
                    .withSettling(config.get(ConfigKeys.DRIFT_SETTLING));
            startStage("drift", config, builder ->
                    DriftTopology.build(builder, drift, kafka.topics(), kafka.serdes(), clock));
        }
        // text drift is part of the drift component (--components drift), with its own switch
        if (config.get(ConfigKeys.DRIFT_ENABLED) && config.get(ConfigKeys.DRIFT_EMBEDDING_ENABLED)) {
            startStage("drift-embedding", config, builder -> EmbeddingDriftStage.build(builder, config, kafka, clock));
        }

        if (config.get(ConfigKeys.OPS_ENABLED)) {
            OpsMetricsSettings ops = OpsMetricsSettings.defaults().withWindow(config.get(ConfigKeys.OPS_WINDOW),
                    config.get(ConfigKeys.OPS_GRACE)).withSignalMinSamples(config.get(ConfigKeys.SIGNALS_MIN_SAMPLES));
            startStage("ops", config, builder ->
                    OpsMetricsTopology.build(builder, ops, kafka.topics(), kafka.serdes(), clock));
        }

        if (config.get(ConfigKeys.ALERTING_ENABLED)) {
            dev.genaimon.alerting.rules.RuleFile rules = AlertingStage.rules(config, meters);
            started.push(rules);
            startStage("alerting", config, builder -> dev.genaimon.alerting.state.AlertTopology.build(builder,
                    AlertingStage.settings(config, rules), kafka.topics(), kafka.serdes(), clock));
        }

        if (notify != null) {
            startStage("notify", config, builder ->
                    NotifyTopology.build(builder, notify, kafka.topics(), kafka.serdes()));
        }

        if (config.get(ConfigKeys.EVAL_ENABLED)) {
            EvalStages.start(config, kafka, clock, (name, topology) -> startStage(name, config, topology));
        }
        if (config.get(ConfigKeys.EVAL_WORKER_ENABLED)) {
            started.push(EvalStages.startWorker(config, kafka, meters, clock));
        }

        if (config.get(ConfigKeys.AZURE_MONITOR_ENABLED)) { // Log Analytics pull (docs/ingest.md)
            started.push(AzureMonitorStage.start(config, kafka, meters, clock, null));
        }

        CachedReadiness readiness = new CachedReadiness(() -> {
            String topics = admin.missingTopicsReason(Duration.ofSeconds(2));
            if (topics != null) {
                return topics;
            }
            return stages.stream().map(StreamsApp::notRunningReason).filter(java.util.Objects::nonNull)
                    .findFirst().orElse(null);
        }, Duration.ofSeconds(2));
        SilenceRoutes silences = new SilenceRoutes(kafka, producer, config.apiKeyHashes(), clock);
        boolean serveIngest = config.get(ConfigKeys.INGEST_ENABLED);
        QueryWiring query = new QueryWiring(config, meters, stages);
        server = IngestServer.start(ingest, sinks, readiness, meters, clock, javalin -> {
            javalin.routes.get("/metrics", ctx -> {
                ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                ctx.result(meters.scrape());
            });
            silences.register(javalin);
            if (!serveIngest) { // a processors/alerting pod: health and metrics only
                javalin.routes.before("/v1/*", ctx -> ctx.skipRemainingHandlers().status(404)
                        .contentType("application/json").result("{\"error\":\"ingest_disabled\"}"));
            }
            query.routes(javalin);
        });
        started.push(server);
        StreamsApp view = query.start(kafka, ingest.bindHost(), server.port(), clock);
        if (view != null) {
            started.push(view);
            stages.add(view);
        }
    }

    /** Starts one Kafka Streams stage; the runtime stops it and reports its state in readiness. */
    private void startStage(String name, GenaimonConfig config, Consumer<StreamsBuilder> topology) {
        StreamsApp app = StreamsApp.start(name, config, kafka, meters, topology);
        started.push(app);
        stages.add(app);
    }

    /** Starts everything; on failure stops what was started and rethrows. */
    public static GenaimonRuntime start(GenaimonConfig config, Clock clock) throws Exception {
        GenaimonRuntime runtime = new GenaimonRuntime();
        try {
            runtime.init(config, clock);
            return runtime;
        } catch (Exception | Error e) {
            runtime.close();
            throw e;
        }
    }

    static IngestSettings ingestSettings(GenaimonConfig config) {
        return new IngestSettings(config.get(ConfigKeys.INGEST_HOST), config.get(ConfigKeys.INGEST_PORT),
                config.get(ConfigKeys.MAX_BODY_BYTES), config.get(ConfigKeys.MAX_ITEMS),
                config.get(ConfigKeys.MAX_STRING_CHARS), config.get(ConfigKeys.MAX_MESSAGES),
                config.get(ConfigKeys.MAX_CONTEXT_DOCUMENTS), config.get(ConfigKeys.MAX_TOOL_CALLS),
                config.get(ConfigKeys.MAX_FUTURE_SKEW), config.get(ConfigKeys.MAX_AGE),
                config.get(ConfigKeys.ACK_TIMEOUT), config.get(ConfigKeys.ID_HASH_SALT), config.apiKeyHashes())
                .withRateLimit(new RateLimitSettings(config.get(ConfigKeys.RATE_LIMIT_ENABLED),
                        new RateLimitSettings.Rate(config.get(ConfigKeys.RATE_LIMIT_PER_SECOND),
                                config.get(ConfigKeys.RATE_LIMIT_BURST)), tenantRates(config)));
    }

    private static Map<String, RateLimitSettings.Rate> tenantRates(GenaimonConfig config) {
        Map<String, RateLimitSettings.Rate> rates = new HashMap<>();
        config.tenantRateLimits().forEach((tenant, rate) ->
                rates.put(tenant, new RateLimitSettings.Rate(rate[0], (long) rate[1])));
        return rates;
    }

    static EnrichSettings enrichSettings(GenaimonConfig config) {
        Map<String, RedactionMode> modes = new HashMap<>();
        config.redactionModes().forEach((type, mode) ->
                modes.put(type, RedactionMode.valueOf(mode.toUpperCase(java.util.Locale.ROOT))));
        String tenants = config.get(ConfigKeys.METADATA_ONLY_TENANTS);
        Set<String> metadataOnly = tenants.isBlank() ? Set.of() : Set.of(tenants.strip().split("\\s*,\\s*"));
        return new EnrichSettings(modes, RedactionMode.MASK, config.get(ConfigKeys.REDACTION_SALT),
                config.get(ConfigKeys.ATTACK_THRESHOLD), metadataOnly, EnrichSettings.DEFAULT_PRICES,
                config.get(ConfigKeys.SIGNAL_WINDOW), config.get(ConfigKeys.SIGNAL_GRACE),
                config.get(ConfigKeys.SIGNALS_MIN_SAMPLES));
    }

    private static void writeAddress(Path dataDir, String address) throws IOException {
        Files.writeString(dataDir.resolve(KafkaConnection.ADDRESS_FILE), address + "\n", StandardCharsets.UTF_8);
    }

    public int httpPort() {
        return server.port();
    }

    public KafkaConnection kafka() {
        return kafka;
    }

    /** The embedded broker, or null when running against an external cluster. */
    public EmbeddedKafka broker() {
        return broker;
    }

    /** A running Kafka Streams stage by name (enrich, drift, ops, view), or null. */
    public StreamsApp stage(String name) {
        return stages.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    /** Why each Kafka Streams stage that is not RUNNING is not; empty when all run. */
    public List<String> stagesNotRunning() {
        return stages.stream().map(StreamsApp::notRunningReason).filter(java.util.Objects::nonNull).toList();
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    @Override
    public void close() {
        while (!started.isEmpty()) {
            AutoCloseable component = started.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.warn("Error while stopping {}: {}", component.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** Readiness is asked by probes every few seconds; one Kafka round trip per interval is enough. */
    static final class CachedReadiness implements dev.genaimon.ingest.http.Readiness {
        private final java.util.function.Supplier<String> check;
        private final long ttlNanos;
        private long checkedAt;
        private String reason = "not checked yet";

        CachedReadiness(java.util.function.Supplier<String> check, Duration ttl) {
            this.check = check;
            this.ttlNanos = ttl.toNanos();
            this.checkedAt = System.nanoTime() - ttlNanos - 1;
        }

        @Override
        public synchronized String notReadyReason() {
            if (System.nanoTime() - checkedAt > ttlNanos) {
                reason = check.get();
                checkedAt = System.nanoTime();
            }
            return reason;
        }
    }
}
