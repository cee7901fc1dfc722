package dev.genaimon.processors.metrics;

import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.CallStatus;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.OpsWindow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.TimedInteraction;
import dev.genaimon.schemas.avro.ToolCall;
import dev.genaimon.schemas.avro.TokenUsage;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;

/**
 * Operational counts per segment and window, and the signals they become when the window closes (see
 * docs/metrics-signals.md). {@link #of} turns one interaction into a one-interaction {@link OpsWindow};
 * {@link #merge} adds two; both are pure (inputs are never modified), which keeps the windowed reduce safe to replay
 * under exactly-once.
 */
final class OpsWindows {

    static final int MAX_SAMPLES = 5;
    static final String UNKNOWN_ERROR = "unknown";

    static final String REQUEST_COUNT = "ops.request_count";
    static final String ERROR_RATE = "ops.error_rate";
    static final String ERRORS_BY_TYPE = "ops.errors_by_type";
    static final String THROTTLE_RATE = "ops.throttle_rate";
    static final String TOKENS_IN = "ops.tokens_in";
    static final String TOKENS_OUT = "ops.tokens_out";
    static final String COST = "cost.usd";
    static final String TOOL_ERROR_RATE = "agent.tool_error_rate";
    static final String STEPS_PER_RUN = "agent.steps_per_run";
    static final String TOOL_LOOP_RATE = "agent.tool_loop_rate";

    /**
     * What a window below {@code signals.min-samples} still publishes: counts and sums, which consumers add up over
     * windows (the burn-rate rule sums errors = error rate x request count over up to a day; the absence rule and
     * spend totals need every window), so leaving a small window out would falsify the sum.
     */
    static final java.util.Set<String> ADDITIVE = java.util.Set.of(REQUEST_COUNT, ERROR_RATE, TOKENS_IN, TOKENS_OUT,
            COST);

    private static final int HTTP_TOO_MANY_REQUESTS = 429;

    private OpsWindows() {
    }

    /**
     * The contribution of one interaction. Values come from the enrich features when present (so ops and drift agree,
     * e.g. on estimated tokens and cost), else from the interaction's own fields.
     */
    static OpsWindow of(Interaction interaction, Segments segments, int sketchK, int loopRepeats) {
        Segment segment = interaction.getSafety() != null && interaction.getSafety().getSegment() != null
                ? interaction.getSafety().getSegment() : segments.of(interaction);
        Map<String, Double> numeric = interaction.getFeatures() == null ? Map.of()
                : interaction.getFeatures().getNumeric();
        CallStatus status = interaction.getStatus();
        TokenUsage usage = interaction.getUsage();
        String id = interaction.getInteractionId();
        OpsWindow window = empty(segment);
        window.setInteractions(1);

        boolean error = status != null && "error".equals(status.getCode());
        if (error) {
            String type = status.getErrorType() == null || status.getErrorType().isBlank() ? UNKNOWN_ERROR
                    : status.getErrorType();
            window.setErrors(1);
            window.getErrorsByType().put(type, 1L);
            sample(window, ERROR_RATE, id);
            sample(window, errorTypeSample(type), id);
        }
        if (status != null && status.getHttpStatus() != null && status.getHttpStatus() == HTTP_TOO_MANY_REQUESTS) {
            window.setThrottled(1);
            sample(window, THROTTLE_RATE, id);
        }
        window.setTokensIn(Math.round(number(numeric, "input_tokens",
                usage == null ? null : usage.getInputTokens())));
        window.setTokensOut(Math.round(number(numeric, "output_tokens",
                usage == null ? null : usage.getOutputTokens())));
        window.setCostUsd(number(numeric, "cost_usd", null));

        Double latency = numeric.containsKey("latency_ms") ? numeric.get("latency_ms")
                : interaction.getLatencyMs() == null ? null : interaction.getLatencyMs().doubleValue();
        if (latency != null && !latency.isNaN()) {
            window.setLatency(sketchOf(latency, sketchK));
            window.setSlowest(List.of(new TimedInteraction(id, latency)));
        }
        Double ttft = numeric.containsKey("ttft_ms") ? numeric.get("ttft_ms")
                : interaction.getTimeToFirstTokenMs() == null ? null : interaction.getTimeToFirstTokenMs().doubleValue();
        if (ttft != null && !ttft.isNaN()) {
            window.setTtft(sketchOf(ttft, sketchK));
        }

        List<ToolCall> tools = interaction.getToolCalls() == null ? List.of() : interaction.getToolCalls();
        if (!tools.isEmpty()) {
            long toolErrors = tools.stream().filter(t -> "error".equals(t.getStatus())).count();
            window.setToolInteractions(1);
            window.setToolCalls(tools.size());
            window.setToolErrors(toolErrors);
            if (toolErrors > 0) {
                sample(window, TOOL_ERROR_RATE, id);
            }
            if (isLoop(tools, loopRepeats)) {
                window.setLoops(1);
                sample(window, TOOL_LOOP_RATE, id);
            }
        }
        return window;
    }

