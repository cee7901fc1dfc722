package dev.genaimon.processors.eval;

import dev.genaimon.processors.segment.Segments;

import static dev.genaimon.processors.eval.EvalFixtures.SEGMENT;
import static dev.genaimon.processors.eval.EvalFixtures.interaction;
import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.TestDrivers;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EvalSamplerTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    /** After the last event time the tests send (T0 + 1,000 min): the event-time guard drops records 1 h ahead. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T03:00:00Z"), ZoneOffset.UTC);

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Interaction> interactions;
    private TestInputTopic<String, Signal> signals;
    private TestOutputTopic<String, EvaluationRequest> requests;

    private void start(EvalSamplerSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        EvalSamplerTopology.build(builder, settings, topics, serdes, CLOCK);
        driver = TestDrivers.withDeadLetters(builder.build(), "eval-sampler");
        interactions = driver.createInputTopic(Topics.INTERACTIONS, new StringSerializer(),
                topics.interactions().value().serializer());
        signals = driver.createInputTopic(Topics.SIGNALS, new StringSerializer(),
                topics.signals().value().serializer());
        requests = driver.createOutputTopic(Topics.EVAL_REQUESTS, new StringDeserializer(),
                topics.evalRequests().value().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private void pipe(Interaction interaction) {
        interactions.pipeInput(interaction.getInteractionId(), interaction);
    }

    /** 10,000 ids spread over 1,000 minutes so the cap never binds. */
    private Map<String, EvaluationRequest> sampleTenThousand(Function<Interaction, Interaction> change) {
        for (int i = 0; i < 10_000; i++) {
            pipe(change.apply(interaction("id-" + i, T0.plusMillis(i * 6_000L))));
        }
        return requests.readKeyValuesToMap();
    }

    @Test
    void shouldSampleTheConfiguredRateWithinTolerance() {
        start(EvalSamplerSettings.defaults().withRate(0.1, 0));
        Map<String, EvaluationRequest> sampled = sampleTenThousand(Function.identity());
        // binomial(10000, 0.1): sd = 30; 4 sd
        assertThat(sampled.size()).isBetween(880, 1120);
        assertThat(sampled.values()).allSatisfy(r -> {
            assertThat(r.getReasons()).containsExactly(EvalSamplerTopology.REASON_BASE_RATE);
            assertThat(r.getSegment().getId()).isEqualTo(SEGMENT);
            assertThat(r.getInteraction().getInteractionId()).isEqualTo(r.getInteractionId());
            assertThat(r.getRequestedAt()).isEqualTo(CLOCK.instant());
        });
        assertThat(sampled).allSatisfy((key, r) -> assertThat(key).isEqualTo(r.getInteractionId()));
    }

    @Test
    void shouldTakeTheSameDecisionForTheSameIdEveryTime() {
        start(EvalSamplerSettings.defaults().withRate(0.2, 0));
        Set<String> first = sampleTenThousand(Function.identity()).keySet();
        close();
        start(EvalSamplerSettings.defaults().withRate(0.2, 0));
        Set<String> second = sampleTenThousand(Function.identity()).keySet();
        assertThat(second).isEqualTo(first);
        // a higher rate samples a superset: the coin of an id does not change
        close();
        start(EvalSamplerSettings.defaults().withRate(0.4, 0));
        Set<String> higher = sampleTenThousand(Function.identity()).keySet();
        assertThat(higher).containsAll(first).hasSizeGreaterThan(first.size() + 1000);
        assertThat(first).allSatisfy(id -> assertThat(SampleHash.unit(id)).isLessThan(0.2));
    }

    @Test
    void shouldBoostSafetyFlaggedInteractions() {
        start(EvalSamplerSettings.defaults().withRate(0.05, 0).withBoosts(4, 1));
        Map<String, EvaluationRequest> sampled = sampleTenThousand(EvalFixtures::withAttack);
        assertThat(sampled.size()).isBetween(1760, 2240); // 20 % of 10,000, sd 40
        long boostedOnly = sampled.values().stream()
                .filter(r -> r.getReasons().equals(List.of(EvalSamplerTopology.REASON_SAFETY))).count();
        assertThat(boostedOnly).isEqualTo(sampled.size() - sampled.values().stream()
                .filter(r -> r.getReasons().contains(EvalSamplerTopology.REASON_BASE_RATE)).count());
        assertThat(boostedOnly).isGreaterThan(1300);
    }

    @Test
    void shouldRepartitionOnlyInteractionsTheirOwnFlagsAndTheDriftBoostCouldGetSampled() {
        EvalSamplerSettings settings = EvalSamplerSettings.defaults().withRate(0.05, 0).withBoosts(4, 3);
        Segments segments = new Segments(settings.segmentDimensions());
        int plain = 0;
        int flagged = 0;
        for (int i = 0; i < 10_000; i++) {
            Interaction interaction = interaction("c-" + i, T0);
            double coin = SampleHash.unit(interaction.getInteractionId());
            boolean plainCandidate = EvalSamplerTopology.candidate(interaction, settings, segments);
            boolean flaggedCandidate = EvalSamplerTopology.candidate(EvalFixtures.withAttack(interaction), settings,
                    segments);
            assertThat(plainCandidate).as("coin %s", coin).isEqualTo(coin < 0.05 * 3);
            assertThat(flaggedCandidate).as("coin %s", coin).isEqualTo(coin < 0.05 * 4 * 3);
            assertThat(EvalSamplerTopology.candidate(EvalFixtures.withGroundTruth(interaction, "42"), settings,
                    segments)).isTrue();
            plain += plainCandidate ? 1 : 0;
            flagged += flaggedCandidate ? 1 : 0;
        }
        assertThat(plain).isBetween(1350, 1650); // 15 % of 10,000, sd 36
        assertThat(flagged).isBetween(5700, 6300); // 60 %, sd 49
    }

    @Test
    void shouldBoostSegmentsWhileTheirDriftSignalSaysDetected() {
        start(EvalSamplerSettings.defaults().withRate(0.05, 0).withBoosts(1, 4));
        List<String> ids = IntStream.range(0, 4000).mapToObj(i -> "d-" + i).toList();
        long expectedBase = ids.stream().filter(id -> SampleHash.unit(id) < 0.05).count();
        long expectedBoosted = ids.stream().filter(id -> SampleHash.unit(id) < 0.2).count();

        ids.subList(0, 2000).forEach(id -> pipe(interaction(id, T0)));
        signals.pipeInput(SEGMENT + "/drift.prompt_chars.detected",
                EvalFixtures.driftSignal(SEGMENT, "prompt_chars", 1.0, T0));
        ids.subList(2000, 4000).forEach(id -> pipe(interaction(id, T0.plusSeconds(1))));
        signals.pipeInput(SEGMENT + "/drift.prompt_chars.detected",
                EvalFixtures.driftSignal(SEGMENT, "prompt_chars", 0.0, T0.plusSeconds(3600)));
        ids.forEach(id -> pipe(interaction(id + "-after", T0.plusSeconds(2))));

        Map<String, EvaluationRequest> sampled = requests.readKeyValuesToMap();
        long before = ids.subList(0, 2000).stream().filter(sampled::containsKey).count();
        long during = ids.subList(2000, 4000).stream().filter(sampled::containsKey).count();
        assertThat(before).isEqualTo(ids.subList(0, 2000).stream().filter(id -> SampleHash.unit(id) < 0.05).count());
        assertThat(during).isEqualTo(ids.subList(2000, 4000).stream().filter(id -> SampleHash.unit(id) < 0.2)
                .count());
        assertThat(expectedBoosted).isGreaterThan(expectedBase * 3);
        assertThat(ids.subList(2000, 4000).stream().filter(sampled::containsKey).map(sampled::get)
                .filter(r -> !r.getReasons().contains(EvalSamplerTopology.REASON_BASE_RATE)))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.getReasons()).containsExactly(EvalSamplerTopology.REASON_DRIFT));
        // after detected went back to 0 the base rate applies again
        long after = ids.stream().map(id -> id + "-after").filter(sampled::containsKey).count();
        assertThat(after).isEqualTo(ids.stream().map(id -> id + "-after").filter(id -> SampleHash.unit(id) < 0.05)
                .count());
    }

    @Test
    void shouldCapEachSegmentPerMinuteButAlwaysTakeGroundTruth() {
        start(EvalSamplerSettings.defaults().withRate(1.0, 10));
        for (int i = 0; i < 50; i++) {
            pipe(interaction("a-" + i, T0.plusMillis(i * 100L)));
            pipe(interaction("b-" + i, T0.plusMillis(i * 100L), "other-bot"));
        }
        pipe(EvalFixtures.withGroundTruth(interaction("gt-1", T0.plusSeconds(30)), "Paris."));
        for (int i = 0; i < 50; i++) {
            pipe(interaction("next-" + i, T0.plusSeconds(60 + i)));
        }
        Map<String, EvaluationRequest> sampled = requests.readKeyValuesToMap();
        Map<String, Long> bySegmentAndMinute = sampled.values().stream().collect(Collectors.groupingBy(
                r -> r.getSegment().getId() + "@" + r.getInteraction().getTimestamp().getEpochSecond() / 60,
                Collectors.counting()));
        long minute = T0.getEpochSecond() / 60;
        assertThat(bySegmentAndMinute).containsEntry(SEGMENT + "@" + minute, 11L) // 10 + the ground truth
                .containsEntry("acme/other-bot/gpt-4o/answer:v1@" + minute, 10L)
                .containsEntry(SEGMENT + "@" + (minute + 1), 10L);
        assertThat(sampled.get("gt-1").getReasons()).contains(EvalSamplerTopology.REASON_GROUND_TRUTH);
        assertThat(sampled).containsKeys("a-0", "a-9").doesNotContainKey("a-10");
    }

    @Test
    void shouldAlwaysSampleGroundTruthAndApplySegmentOverrides() {
        start(EvalSamplerSettings.defaults().withRate(0.0, 0).withOverrides(
                EvalSamplerSettings.parseOverrides("acme/vip/*/*=1.0:0; */*/*/*=0.5", 0)));
        pipe(interaction("plain", T0));
        pipe(EvalFixtures.withGroundTruth(interaction("gt", T0), "Paris."));
        for (int i = 0; i < 20; i++) {
            pipe(interaction("vip-" + i, T0, "vip"));
        }
        Map<String, EvaluationRequest> sampled = requests.readKeyValuesToMap();
        assertThat(sampled.get("gt").getReasons()).contains(EvalSamplerTopology.REASON_GROUND_TRUTH);
        assertThat(sampled.keySet().stream().filter(k -> k.startsWith("vip-"))).hasSize(20);
        // the */*/*/* override (0.5) applies to the bot segment, not the global 0
        assertThat(sampled.containsKey("plain")).isEqualTo(SampleHash.unit("plain") < 0.5);
    }

    @Test
    void shouldSendUndecodableInteractionsToTheDeadLetterTopic() {
        start(EvalSamplerSettings.defaults().withRate(1.0, 0));
        TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.INTERACTIONS, new StringSerializer(),
                new ByteArraySerializer());
        raw.pipeInput("bad", new byte[] {1, 2, 3});
        pipe(interaction("good", T0));
        TestOutputTopic<byte[], DeadLetter> dlq = driver.createOutputTopic(Topics.DLQ,
                Serdes.ByteArray().deserializer(), topics.dlq().value().deserializer());
        assertThat(dlq.readValuesToList()).singleElement()
                .satisfies(d -> assertThat(d.getStage()).isEqualTo("eval-sampler"));
        assertThat(requests.readKeyValuesToMap()).containsOnlyKeys("good");
    }
}
