package dev.genaimon.processors.feedback;

import static dev.genaimon.processors.eval.EvalFixtures.SEGMENT;
import static dev.genaimon.processors.eval.EvalFixtures.interaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.TestDrivers;
import dev.genaimon.processors.eval.EvalSamplerTopology;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.GroundTruthExample;
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
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FeedbackJoinTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T12:00:00Z"), ZoneOffset.UTC);

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Interaction> interactions;
    private TestInputTopic<String, Feedback> feedback;
    private TestOutputTopic<String, GroundTruthExample> groundTruth;
    private TestOutputTopic<String, EvaluationRequest> requests;
    private TestOutputTopic<String, Signal> signals;

    @BeforeEach
    void start() {
        StreamsBuilder builder = new StreamsBuilder();
        FeedbackJoinTopology.build(builder, FeedbackJoinSettings.defaults()
                .withJoinWindow(Duration.ofHours(24), Duration.ofMinutes(5), Duration.ZERO)
                .withSignalWindow(Duration.ofHours(1), Duration.ZERO), topics, serdes, CLOCK);
        driver = TestDrivers.withDeadLetters(builder.build(), "feedback");
        interactions = driver.createInputTopic(Topics.INTERACTIONS, new StringSerializer(),
                topics.interactions().value().serializer());
        feedback = driver.createInputTopic(Topics.FEEDBACK, new StringSerializer(),
                topics.feedback().value().serializer());
        groundTruth = driver.createOutputTopic(Topics.GROUND_TRUTH, new StringDeserializer(),
                topics.groundTruth().value().deserializer());
        requests = driver.createOutputTopic(Topics.EVAL_REQUESTS, new StringDeserializer(),
                topics.evalRequests().value().deserializer());
        signals = driver.createOutputTopic(Topics.SIGNALS, new StringDeserializer(),
                topics.signals().value().deserializer());
    }

    @AfterEach
    void close() {
        driver.close();
    }

    private void pipe(Interaction interaction) {
        interactions.pipeInput(interaction.getInteractionId(), interaction);
    }

    private void rate(String feedbackId, String interactionId, Instant at, String thumbs, Double score,
                      String corrected) {
        feedback.pipeInput(interactionId, Feedback.newBuilder().setFeedbackId(feedbackId)
                .setInteractionId(interactionId).setTimestamp(at).setTenant("acme").setThumbs(thumbs)
                .setScore(score).setCorrectedAnswer(corrected).build());
    }

    @Test
    void shouldConfirmPositivelyRatedAnswersAndKeepCorrectedOnes() {
        pipe(interaction("i-up", T0));
        pipe(interaction("i-fix", T0.plusSeconds(1)));
        rate("f-up", "i-up", T0.plusSeconds(30), "up", null, null);
        rate("f-fix", "i-fix", T0.plusSeconds(40), "down", null, "Paris, on the Seine.");

        Map<String, GroundTruthExample> examples = groundTruth.readKeyValuesToMap();
        assertThat(examples).containsOnlyKeys("i-up", "i-fix");
        GroundTruthExample confirmed = examples.get("i-up");
        assertThat(confirmed.getOrigin()).isEqualTo(FeedbackJoinTopology.ORIGIN_CONFIRMED);
        assertThat(confirmed.getQuestion()).isEqualTo("What is the capital of France?");
        assertThat(confirmed.getAnswer()).isEqualTo("Paris is the capital of France.");
        assertThat(confirmed.getContext()).containsExactly("Paris is the capital of France.");
        assertThat(confirmed.getFeedbackId()).isEqualTo("f-up");
        assertThat(confirmed.getSegment().getId()).isEqualTo(SEGMENT);
        assertThat(confirmed.getInteractionTimestamp()).isEqualTo(T0);
        GroundTruthExample corrected = examples.get("i-fix");
        assertThat(corrected.getOrigin()).isEqualTo(FeedbackJoinTopology.ORIGIN_CORRECTED);
        assertThat(corrected.getAnswer()).isEqualTo("Paris, on the Seine.");
    }

    @Test
    void shouldRequestAnEvaluationOfNegativelyRatedInteractionsOnly() {
        pipe(interaction("i-down", T0));
        pipe(interaction("i-low", T0));
        pipe(interaction("i-up", T0));
        rate("f1", "i-down", T0.plusSeconds(5), "down", null, null);
        rate("f2", "i-low", T0.plusSeconds(5), null, -0.5, null);
        rate("f3", "i-up", T0.plusSeconds(5), "up", null, null);

        Map<String, EvaluationRequest> byId = requests.readKeyValuesToMap();
        assertThat(byId).containsOnlyKeys("i-down", "i-low");
        assertThat(byId.get("i-down").getReasons()).containsExactly(EvalSamplerTopology.REASON_NEGATIVE_FEEDBACK);
        assertThat(byId.get("i-down").getSegment().getId()).isEqualTo(SEGMENT);
        Interaction carried = byId.get("i-down").getInteraction();
        assertThat(carried.getResponse()).isEqualTo("Paris is the capital of France.");
        assertThat(carried.getMessages()).singleElement()
                .satisfies(m -> assertThat(m.getContent()).isEqualTo("What is the capital of France?"));
        // negative feedback without a correction is no ground truth; the positive one is
        assertThat(groundTruth.readKeyValuesToMap()).containsOnlyKeys("i-up");
    }

    @Test
    void shouldJoinLateFeedbackInsideTheWindowAndNotOutside() {
        pipe(interaction("early", T0));
        pipe(interaction("skewed", T0.plusSeconds(120)));
        rate("late-ok", "early", T0.plus(Duration.ofHours(23)), "up", null, null);
        rate("before", "skewed", T0.plusSeconds(30), "up", null, null); // 90 s before its interaction: clock skew
        rate("too-late", "early", T0.plus(Duration.ofHours(25)), "up", null, null);
        List<String> joined = groundTruth.readValuesToList().stream().map(GroundTruthExample::getFeedbackId).toList();
        assertThat(joined).containsExactlyInAnyOrder("late-ok", "before");
    }

    @Test
    void shouldPublishFeedbackSignalsPerSegmentWhenTheWindowCloses() {
        for (int i = 0; i < 4; i++) {
            pipe(interaction("i" + i, T0.plusSeconds(i)));
        }
        rate("f0", "i0", T0.plusSeconds(10), "up", null, null);
        rate("f1", "i1", T0.plusSeconds(11), "down", null, null);
        rate("f2", "i2", T0.plusSeconds(12), null, 0.5, null);
        rate("f3", "i3", T0.plusSeconds(13), null, null, null); // a comment only: counted, not scored
        assertThat(signals.readValuesToList()).isEmpty();
        pipe(interaction("tick", T0.plus(Duration.ofHours(2))));
        rate("tick", "tick", T0.plus(Duration.ofHours(2)), "up", null, null); // stream time passes the window end

        Map<String, Signal> byName = signals.readValuesToList().stream()
                .filter(s -> s.getWindowStart().equals(T0))
                .collect(Collectors.toMap(Signal::getName, s -> s));
        assertThat(byName).containsOnlyKeys("feedback.count", "feedback.negative_rate", "feedback.mean_score");
        assertThat(byName.get("feedback.count").getValue()).isEqualTo(4.0);
        assertThat(byName.get("feedback.negative_rate").getValue()).isEqualTo(0.25);
        assertThat(byName.get("feedback.negative_rate").getEvidence().getInteractionIds()).containsExactly("i1");
        assertThat(byName.get("feedback.mean_score").getValue()).isEqualTo((1.0 - 1.0 + 0.5) / 3);
        assertThat(byName.get("feedback.mean_score").getSampleCount()).isEqualTo(3);
        assertThat(byName.values()).allSatisfy(s -> assertThat(s.getSegment().getId()).isEqualTo(SEGMENT));
    }
}