    /**
     * True when one call (same tool name and same arguments) occurs {@code repeats} times or more: an agent that keeps
     * asking the same question is stuck. Calls whose arguments were removed (metadata-only tenants) are not compared,
     * since calls with different arguments would look identical.
     */
    static boolean isLoop(List<ToolCall> tools, int repeats) {
        Map<List<String>, Integer> counts = new HashMap<>();
        for (ToolCall tool : tools) {
            if (tool.getArguments() == null) {
                continue;
            }
            // whitespace around JSON arguments is formatting, not a different call
            int n = counts.merge(List.of(tool.getName(), tool.getArguments().strip()), 1, Integer::sum);
            if (n >= repeats) {
                return true;
            }
        }
        return false;
    }

    static OpsWindow merge(OpsWindow a, OpsWindow b) {
        OpsWindow sum = empty(a.getSegment());
        sum.setInteractions(a.getInteractions() + b.getInteractions());
        sum.setErrors(a.getErrors() + b.getErrors());
        a.getErrorsByType().forEach((k, v) -> sum.getErrorsByType().merge(k, v, Long::sum));
        b.getErrorsByType().forEach((k, v) -> sum.getErrorsByType().merge(k, v, Long::sum));
        sum.setThrottled(a.getThrottled() + b.getThrottled());
        sum.setTokensIn(a.getTokensIn() + b.getTokensIn());
        sum.setTokensOut(a.getTokensOut() + b.getTokensOut());
        sum.setCostUsd(a.getCostUsd() + b.getCostUsd());
        sum.setToolInteractions(a.getToolInteractions() + b.getToolInteractions());
        sum.setToolCalls(a.getToolCalls() + b.getToolCalls());
        sum.setToolErrors(a.getToolErrors() + b.getToolErrors());
        sum.setLoops(a.getLoops() + b.getLoops());
        sum.setLatency(mergeSketches(a.getLatency(), b.getLatency()));
        sum.setTtft(mergeSketches(a.getTtft(), b.getTtft()));
        List<TimedInteraction> slowest = new ArrayList<>(a.getSlowest());
        slowest.addAll(b.getSlowest());
        sum.setSlowest(slowest.stream()
                .sorted(Comparator.comparingDouble(TimedInteraction::getLatencyMs).reversed()
                        .thenComparing(TimedInteraction::getInteractionId))
                .limit(MAX_SAMPLES).toList());
        for (OpsWindow side : List.of(a, b)) {
            side.getSampleIds().forEach((signal, ids) -> ids.forEach(id -> sample(sum, signal, id)));
        }
        return sum;
    }

    /**
     * The signals of a closed window. Rates of zero are published too, so an alert on a recovered segment resolves;
     * agent signals only when the window had tool calls, percentiles only when it had latencies.
     */
    static List<Signal> signals(OpsWindow w, Instant start, Instant end, Instant now) {
        return signals(w, start, end, now, 1);
    }

    /**
     * The signals of a closed window; a window with fewer than {@code minSamples} interactions publishes only
     * {@link #ADDITIVE} signals ({@code signals.min-samples}, docs/alerting.md "Signal volume").
     */
    static List<Signal> signals(OpsWindow w, Instant start, Instant end, Instant now, long minSamples) {
        Emitter out = new Emitter(w, start, end, now);
        long n = w.getInteractions();
        out.add(REQUEST_COUNT, n, Map.of(), null);
        out.add(ERROR_RATE, rate(w.getErrors(), n), Map.of(), w.getErrors() + " of " + n + " interactions failed");
        if (n < minSamples) {
            // a percentile or a per-type rate of a handful of requests says little, and at thousands of small
            // segments those windows are most of genaimon.signals.v1; sums stay exact when added over windows
            out.add(TOKENS_IN, w.getTokensIn(), Map.of(), null);
            out.add(TOKENS_OUT, w.getTokensOut(), Map.of(), null);
            out.add(COST, w.getCostUsd(), Map.of(), null);
            return out.signals;
        }
        new TreeMap<>(w.getErrorsByType()).forEach((type, count) -> out.add(ERRORS_BY_TYPE, rate(count, n),
                Map.of("error_type", type), errorTypeSample(type), count + " of " + n + " interactions failed with " + type));
        out.add(THROTTLE_RATE, rate(w.getThrottled(), n), Map.of(),
                w.getThrottled() + " of " + n + " interactions got HTTP 429");
        if (w.getLatency() != null) {
            KllDoublesSketch latency = heapify(w.getLatency());
            List<String> slowest = w.getSlowest().stream().map(TimedInteraction::getInteractionId).toList();
            String note = "slowest: " + String.join(", ", w.getSlowest().stream()
                    .map(t -> t.getInteractionId() + "=" + Math.round(t.getLatencyMs()) + "ms").toList())
                    + "; " + latency.getN() + " latencies";
            out.add("ops.latency.p50_ms", latency.getQuantile(0.50), Map.of(), slowest, note);
            out.add("ops.latency.p95_ms", latency.getQuantile(0.95), Map.of(), slowest, note);
            out.add("ops.latency.p99_ms", latency.getQuantile(0.99), Map.of(), slowest, note);
        }
        if (w.getTtft() != null) {
            KllDoublesSketch ttft = heapify(w.getTtft());
            out.add("ops.ttft.p50_ms", ttft.getQuantile(0.50), Map.of(), null);
            out.add("ops.ttft.p95_ms", ttft.getQuantile(0.95), Map.of(), null);
            out.add("ops.ttft.p99_ms", ttft.getQuantile(0.99), Map.of(), null);
        }
        out.add(TOKENS_IN, w.getTokensIn(), Map.of(), null);
        out.add(TOKENS_OUT, w.getTokensOut(), Map.of(), null);
        out.add(COST, w.getCostUsd(), Map.of(), null);
        if (w.getToolCalls() > 0) {
            out.add(TOOL_ERROR_RATE, rate(w.getToolErrors(), w.getToolCalls()), Map.of(),
                    w.getToolErrors() + " of " + w.getToolCalls() + " tool calls failed");
            out.add(STEPS_PER_RUN, rate(w.getToolCalls(), w.getToolInteractions()), Map.of(),
                    w.getToolCalls() + " tool calls in " + w.getToolInteractions() + " interactions with tool calls");
            out.add(TOOL_LOOP_RATE, rate(w.getLoops(), w.getToolInteractions()), Map.of(),
                    w.getLoops() + " of " + w.getToolInteractions() + " interactions with tool calls looped");
        }
        return out.signals;
    }

