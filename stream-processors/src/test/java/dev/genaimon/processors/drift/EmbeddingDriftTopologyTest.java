package dev.genaimon.processors.drift;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.drift.EmbeddingDrift;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.EmbeddingSample;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.TextSample;
import dev.genaimon.schemas.avro.TextSampleItem;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;

class EmbeddingDriftTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T00:00:00Z"), ZoneOffset.UTC);
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final String SEGMENT = "acme/bot/chat/-";
    private static final int DIM = 64;

    private static final List<String> BILLING = List.of("invoice", "refund", "charge", "billing", "payment", "card",
            "subscription", "price", "receipt", "plan");
    private static final List<String> ACCOUNT = List.of("password", "login", "reset", "account", "email", "locked",
            "two-factor", "username", "sign-in", "security");

    /** A real (if tiny) embedding: hashed bag of words, L2-normalised, so texts on one topic land close together. */
    private static final Function<List<String>, List<float[]>> BAG_OF_WORDS = texts -> {
        List<float[]> out = new ArrayList<>();
        for (String text : texts) {
            float[] v = new float[DIM];
            for (String word : text.toLowerCase().split("[^a-z0-9-]+")) {
                if (!word.isEmpty()) {
                    v[Math.floorMod(word.hashCode(), DIM)] += 1;
                }
            }
            double norm = 0;
            for (float f : v) {
                norm += f * f;
            }
            for (int i = 0; i < DIM; i++) {
                v[i] /= (float) Math.max(1e-9, Math.sqrt(norm));
            }
            out.add(v);
        }
        return out;
    };

    private static String question(Random random, List<String> topic) {
        List<String> words = new ArrayList<>(topic);
        Collections.shuffle(words, random);
        return "question about my " + String.join(" ", words.subList(0, 4));
    }

    private final class Harness implements AutoCloseable {
        final AvroSerdes serdes = AvroSerdes.singleObject();
        final Topics topics = new Topics(TopicSettings.defaults(), serdes);
        final TopologyTestDriver driver;
        final TestInputTopic<String, Interaction> interactions;
        final TestInputTopic<String, BaselineProfile> baselines;
        final TestOutputTopic<String, DriftReport> reports;
        final TestOutputTopic<String, Signal> signals;
        int sequence;

        Harness(EmbeddingDriftSettings settings, Function<List<String>, List<float[]>> embedder) {
            StreamsBuilder builder = new StreamsBuilder();
            EmbeddingDriftTopology.build(builder, settings, topics, serdes, CLOCK, embedder);
            Properties props = new Properties();
            props.put(StreamsConfig.APPLICATION_ID_CONFIG, "embedding-drift-test");
            props.put(StreamsConfig.STATE_DIR_CONFIG,
                    System.getProperty("java.io.tmpdir") + "/embedding-drift-test-" + System.nanoTime());
            driver = new TopologyTestDriver(builder.build(), props);
            interactions = driver.createInputTopic(Topics.INTERACTIONS, new StringSerializer(),
                    topics.interactions().value().serializer());
            baselines = driver.createInputTopic(Topics.BASELINES, new StringSerializer(),
                    topics.baselines().value().serializer());
            reports = driver.createOutputTopic(Topics.DRIFT_REPORTS, new StringDeserializer(),
                    topics.driftReports().value().deserializer());
            signals = driver.createOutputTopic(Topics.SIGNALS, new StringDeserializer(),
                    topics.signals().value().deserializer());
        }

        void send(String app, Instant at, String prompt) {
            String id = "i-" + sequence++;
            Interaction interaction = Interaction.newBuilder()
                    .setInteractionId(id)
                    .setTimestamp(at)
                    .setTenant("acme")
                    .setApp(app)
                    .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt").setDeployment("chat")
                            .build())
                    .setMessages(prompt == null ? null : List.of(new Message("user", prompt, null)))
                    .build();
            interactions.pipeInput(id, interaction, at);
        }

        /** {@code count} interactions spread over window {@code index}, a share {@code accountShare} on accounts. */
        void window(Random random, int index, int count, double accountShare) {
            Instant start = T0.plus(WINDOW.multipliedBy(index));
            for (int i = 0; i < count; i++) {
                List<String> topic = random.nextDouble() < accountShare ? ACCOUNT : BILLING;
                send("bot", start.plusMillis(i * (WINDOW.toMillis() / count)), question(random, topic));
            }
        }

        void tick(int windowIndex) {
            send("tick", T0.plus(WINDOW.multipliedBy(windowIndex)), "tick");
        }

        List<DriftReport> reports() {
            return reports.readValuesToList().stream().filter(r -> r.getSegment().getId().equals(SEGMENT)).toList();
        }

        List<Signal> signals(String name) {
            return signals.readValuesToList().stream()
                    .filter(s -> s.getSegment().getId().equals(SEGMENT) && s.getName().equals(name)).toList();
        }

        @Override
        public void close() {
            driver.close();
        }
    }

    private static EmbeddingDriftSettings settings(double rate, int size) {
        return settings(rate, size, 1);
    }

    private static EmbeddingDriftSettings settings(double rate, int size, int consecutive) {
        return new EmbeddingDriftSettings(List.of("tenant", "app", "model", "prompt"), WINDOW, Duration.ZERO,
                EmbeddingDriftSettings.PROMPT, rate, size, 500, EmbeddingDrift.Settings.DEFAULTS, consecutive);
    }

    @Test
    void shouldCompareEachWindowWithThePreviousOneAndFlagATopicShift() {
        try (Harness h = new Harness(settings(1.0, 120), BAG_OF_WORDS)) {
            Random random = new Random(1);
            h.window(random, 0, 150, 0.1);
            h.window(random, 1, 150, 0.1);
            h.window(random, 2, 150, 0.7);
            h.tick(3);

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(3);
            assertThat(reports.get(0).getEmbedding()).as("first window: nothing to compare with").isNull();
            assertThat(reports).allSatisfy(r -> {
                assertThat(r.getFeatures()).isEmpty();
                assertThat(r.getBaselineKind()).isEqualTo("trailing");
            });
            var same = reports.get(1).getEmbedding();
            var shifted = reports.get(2).getEmbedding();
            assertThat(same.getSampleSize()).isEqualTo(120);
            assertThat(same.getMmdPValue()).isGreaterThanOrEqualTo(0.01);
            assertThat(shifted.getMmdPValue()).isLessThan(0.01);
            assertThat(shifted.getCentroidCosineDistance()).isGreaterThan(same.getCentroidCosineDistance());
            assertThat(shifted.getMovedTopics()).isNotEmpty();
            assertThat(String.join(" ", shifted.getMovedTopics())).containsAnyOf(ACCOUNT.toArray(String[]::new));
            assertThat(reports.get(2).getReportId()).isEqualTo(SEGMENT + "@" + T0.plus(WINDOW.multipliedBy(2)) + "/embedding");

            List<Signal> detected = h.signals("drift.embedding.detected");
            assertThat(detected).extracting(Signal::getValue).containsExactly(0.0, 1.0);
            assertThat(detected.get(1).getEvidence().getNote()).contains("drifting 1 of 1").contains("topics moved: ");
            assertThat(detected.get(1).getEvidence().getReportIds()).containsExactly(reports.get(2).getReportId());
        }
    }

    @Test
    void shouldSignalOnlyAfterTheConfiguredWindowsInARow() {
        try (Harness h = new Harness(settings(1.0, 120, 2), BAG_OF_WORDS)) {
            Random random = new Random(6);
            h.window(random, 0, 150, 0.1);
            h.window(random, 1, 150, 0.6);  // shift: drifted against window 0
            h.window(random, 2, 150, 0.95); // shifts on: drifted against window 1 as well
            h.tick(3);
            List<DriftReport> reports = h.reports();
            assertThat(reports.get(1).getEmbedding().getMmdPValue()).isLessThan(0.01);
            assertThat(reports.get(2).getEmbedding().getMmdPValue()).isLessThan(0.01);
            List<Signal> detected = h.signals("drift.embedding.detected");
            assertThat(detected).extracting(Signal::getValue).containsExactly(0.0, 1.0);
            assertThat(detected.get(0).getEvidence().getNote()).contains("drifting 1 of 2");
        }
    }

    @Test
    void shouldUseTheActiveBaselinesEmbeddingsAndCallItSkewForAnEvaluationBaseline() {
        Random random = new Random(2);
        List<String> evaluationSet = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            evaluationSet.add(question(random, BILLING));
        }
        List<float[]> vectors = BAG_OF_WORDS.apply(evaluationSet);
        BaselineProfile baseline = BaselineBuilder.fromRows(new BaselineBuilder.Spec("eval-set-1", "eval set",
                        BaselineBuilder.EVALUATION, "acme/bot/*/*", "synthetic", T0.minus(Duration.ofDays(1)),
                        BaselineBuilder.Spec.DEFAULT_NUMERIC_K), List.of(Map.of("x", 1.0)));
        baseline.setEmbeddings(new EmbeddingSample("bag-of-words", DIM, vectors.size(),
                EmbeddingComparer.encode(vectors, DIM)));
        try (Harness h = new Harness(settings(1.0, 100), BAG_OF_WORDS)) {
            h.baselines.pipeInput("eval-set-1", baseline, T0);
            h.window(random, 0, 120, 0.0);
            h.window(random, 1, 120, 0.8);
            h.tick(2);

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(2).allSatisfy(r -> {
                assertThat(r.getBaselineId()).isEqualTo("eval-set-1");
                assertThat(r.getBaselineKind()).isEqualTo("evaluation");
            });
            assertThat(reports.get(0).getEmbedding().getMmdPValue()).isGreaterThanOrEqualTo(0.01);
            assertThat(reports.get(1).getEmbedding().getMmdPValue()).isLessThan(0.01);
            assertThat(h.signals("skew.embedding.detected")).extracting(Signal::getValue).containsExactly(0.0, 1.0);
        }
    }

    @Test
    void shouldEmbedOnlyTheBoundedSampleOncePerClosedWindowAndSkipTextlessRecords() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger largestBatch = new AtomicInteger();
        Function<List<String>, List<float[]>> counting = texts -> {
            calls.incrementAndGet();
            largestBatch.accumulateAndGet(texts.size(), Math::max);
            return BAG_OF_WORDS.apply(texts);
        };
        try (Harness h = new Harness(settings(0.5, 40), counting)) {
            Random random = new Random(3);
            h.window(random, 0, 400, 0.2);
            h.send("bot", T0.plusSeconds(30), null); // metadata-only: no text, not sampled, no failure
            h.window(random, 1, 400, 0.2);
            h.tick(2);

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(2);
            assertThat(reports.get(1).getEmbedding().getSampleSize()).isEqualTo(40);
            assertThat(calls.get()).as("one batch per closed window that has a reference").isEqualTo(1);
            assertThat(largestBatch.get()).as("previous + current sample").isEqualTo(80);
        }
    }

    @Test
    void shouldReportAFailingModelAndKeepGoing() {
        AtomicInteger calls = new AtomicInteger();
        Function<List<String>, List<float[]>> flaky = texts -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("model unavailable");
            }
            return BAG_OF_WORDS.apply(texts);
        };
        try (Harness h = new Harness(settings(1.0, 50), flaky)) {
            Random random = new Random(4);
            h.window(random, 0, 60, 0.1);
            h.window(random, 1, 60, 0.1);
            h.window(random, 2, 60, 0.1);
            h.tick(3);

            List<DriftReport> reports = h.reports();
            assertThat(reports).hasSize(3);
            assertThat(reports.get(1).getEmbedding()).as("the model failed for this window").isNull();
            assertThat(reports.get(2).getEmbedding()).isNotNull();
            assertThat(h.signals("drift.embedding.detected")).hasSize(1);
        }
    }

    @Test
    void shouldKeepTheSameSampleWhateverTheOrderOfArrival() {
        List<TextSample> offers = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long hash = EmbeddingDriftTopology.hash("id-" + i);
            offers.add(TextSample.newBuilder().setItems(List.of(new TextSampleItem(hash, "text " + i))).setSeen(1).build());
        }
        TextSample forward = EmbeddingDriftTopology.emptySample();
        for (TextSample o : offers) {
            forward = EmbeddingDriftTopology.merge(forward, o, 25);
        }
        Collections.shuffle(offers, new Random(5));
        TextSample shuffled = EmbeddingDriftTopology.emptySample();
        for (TextSample o : offers) {
            shuffled = EmbeddingDriftTopology.merge(shuffled, o, 25);
        }
        shuffled = EmbeddingDriftTopology.merge(shuffled, offers.get(0), 25); // a replayed record counts once
        assertThat(shuffled.getItems()).isEqualTo(forward.getItems()).hasSize(25);
        assertThat(forward.getSeen()).isEqualTo(300);
        // the hash is uniform enough that a 20 % rate picks about 20 % of ids
        long picked = java.util.stream.IntStream.range(0, 10_000)
                .filter(i -> EmbeddingDriftTopology.unit(EmbeddingDriftTopology.hash("interaction-" + i)) < 0.2).count();
        assertThat(picked).isBetween(1_850L, 2_150L);
    }
}
