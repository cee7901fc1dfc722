package dev.genaimon.processors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.processors.eval.EvalFixtures;
import dev.genaimon.processors.metrics.OpsMetricsSettings;
import dev.genaimon.processors.metrics.OpsMetricsTopology;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Interaction;
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
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

/** The shared event-time guard, shown on the ops-metrics stage (the drift stage's case is in DriftTopologyTest). */
class EventTimeGuardTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void shouldDeadLetterAFutureInteractionAndKeepTheOpsWindowsOnTime() {
        AvroSerdes serdes = AvroSerdes.singleObject();
        Topics topics = new Topics(TopicSettings.defaults(), serdes);
        StreamsBuilder builder = new StreamsBuilder();
        OpsMetricsTopology.build(builder, OpsMetricsSettings.defaults(), topics, serdes, CLOCK);
        try (TopologyTestDriver driver = TestDrivers.withDeadLetters(builder.build(), "ops")) {
            TestInputTopic<String, Interaction> in = driver.createInputTopic(Topics.INTERACTIONS,
                    new StringSerializer(), topics.interactions().value().serializer());
            Instant t0 = NOW.minusSeconds(300);
            in.pipeInput("a", EvalFixtures.interaction("a", t0), NOW);
            // 61 min ahead of the clock: without the guard it closed every window up to then, so "b" was late
            in.pipeInput("future", EvalFixtures.interaction("future", NOW.plus(Duration.ofMinutes(61))), NOW);
            in.pipeInput("b", EvalFixtures.interaction("b", t0.plusSeconds(10)), NOW);
            // 59 min ahead: within the skew, kept (it closes the window of a and b)
            in.pipeInput("near", EvalFixtures.interaction("near", NOW.plus(Duration.ofMinutes(59))), NOW);

            List<Signal> counts = driver.createOutputTopic(Topics.SIGNALS, new StringDeserializer(),
                            topics.signals().value().deserializer()).readValuesToList().stream()
                    .filter(s -> s.getName().equals("ops.request_count")).toList();
            assertThat(counts).singleElement().satisfies(s -> {
                assertThat(s.getWindowStart()).isEqualTo(Instant.parse("2026-11-23T09:55:00Z"));
                assertThat(s.getValue()).isEqualTo(2.0);
            });
            List<DeadLetter> dead = driver.createOutputTopic(Topics.DLQ, Serdes.ByteArray().deserializer(),
                    topics.dlq().value().deserializer()).readValuesToList();
            assertThat(dead).singleElement().satisfies(d -> {
                assertThat(d.getReason()).isEqualTo("EVENT_TIME_TOO_FAR_IN_FUTURE");
                assertThat(d.getStage()).isEqualTo("ops");
                assertThat(d.getMessage()).isEqualTo("event time too far in the future: 2026-11-23T11:01:00Z is "
                        + "PT1H1M ahead of 2026-11-23T10:00:00Z (max skew PT1H)");
                assertThat(d.getSourceOffset()).isEqualTo(1);
            });
        }
    }

    @Test
    void shouldReadTheSkewFromTheStreamsConfig() {
        assertThat(EventTimeGuard.maxFutureSkew(Map.of())).isEqualTo(Duration.ofHours(1));
        assertThat(EventTimeGuard.maxFutureSkew(Map.of(EventTimeGuard.MAX_FUTURE_SKEW_CONFIG, 120_000L)))
                .isEqualTo(Duration.ofMinutes(2));
        assertThat(EventTimeGuard.maxFutureSkew(Map.of(EventTimeGuard.MAX_FUTURE_SKEW_CONFIG, "PT10M")))
                .isEqualTo(Duration.ofMinutes(10));
        assertThatThrownBy(() -> EventTimeGuard.maxFutureSkew(Map.of(EventTimeGuard.MAX_FUTURE_SKEW_CONFIG, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be positive");
    }
}
