package dev.genaimon.processors.drift;

import dev.genaimon.processors.dlq.DeadLetterHandler;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DeploymentEvent;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.FeatureDrift;
import dev.genaimon.schemas.avro.Features;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** A TopologyTestDriver around {@link DriftTopology} with helpers to feed interactions and read reports. */
final class DriftHarness implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
    /** Tenant / app / deployment / prompt of the segment under test (default dimensions). */
    static final String SEGMENT = "acme/bot/chat/-";
    /** A second segment whose records only move stream time forward, so windows of SEGMENT close. */
    static final String TICK_SEGMENT = "acme/tick/chat/-";

    final AvroSerdes serdes = AvroSerdes.singleObject();
    final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    final TopologyTestDriver driver;
    final DriftTopologySettings settings;
    private final TestInputTopic<String, Interaction> interactions;
    private final TestInputTopic<String, BaselineProfile> baselines;
    private final TestInputTopic<String, DeploymentEvent> deployments;
    private final TestOutputTopic<String, DriftReport> reports;
    private final TestOutputTopic<String, Signal> signals;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private long sequence;

    DriftHarness(DriftTopologySettings settings) {
        this.settings = settings;
        StreamsBuilder builder = new StreamsBuilder();
        DriftTopology.build(builder, settings, topics, serdes, CLOCK);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "drift-test");
        props.put(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/drift-test-" + System.nanoTime());
        // no record cache: reads through the store see exactly what retention keeps (the cache is flushed on commit)
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.STAGE_CONFIG, "drift");
        driver = new TopologyTestDriver(builder.build(), props);
        interactions = driver.createInputTopic(Topics.INTERACTIONS, new StringSerializer(),
                topics.interactions().value().serializer());
        baselines = driver.createInputTopic(Topics.BASELINES, new StringSerializer(),
                topics.baselines().value().serializer());
        deployments = driver.createInputTopic(Topics.DEPLOYMENTS, new StringSerializer(),
                topics.deployments().value().serializer());
        reports = driver.createOutputTopic(Topics.DRIFT_REPORTS, new StringDeserializer(),
                topics.driftReports().value().deserializer());
        signals = driver.createOutputTopic(Topics.SIGNALS, new StringDeserializer(),
                topics.signals().value().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DLQ, new ByteArrayDeserializer(),
                topics.dlq().value().deserializer());
    }

    void baseline(BaselineProfile baseline) {
        baselines.pipeInput(baseline.getBaselineId(), baseline, T0);
    }

    /** A deployment event, keyed by its deployment as on {@code genaimon.deployments.v1}. */
    void deployment(DeploymentEvent event) {
        deployments.pipeInput(event.getDeployment(), event, event.getAt());
    }

    /** One enriched interaction of {@link #SEGMENT} (or app {@code app}) at {@code at}. */
    void send(String app, Instant at, Map<String, Double> numeric, Map<String, String> categorical) {
        String id = "i-" + sequence++;
        Interaction interaction = Interaction.newBuilder()
                .setInteractionId(id)
                .setTimestamp(at)
                .setTenant("acme")
                .setApp(app)
                .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt").setDeployment("chat").build())
                .setFeatures(new Features(new HashMap<>(numeric), new HashMap<>(categorical)))
                .build();
        // the producer's record time is deliberately not the event time: windows must follow the interaction's own
        interactions.pipeInput(id, interaction, at.plusSeconds(3600));
    }

    void send(Instant at, Map<String, ?> row) {
        Map<String, Double> numeric = new HashMap<>();
        Map<String, String> categorical = new HashMap<>();
        row.forEach((k, v) -> {
            if (v instanceof Number n) {
                numeric.put(k, n.doubleValue());
            } else {
                categorical.put(k, v.toString());
            }
        });
        send("bot", at, numeric, categorical);
    }

    /** Moves stream time to {@code at} with a record of the tick segment. */
    void tick(Instant at) {
        send("tick", at, Map.of("x", 1.0), Map.of());
    }

    /** Reports of {@link #SEGMENT} emitted so far (consumed). */
    List<DriftReport> reports() {
        return reports.readValuesToList().stream().filter(r -> r.getSegment().getId().equals(SEGMENT)).toList();
    }

    /** Dead letters written so far (consumed). */
    List<DeadLetter> deadLetters() {
        return deadLetters.readValuesToList();
    }

    /** Signals of {@link #SEGMENT} emitted so far (consumed). */
    List<Signal> signals() {
        return signals.readValuesToList().stream().filter(s -> s.getSegment().getId().equals(SEGMENT)).toList();
    }

    static Map<String, FeatureDrift> byFeature(DriftReport report) {
        return report.getFeatures().stream().collect(Collectors.toMap(FeatureDrift::getName, f -> f));
    }

    static Map<String, String> verdicts(DriftReport report) {
        return report.getFeatures().stream().collect(Collectors.toMap(FeatureDrift::getName, FeatureDrift::getVerdict,
                (a, b) -> a, java.util.TreeMap::new));
    }

    @Override
    public void close() {
        driver.close();
    }
}