    /** Builds the signals of one window; evidence only where there are sample ids to show. */
    private static final class Emitter {
        private final OpsWindow window;
        private final Instant start;
        private final Instant end;
        private final Instant now;
        private final List<Signal> signals = new ArrayList<>();

        Emitter(OpsWindow window, Instant start, Instant end, Instant now) {
            this.window = window;
            this.start = start;
            this.end = end;
            this.now = now;
        }

        void add(String name, double value, Map<String, String> labels, String note) {
            add(name, value, labels, name, note);
        }

        void add(String name, double value, Map<String, String> labels, String sampleKey, String note) {
            add(name, value, labels, window.getSampleIds().getOrDefault(sampleKey, List.of()), note);
        }

        void add(String name, double value, Map<String, String> labels, List<String> samples, String note) {
            signals.add(Signal.newBuilder()
                    .setSegment(window.getSegment())
                    .setName(name)
                    .setWindowStart(start)
                    .setWindowEnd(end)
                    .setValue(value)
                    .setSampleCount(window.getInteractions())
                    .setLabels(labels)
                    .setEvidence(samples.isEmpty() ? null : Evidence.newBuilder().setInteractionIds(samples)
                            .setWindowStart(start).setWindowEnd(end).setNote(note).build())
                    .setEmittedAt(now)
                    .build());
        }
    }

    static KllDoublesSketch heapify(ByteBuffer bytes) {
        return KllDoublesSketch.heapify(Memory.wrap(bytesOf(bytes)));
    }

    private static ByteBuffer sketchOf(double value, int k) {
        KllDoublesSketch sketch = KllDoublesSketch.newHeapInstance(k);
        sketch.update(value);
        return ByteBuffer.wrap(sketch.toByteArray());
    }

    private static ByteBuffer mergeSketches(ByteBuffer a, ByteBuffer b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        KllDoublesSketch merged = heapify(a);
        merged.merge(heapify(b));
        return ByteBuffer.wrap(merged.toByteArray());
    }

    private static byte[] bytesOf(ByteBuffer buffer) {
        ByteBuffer view = buffer.duplicate(); // never move the position of a buffer Avro may still read
        byte[] out = new byte[view.remaining()];
        view.get(out);
        return out;
    }

    private static double number(Map<String, Double> numeric, String feature, Long fallback) {
        Double value = numeric.get(feature);
        if (value != null && !value.isNaN()) {
            return value;
        }
        return fallback == null ? 0.0 : fallback;
    }

    private static double rate(long count, long total) {
        return total == 0 ? 0.0 : (double) count / total;
    }

    private static String errorTypeSample(String type) {
        return ERRORS_BY_TYPE + "/" + type;
    }

    private static OpsWindow empty(Segment segment) {
        return OpsWindow.newBuilder().setSegment(segment)
                .setErrorsByType(new HashMap<>()).setSlowest(new ArrayList<>()).setSampleIds(new HashMap<>()).build();
    }

    private static void sample(OpsWindow window, String signal, String id) {
        List<String> ids = window.getSampleIds().computeIfAbsent(signal, s -> new ArrayList<>());
        if (ids.size() < MAX_SAMPLES && !ids.contains(id)) {
            ids.add(id);
        }
    }
}
