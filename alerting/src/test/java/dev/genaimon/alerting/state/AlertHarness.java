package dev.genaimon.alerting.state;

import dev.genaimon.alerting.rules.RuleParser;
import dev.genaimon.alerting.rules.RuleSet;
import dev.genaimon.alerting.rules.RuleValidationException;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The alert topology on a TopologyTestDriver, with rules that can be swapped like a reload. */
public final class AlertHarness implements AutoCloseable {

    public static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    public static final Duration WINDOW = Duration.ofMinutes(1);
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
    public static final Segment SEGMENT = new Segment("acme/bot/gpt-4o/answer:v1",
            Map.of("tenant", "acme", "app", "bot", "model", "gpt-4o", "prompt", "answer:v1"));

    public final AtomicReference<RuleSet> rules = new AtomicReference<>();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, Signal> signals;
    public final TestOutputTopic<String, AlertEvent> alerts;
    public final TestOutputTopic<String, RetrainingTrigger> triggers;

    public AlertHarness(String yaml) {
        rules.set(parse(yaml));
        AvroSerdes serdes = AvroSerdes.singleObject();
        Topics topics = new Topics(TopicSettings.defaults(), serdes);
        StreamsBuilder builder = new StreamsBuilder();
        AlertTopology.build(builder, AlertSettings.of(rules::get).withAbsenceCheckInterval(Duration.ofSeconds(10)),
                topics, serdes, CLOCK);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "alerting-test");
        driver = new TopologyTestDriver(builder.build(), props, T0);
        signals = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(), topics.signals().value().serializer());
        alerts = driver.createOutputTopic(Topics.ALERTS, new StringDeserializer(),
                topics.alerts().value().deserializer());
        triggers = driver.createOutputTopic(Topics.RETRAINING_TRIGGERS, new StringDeserializer(),
                topics.retrainingTriggers().value().deserializer());
    }

    public static RuleSet parse(String yaml) {
        try {
            return RuleParser.parse(yaml, "test.yaml");
        } catch (RuleValidationException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Signal of window {@code n} (one-minute windows from T0) with 100 samples. */
    public static Signal signal(Segment segment, String name, int n, double value) {
        Instant start = T0.plus(WINDOW.multipliedBy(n));
        return Signal.newBuilder().setSegment(segment).setName(name).setWindowStart(start)
                .setWindowEnd(start.plus(WINDOW)).setValue(value).setSampleCount(100).setLabels(Map.of())
                .setEvidence(Evidence.newBuilder().setInteractionIds(List.of("i-" + name + "-" + n)).build())
                .setEmittedAt(start.plus(WINDOW)).build();
    }

    public void send(Signal signal) {
        signals.pipeInput(signal.getSegment().getId() + "/" + signal.getName(), signal,
                signal.getWindowEnd().toEpochMilli());
    }

    public void send(String name, int window, double value) {
        send(signal(SEGMENT, name, window, value));
    }

    /** Sends {@code values} for windows 0, 1, 2, ... */
    public void series(String name, double... values) {
        for (int i = 0; i < values.length; i++) {
            send(name, i, values[i]);
        }
    }

    @Override
    public void close() {
        driver.close();
    }
}
