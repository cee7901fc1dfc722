package dev.genaimon.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.alerting.rules.RuleFile;
import dev.genaimon.alerting.state.AlertSettings;
import dev.genaimon.alerting.state.AlertTopology;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one signal costs the two readers of {@code genaimon.signals.v1} (alerting with the bundled default rules,
 * and the view), measured as CPU time of the calling thread on a TopologyTestDriver (decode, rule matching, stores
 * and their changelogs; no broker, no exactly-once commits). The load is the 10,000-segment soak's: every
 * segment-window holds one interaction and publishes the ops and safety signals of one window. Run on demand:
 * {@code mvn -B -q -o -pl deploy -am test -Dtest=SignalCostMeasure -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgenaimon.measure=true}; docs/reliability.md has the figures.
 */
@EnabledIfSystemProperty(named = "genaimon.measure", matches = "true")
class SignalCostMeasure {

    private static final int SEGMENTS = 2_000;
    private static final int WINDOWS = 3;
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    /** The names one single-interaction window publishes (ops without tools and TTFT, safety without PII/harm). */
    static final List<String> NAMES = List.of("ops.request_count", "ops.error_rate", "ops.throttle_rate",
            "ops.latency.p50_ms", "ops.latency.p95_ms", "ops.latency.p99_ms", "ops.ttft.p50_ms", "ops.ttft.p95_ms",
            "ops.ttft.p99_ms", "ops.tokens_in", "ops.tokens_out", "cost.usd", "safety.injection.rate",
            "safety.pii.rate", "safety.pii_in_response.rate", "safety.harm.rate", "safety.harmful_compliance.rate",
            "safety.refusal.rate");

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);

    @TempDir
    Path dir;

    @Test
    void measureWhatOneSignalCostsAlertingAndTheView() throws Exception {
        List<Object[]> records = records();
        double alerting = measure("alerting", builder -> AlertTopology.build(builder,
                AlertSettings.of(RuleFile.bundledDefaults()), topics, serdes, Clock.systemUTC()), records, driver ->
                assertThat(driver.getKeyValueStore(AlertTopology.STATES_STORE).approximateNumEntries())
                        .as("a burn-rate and an absence alert per segment at least").isGreaterThanOrEqualTo(SEGMENTS));
        double view = measure("view", builder -> ViewTopology.build(builder, ViewSettings.defaults(), topics, serdes,
                Clock.systemUTC(), ViewObserver.NONE), records, driver ->
                assertThat(driver.getKeyValueStore(ViewStores.SEGMENTS).approximateNumEntries())
                        .as("every segment indexed").isGreaterThanOrEqualTo(SEGMENTS));
        System.out.printf("signal cost: %d signals; alerting %.1f µs CPU/signal, view %.1f µs CPU/signal%n",
                records.size(), alerting, view);
    }

    private double measure(String name, Consumer<StreamsBuilder> topology, List<Object[]> records,
                           Consumer<TopologyTestDriver> check) throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        topology.accept(builder);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "measure-" + name);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(dir.resolve(name)).toString());
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        try (TopologyTestDriver driver = new TopologyTestDriver(builder.build(), props, T0)) {
            TestInputTopic<String, byte[]> in = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(),
                    new ByteArraySerializer());
            int warm = records.size() / WINDOWS; // the first window: JIT, stores opening
            for (int i = 0; i < warm; i++) {
                in.pipeInput((String) records.get(i)[0], (byte[]) records.get(i)[1], (Instant) records.get(i)[2]);
            }
            long cpu = threads.getCurrentThreadCpuTime();
            for (int i = warm; i < records.size(); i++) {
                in.pipeInput((String) records.get(i)[0], (byte[]) records.get(i)[1], (Instant) records.get(i)[2]);
            }
            double perSignal = (threads.getCurrentThreadCpuTime() - cpu) / 1000.0 / (records.size() - warm);
            check.accept(driver);
            // records the stage wrote to Kafka (repartition, changelog and output topics), per input signal
            for (String topic : new java.util.TreeSet<>(driver.producedTopicNames())) {
                long written = driver.createOutputTopic(topic, new ByteArrayDeserializer(), new ByteArrayDeserializer())
                        .getQueueSize();
                System.out.printf("signal cost: %s wrote %d records to %s (%.2f per signal)%n", name, written, topic,
                        (double) written / records.size());
            }
            return perSignal;
        }
    }

    /** Key, encoded value and timestamp of every signal: window by window, segment by segment. */
    private List<Object[]> records() {
        var serializer = topics.signals().value().serializer();
        List<Object[]> records = new ArrayList<>();
        for (int w = 0; w < WINDOWS; w++) {
            Instant start = T0.plusSeconds(60L * w);
            for (int s = 0; s < SEGMENTS; s++) {
                String id = "t" + s / 100 + "/a" + s % 100 + "/gpt-4o/p:v1";
                Segment segment = new Segment(id, Map.of("tenant", "t" + s / 100, "app", "a" + s % 100,
                        "model", "gpt-4o", "prompt", "p:v1"));
                for (String name : NAMES) {
                    Signal signal = Signal.newBuilder().setSegment(segment).setName(name).setWindowStart(start)
                            .setWindowEnd(start.plusSeconds(60)).setValue(name.endsWith("count") ? 1 : 0.0)
                            .setSampleCount(1).setLabels(Map.of())
                            .setEvidence(name.startsWith("ops.latency") ? Evidence.newBuilder()
                                    .setInteractionIds(List.of("i-" + s + "-" + w)).build() : null)
                            .setEmittedAt(start.plusSeconds(90)).build();
                    records.add(new Object[] {id + "/" + name, serializer.serialize(Topics.SIGNALS, signal),
                            start.plusSeconds(90)});
                }
            }
        }
        return records;
    }
}
