package dev.genaimon.processors.eval;

import static dev.genaimon.processors.eval.EvalFixtures.SEGMENT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.TestDrivers;
import dev.genaimon.schemas.avro.EvaluationResult;
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
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvalAggregateTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    private TopologyTestDriver driver;
    private TestInputTopic<String, EvaluationResult> scores;
    private TestOutputTopic<String, Signal> signals;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        EvalAggregateTopology.build(builder, new EvalAggregateSettings(Duration.ofMinutes(5), Duration.ofMinutes(1)),
                topics, serdes, CLOCK);
        driver = TestDrivers.withDeadLetters(builder.build(), "eval-agg");
        scores = driver.createInputTopic(Topics.EVAL_SCORES, new StringSerializer(),
                topics.evalScores().value().serializer());
        signals = driver.createOutputTopic(Topics.SIGNALS, new StringDeserializer(),
                topics.signals().value().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void pipe(String id, String evaluator, Double score, Boolean passed, String error, Instant at) {
        EvaluationResult result = EvaluationResult.newBuilder()
                .setInteractionId(id).setName(evaluator).setEvaluatorVersion("1")
                .setScoreValue(score).setPassed(passed).setError(error)
                .setSegment(new Segment(SEGMENT, Map.of("tenant", "acme")))
                .setInteractionTimestamp(at).setEvaluatedAt(at.plusSeconds(600))
                .build();
        scores.pipeInput(id + "/" + evaluator, result);
    }

    @Test
    void shouldPublishPassRateMeanAndCountsWhenTheWindowCloses() {
        pipe("i1", "groundedness", 0.9, true, null, T0);
        pipe("i2", "groundedness", 0.2, false, null, T0.plusSeconds(10));
        pipe("i3", "groundedness", 0.8, true, null, T0.plusSeconds(20));
        pipe("i4", "groundedness", 0.3, false, null, T0.plusSeconds(30));
        pipe("i5", "groundedness", null, null, "evaluator_failed: boom", T0.plusSeconds(40));
        pipe("i1", "relevance", 1.0, true, null, T0.plusSeconds(50));
        // still open: before window end + grace nothing is published
        pipe("later-1", "relevance", 1.0, true, null, T0.plusSeconds(330));
        assertThat(signals.readKeyValuesToList()).isEmpty();

        pipe("later-2", "relevance", 1.0, true, null, T0.plusSeconds(360)); // stream time 6:00 = end 5:00 + grace
        List<KeyValue<String, Signal>> out = signals.readKeyValuesToList();
        assertThat(out).allSatisfy(kv -> {
            assertThat(kv.key).isEqualTo(kv.value.getSegment().getId() + "/" + kv.value.getName());
            assertThat(kv.value.getWindowStart()).isEqualTo(T0);
            assertThat(kv.value.getWindowEnd()).isEqualTo(T0.plusSeconds(300));
            assertThat(kv.value.getEmittedAt()).isEqualTo(CLOCK.instant());
        });
        Map<String, Signal> byName = out.stream().collect(Collectors.toMap(kv -> kv.value.getName(), kv -> kv.value));
        assertThat(byName).containsOnlyKeys("eval.groundedness.count", "eval.groundedness.error_count",
                "eval.groundedness.mean", "eval.groundedness.pass_rate", "eval.relevance.count",
                "eval.relevance.error_count", "eval.relevance.mean", "eval.relevance.pass_rate");
        assertThat(byName.get("eval.groundedness.count").getValue()).isEqualTo(5.0);
        assertThat(byName.get("eval.groundedness.error_count").getValue()).isEqualTo(1.0);
        assertThat(byName.get("eval.groundedness.error_count").getEvidence().getInteractionIds())
                .containsExactly("i5");
        assertThat(byName.get("eval.groundedness.mean").getValue()).isCloseTo(0.55, org.assertj.core.data.Offset
                .offset(1e-12));
        assertThat(byName.get("eval.groundedness.mean").getSampleCount()).isEqualTo(4);
        assertThat(byName.get("eval.groundedness.pass_rate").getValue()).isEqualTo(0.5);
        assertThat(byName.get("eval.groundedness.pass_rate").getEvidence().getInteractionIds())
                .containsExactly("i2", "i4");
        assertThat(byName.get("eval.groundedness.pass_rate").getLabels()).containsEntry("evaluator", "groundedness");
        assertThat(byName.get("eval.relevance.pass_rate").getValue()).isEqualTo(1.0);
        assertThat(byName.get("eval.relevance.count").getValue()).isEqualTo(1.0);
    }

    @Test
    void shouldLeaveOutMeanAndPassRateWhenEveryEvaluationFailed() {
        pipe("i1", "judge_groundedness", null, null, "judge_unavailable", T0);
        pipe("i2", "judge_groundedness", null, null, "judge_unavailable", T0.plusSeconds(1));
        pipe("tick", "other", 1.0, true, null, T0.plusSeconds(400));
        Map<String, Signal> byName = signals.readValuesToList().stream()
                .filter(s -> s.getName().startsWith("eval.judge_groundedness."))
                .collect(Collectors.toMap(Signal::getName, s -> s));
        assertThat(byName).containsOnlyKeys("eval.judge_groundedness.count", "eval.judge_groundedness.error_count");
        assertThat(byName.get("eval.judge_groundedness.error_count").getValue()).isEqualTo(2.0);
    }

    @Test
    void shouldDropScoresOfAWindowThatAlreadyClosed() {
        pipe("i1", "groundedness", 1.0, true, null, T0);
        pipe("tick", "groundedness", 1.0, true, null, T0.plusSeconds(400)); // closes [0, 5 min)
        pipe("too-late", "groundedness", 0.0, false, null, T0.plusSeconds(5));
        pipe("tick-2", "groundedness", 1.0, true, null, T0.plusSeconds(1000)); // closes [5, 10 min)
        List<Signal> counts = signals.readValuesToList().stream()
                .filter(s -> s.getName().equals("eval.groundedness.count")).toList();
        assertThat(counts).extracting(Signal::getWindowStart).containsExactly(T0, T0.plusSeconds(300));
        assertThat(counts).extracting(Signal::getValue).containsExactly(1.0, 1.0);
    }
}
