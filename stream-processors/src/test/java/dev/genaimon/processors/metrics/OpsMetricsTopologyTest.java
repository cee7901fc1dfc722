package dev.genaimon.processors.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.processors.TestDrivers;
import dev.genaimon.schemas.avro.CallStatus;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.Features;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.PromptTemplate;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.ToolCall;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.datasketches.kll.KllSketch;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OpsMetricsTopologyTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T11:00:00Z"), ZoneOffset.UTC);
    private static final String SEGMENT = "acme/support-bot/gpt-4o-mini/answer:v3";

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Topics topics = new Topics(TopicSettings.defaults(), serdes);
    private TopologyTestDriver driver;
    private TestInputTopic<String, Interaction> interactions;
    private TestOutputTopic<String, Signal> signals;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;

    private void start(OpsMetricsSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        OpsMetricsTopology.build(builder, settings, topics, serdes, CLOCK);
        driver = TestDrivers.withDeadLetters(builder.build(), "ops");
        interactions = driver.createInputTopic(Topics.INTERACTIONS, new StringSerializer(),
                topics.interactions().value().serializer());
        signals = driver.createOutputTopic(Topics.SIGNALS, new StringDeserializer(),
                topics.signals().value().deserializer());
        deadLetters = driver.createOutputTopic(Topics.DLQ, Serdes.ByteArray().deserializer(),
                topics.dlq().value().deserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldPublishExactCountsRatesAndSumsPerSegmentWhenTheWindowCloses() {
        start(OpsMetricsSettings.defaults());
        pipe(interaction("ok-1", T0, 120, 900L).usage(1000, 200, 0.25).build());
        pipe(interaction("timeout-1", T0.plusSeconds(5), 3000, null).usage(500, 0, 0.125)
                .status("timeout", 504).build());
        pipe(interaction("throttled-1", T0.plusSeconds(10), 40, null).usage(0, 0, 0)
                .status("rate_limited", 429).build());
        pipe(interaction("timeout-2", T0.plusSeconds(15), 2500, null).usage(300, 0, 0.0625)
                .status("timeout", 504).build());
        pipe(interaction("agent-1", T0.plusSeconds(20), 800, 300L).usage(700, 100, 0.5)
                .tools(tool("search", "{\"q\":\"a\"}", "ok"), tool("lookup", "{\"id\":1}", "error")).build());
        // a rollup segment set by enrich wins over the configured dimensions
        pipe(interaction("other-1", T0.plusSeconds(25), 100, null).usage(10, 10, 0.5).segment("acme/*").build());
        closeWindowAt(T0.plusSeconds(90));

        List<KeyValue<String, Signal>> out = signals.readKeyValuesToList();
        Map<String, Signal> acme = bySegment(out, SEGMENT);
        assertThat(out).allSatisfy(kv -> assertThat(kv.key).isEqualTo(kv.value.getSegment().getId() + "/"
                + kv.value.getName()));
        assertThat(acme.get("ops.request_count").getValue()).isEqualTo(5.0);
        assertThat(acme.get("ops.error_rate").getValue()).isEqualTo(0.6);
        assertThat(acme.get("ops.error_rate").getEvidence().getInteractionIds())
                .containsExactly("timeout-1", "throttled-1", "timeout-2");
        assertThat(acme.get("ops.throttle_rate").getValue()).isEqualTo(0.2);
        assertThat(acme.get("ops.throttle_rate").getEvidence().getInteractionIds()).containsExactly("throttled-1");
        assertThat(acme.get("ops.tokens_in").getValue()).isEqualTo(2500.0);
        assertThat(acme.get("ops.tokens_out").getValue()).isEqualTo(300.0);
        assertThat(acme.get("cost.usd").getValue()).isEqualTo(0.9375);
        assertThat(acme.get("agent.tool_error_rate").getValue()).isEqualTo(0.5);
        assertThat(acme.get("agent.tool_error_rate").getEvidence().getInteractionIds()).containsExactly("agent-1");
        assertThat(acme.get("agent.steps_per_run").getValue()).isEqualTo(2.0);
        assertThat(acme.get("agent.tool_loop_rate").getValue()).isZero();
        assertThat(acme.get("ops.latency.p99_ms").getValue()).isEqualTo(3000.0);
        assertThat(acme.get("ops.latency.p99_ms").getEvidence().getInteractionIds())
                .containsExactly("timeout-1", "timeout-2", "agent-1", "ok-1", "throttled-1");
        assertThat(acme.get("ops.ttft.p50_ms").getValue()).isIn(300.0, 900.0);
        assertThat(acme.values()).allSatisfy(s -> {
            assertThat(s.getSampleCount()).isEqualTo(5);
            assertThat(s.getWindowStart()).isEqualTo(T0);
            assertThat(s.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
            assertThat(s.getEmittedAt()).isEqualTo(CLOCK.instant());
            assertThat(s.getSegment().getLabels()).containsEntry("tenant", "acme");
        });

        Map<String, Signal> byType = out.stream().map(kv -> kv.value)
                .filter(s -> s.getSegment().getId().equals(SEGMENT) && s.getName().equals("ops.errors_by_type"))
                .collect(Collectors.toMap(s -> s.getLabels().get("error_type"), s -> s));
        assertThat(byType).containsOnlyKeys("timeout", "rate_limited");
        assertThat(byType.get("timeout").getValue()).isEqualTo(0.4);
        assertThat(byType.get("timeout").getEvidence().getInteractionIds()).containsExactly("timeout-1", "timeout-2");
        assertThat(byType.get("rate_limited").getValue()).isEqualTo(0.2);

        Map<String, Signal> rollup = bySegment(out, "acme/*");
        assertThat(rollup.get("ops.request_count").getValue()).isEqualTo(1.0);
        assertThat(rollup.get("cost.usd").getValue()).isEqualTo(0.5);
        assertThat(rollup).doesNotContainKey("agent.tool_error_rate");
    }

    @Test
    void shouldEstimateLatencyAndTtftPercentilesWithinTheKllErrorBound() {
        OpsMetricsSettings settings = OpsMetricsSettings.defaults();
        start(settings);
        Random random = new Random(42);
        double[] latencies = new double[1000];
        double[] ttfts = new double[1000];
        for (int i = 0; i < latencies.length; i++) {
            // log-normal around 800 ms: a long right tail, as real model latencies have
            latencies[i] = Math.round(Math.exp(Math.log(800) + 0.6 * random.nextGaussian()));
            ttfts[i] = Math.round(latencies[i] * (0.1 + 0.2 * random.nextDouble()));
            pipe(interaction("i-" + i, T0.plusMillis(i * 50L), (long) latencies[i], (long) ttfts[i]).build());
        }
        closeWindowAt(T0.plusSeconds(90));

        Map<String, Signal> out = bySegment(signals.readKeyValuesToList(), SEGMENT);
        double epsilon = KllSketch.getNormalizedRankError(settings.sketchK(), false);
        assertThat(epsilon).isLessThan(0.02);
        for (double q : new double[] {0.50, 0.95, 0.99}) {
            String suffix = ".p" + Math.round(q * 100) + "_ms";
            assertWithinRankError(latencies, q, out.get("ops.latency" + suffix).getValue(), epsilon);
            assertWithinRankError(ttfts, q, out.get("ops.ttft" + suffix).getValue(), epsilon);
        }
        assertThat(out.get("ops.latency.p99_ms").getSampleCount()).isEqualTo(1000);
        double max = Arrays.stream(latencies).max().orElseThrow();
        assertThat(out.get("ops.latency.p99_ms").getEvidence().getNote()).contains("=" + Math.round(max) + "ms");
    }

    @Test
    void shouldPublishOnlyAfterStreamTimePassesWindowEndPlusGrace() {
        start(OpsMetricsSettings.defaults());
        pipe(interaction("a", T0.plusSeconds(10), 100, null).build());
        pipe(interaction("b", T0.plusSeconds(75), 100, null).build()); // next window: moves stream time only
        assertThat(signals.isEmpty()).as("window [0, 60) is still within its 30 s grace").isTrue();
        pipe(interaction("late", T0.plusSeconds(50), 100, null).build()); // late, but within grace: counts
        pipe(interaction("c", T0.plusSeconds(89), 100, null).build());
        assertThat(signals.isEmpty()).as("stream time 89 s < end 60 s + grace 30 s").isTrue();

        closeWindowAt(T0.plusSeconds(90));
        Map<String, Signal> first = bySegment(signals.readKeyValuesToList(), SEGMENT);
        assertThat(first.get("ops.request_count").getValue()).isEqualTo(2.0);
        assertThat(first.get("ops.request_count").getWindowStart()).isEqualTo(T0);

        pipe(interaction("too-late", T0.plusSeconds(30), 100, null).build()); // window closed: dropped
        closeWindowAt(T0.plusSeconds(150));
        List<Signal> second = signals.readValuesToList();
        assertThat(second).extracting(Signal::getWindowStart).containsOnly(T0.plusSeconds(60));
        assertThat(bySegment(second.stream().map(s -> KeyValue.pair("", s)).toList(), SEGMENT)
                .get("ops.request_count").getValue()).isEqualTo(2.0); // b and c; too-late was dropped
    }

    @Test
    void shouldDetectRepeatedIdenticalToolCallsAsLoops() {
        start(OpsMetricsSettings.defaults());
        String args = "{\"q\":\"refund policy\"}";
        pipe(interaction("loop-exact", T0, 100, null)
                .tools(tool("search", args, "ok"), tool("search", args, "ok"), tool("search", args, "ok")).build());
        pipe(interaction("different-args", T0, 100, null).tools(tool("search", "{\"q\":\"a\"}", "ok"),
                tool("search", "{\"q\":\"b\"}", "ok"), tool("search", "{\"q\":\"c\"}", "ok")).build());
        pipe(interaction("twice-only", T0, 100, null)
                .tools(tool("search", args, "ok"), tool("search", args, "error")).build());
        pipe(interaction("loop-spaced", T0, 100, null).tools(tool("lookup", "{\"id\":7}", "ok"),
                tool("lookup", " {\"id\":7}\n", "error"), tool("lookup", "{\"id\":7} ", "error")).build());
        pipe(interaction("no-args", T0, 100, null)
                .tools(tool("ping", null, "ok"), tool("ping", null, "ok"), tool("ping", null, "ok")).build());
        pipe(interaction("no-tools", T0, 100, null).build());
        closeWindowAt(T0.plusSeconds(90));

        Map<String, Signal> out = bySegment(signals.readKeyValuesToList(), SEGMENT);
        assertThat(out.get("agent.tool_loop_rate").getValue()).isEqualTo(0.4); // 2 of 5 with tool calls
        assertThat(out.get("agent.tool_loop_rate").getEvidence().getInteractionIds())
                .containsExactly("loop-exact", "loop-spaced");
        assertThat(out.get("agent.steps_per_run").getValue()).isEqualTo(14.0 / 5);
        assertThat(out.get("agent.tool_error_rate").getValue()).isEqualTo(3.0 / 14);
        assertThat(out.get("agent.tool_loop_rate").getSampleCount()).isEqualTo(6);
    }

    @Test
    void shouldPublishZeroRatesForAHealthySegmentSoAlertsResolve() {
        start(OpsMetricsSettings.defaults().withWindow(Duration.ofMinutes(5), Duration.ZERO));
        pipe(interaction("ok-1", T0, 100, null).build());
        pipe(interaction("ok-2", T0.plusSeconds(30), 200, null).build());
        closeWindowAt(T0.plusSeconds(300));

        List<KeyValue<String, Signal>> all = signals.readKeyValuesToList();
        Map<String, Signal> out = bySegment(all, SEGMENT);
        assertThat(out.get("ops.error_rate").getValue()).isZero();
        assertThat(out.get("ops.error_rate").getEvidence()).isNull();
        assertThat(out.get("ops.throttle_rate").getValue()).isZero();
        assertThat(out.get("ops.error_rate").getWindowEnd()).isEqualTo(T0.plusSeconds(300));
        assertThat(out).doesNotContainKeys("ops.errors_by_type", "agent.tool_error_rate", "agent.steps_per_run",
                "agent.tool_loop_rate", "ops.ttft.p50_ms");
        assertThat(out.get("ops.latency.p50_ms").getValue()).isIn(100.0, 200.0);
    }

    @Test
    void shouldSendUndecodableInteractionsToTheDeadLetterTopicAndKeepCounting() {
        start(OpsMetricsSettings.defaults());
        TestInputTopic<byte[], byte[]> bytes = driver.createInputTopic(Topics.INTERACTIONS,
                new ByteArraySerializer(), new ByteArraySerializer());

        bytes.pipeInput("poison".getBytes(), "{\"not\": \"avro\"}".getBytes(), T0);
        pipe(interaction("after", T0, 100, null).build());
        closeWindowAt(T0.plusSeconds(90));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getReason()).isEqualTo("UNKNOWN_FORMAT");
        assertThat(letter.getStage()).isEqualTo("ops");
        assertThat(letter.getSourceTopic()).isEqualTo(Topics.INTERACTIONS);
        assertThat(letter.getSourceOffset()).isZero();
        assertThat(bySegment(signals.readKeyValuesToList(), SEGMENT).get("ops.request_count").getValue())
                .isEqualTo(1.0);
    }

    @Test
    void shouldRejectInvalidSettingsAtStartup() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpsMetricsSettings(Duration.ZERO,
                Duration.ZERO, 200, 3, List.of("tenant"))).hasMessageContaining("ops.window");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpsMetricsSettings(Duration.ofMinutes(1),
                Duration.ZERO, 200, 3, List.of("region"))).hasMessageContaining("region");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new OpsMetricsSettings(Duration.ofMinutes(1),
                Duration.ZERO, 200, 1, List.of("tenant"))).hasMessageContaining("ops.loop-repeats");
    }

    @Test
    void shouldNameEveryProcessorStoreAndRepartitionTopic() {
        StreamsBuilder builder = new StreamsBuilder();
        OpsMetricsTopology.build(builder, OpsMetricsSettings.defaults(), topics, serdes, CLOCK);
        String description = builder.build().describe().toString();

        // generated names (KSTREAM-MAP-0000000002) change when the topology changes and orphan state on upgrade
        assertThat(description).doesNotContain("KSTREAM-", "KTABLE-")
                .contains("ops-by-segment-repartition", OpsMetricsTopology.WINDOWS_STORE,
                        OpsMetricsTopology.FINAL_BUFFER, "ops-sink-signals");
    }

    /**
     * The estimate must be a value whose rank among the exact values is within epsilon of q: it lies between the
     * exact (q - epsilon) and (q + epsilon) quantiles.
     */
    private static void assertWithinRankError(double[] values, double q, double estimate, double epsilon) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double exact = sorted[(int) Math.ceil(q * n) - 1];
        double low = sorted[Math.max(0, (int) Math.ceil((q - epsilon) * n) - 1)];
        double high = sorted[Math.min(n - 1, (int) Math.ceil((q + epsilon) * n) - 1)];
        assertThat(estimate).as("q=%s exact=%s epsilon=%s", q, exact, epsilon).isBetween(low, high);
    }

    private void pipe(Interaction interaction) {
        interactions.pipeInput(interaction.getInteractionId(), interaction, interaction.getTimestamp());
    }

    /** Advances stream time with an interaction of another segment. */
    private void closeWindowAt(Instant at) {
        pipe(interaction("clock-" + at.toEpochMilli(), at, 1, null).segment("clock").build());
    }

    private static Map<String, Signal> bySegment(List<KeyValue<String, Signal>> out, String segmentId) {
        Map<String, Signal> byName = new HashMap<>();
        out.stream().map(kv -> kv.value).filter(s -> s.getSegment().getId().equals(segmentId))
                .forEach(s -> byName.put(s.getName(), s));
        return byName;
    }

    static ToolCall tool(String name, String arguments, String status) {
        return ToolCall.newBuilder().setName(name).setArguments(arguments).setStatus(status).build();
    }

    static Built interaction(String id, Instant at, long latencyMs, Long ttftMs) {
        return new Built(id, at, latencyMs, ttftMs);
    }

    /** An interaction as enrich leaves it on genaimon.interactions.v1 (features set, no text needed). */
    static final class Built {
        private final Interaction.Builder builder;
        private final Map<String, Double> numeric = new HashMap<>();
        private final Map<String, String> categorical = new HashMap<>();
        private String segment;

        Built(String id, Instant at, long latencyMs, Long ttftMs) {
            builder = Interaction.newBuilder().setInteractionId(id).setTimestamp(at).setTenant("acme")
                    .setApp("support-bot").setModel(new ModelDeployment("azure.ai.openai", "gpt-4o-mini", null, null))
                    .setPromptTemplate(new PromptTemplate("answer", "v3")).setLatencyMs(latencyMs)
                    .setTimeToFirstTokenMs(ttftMs);
            numeric.put("latency_ms", (double) latencyMs);
            if (ttftMs != null) {
                numeric.put("ttft_ms", (double) ttftMs);
            }
            numeric.put("error", 0.0);
        }

        Built usage(long in, long out, double cost) {
            numeric.put("input_tokens", (double) in);
            numeric.put("output_tokens", (double) out);
            numeric.put("cost_usd", cost);
            return this;
        }

        Built status(String errorType, int http) {
            builder.setStatus(new CallStatus("error", http, errorType, "failed"));
            numeric.put("error", 1.0);
            categorical.put("error_type", errorType);
            return this;
        }

        Built tools(ToolCall... calls) {
            builder.setToolCalls(new ArrayList<>(List.of(calls)));
            return this;
        }

        Built segment(String id) {
            segment = id;
            return this;
        }

        Interaction build() {
            builder.setFeatures(new Features(numeric, categorical));
            Interaction interaction = builder.build();
            if (segment != null) {
                interaction.setSafety(SafetyFlags.newBuilder().setInteractionId(interaction.getInteractionId())
                        .setTimestamp(interaction.getTimestamp()).setTenant("acme").setApp("support-bot")
                        .setSegment(new Segment(segment, Map.of("tenant", "acme"))).build());
            }
            return interaction;
        }
    }
}
