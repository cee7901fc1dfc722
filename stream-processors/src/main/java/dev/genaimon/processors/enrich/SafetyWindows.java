package dev.genaimon.processors.enrich;

import dev.genaimon.schemas.avro.PiiFinding;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.SafetyWindow;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.Evidence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Safety counts per segment and window, and the rate signals they become when the window closes:
 * {@code safety.injection.rate} (prompt attacks: jailbreak or injection), {@code safety.pii.rate},
 * {@code safety.pii_in_response.rate}, {@code safety.pii.<type>.rate}, {@code safety.harm.rate},
 * {@code safety.harm.<category>.rate} (severity &ge; 4), {@code safety.harmful_compliance.rate},
 * {@code safety.refusal.rate}. Each signal carries the window's interaction count and a few sample ids.
 */
final class SafetyWindows {

    static final int MAX_SAMPLES = 5;

    private SafetyWindows() {
    }

    /** The counts of one interaction, ready to be summed into a window. */
    static SafetyWindow of(SafetyFlags flags, double harmfulComplianceThreshold) {
        SafetyWindow window = empty(flags.getSegment());
        window.setTotal(1);
        String id = flags.getInteractionId();
        if (flags.getAttack() != null && flags.getAttack().getDetected()) {
            window.setAttacks(1);
            sample(window, "safety.injection.rate", id);
        }
        Set<String> types = new TreeSet<>();
        boolean inResponse = false;
        for (PiiFinding finding : flags.getPii()) {
            types.add(finding.getType());
            inResponse |= "response".equals(finding.getLocation());
        }
        if (!types.isEmpty()) {
            window.setPiiAny(1);
            sample(window, "safety.pii.rate", id);
            for (String type : types) {
                window.getPiiByType().put(type, 1L);
                sample(window, piiSignal(type), id);
            }
        }
        if (inResponse) {
            window.setPiiInResponse(1);
            sample(window, "safety.pii_in_response.rate", id);
        }
        boolean anyHarm = false;
        int worstHarm = 0;
        for (Map.Entry<String, Integer> harm : flags.getHarm().entrySet()) {
            worstHarm = Math.max(worstHarm, harm.getValue());
            if (harm.getValue() >= InteractionAnalyzer.HARM_SIGNAL_SEVERITY) {
                anyHarm = true;
                window.getHarmByCategory().put(harm.getKey(), 1L);
                sample(window, "safety.harm." + harm.getKey() + ".rate", id);
            }
        }
        if (anyHarm) {
            window.setHarmAny(1);
            sample(window, "safety.harm.rate", id);
        }
        // the compliance score says "answered rather than refused"; it is *harmful* compliance only when the request
        // was an attack or harm is present (every helpful answer to a benign question scores ~0.7 on its own)
        boolean risky = worstHarm >= 2 || (flags.getAttack() != null && flags.getAttack().getDetected());
        if (risky && flags.getHarmfulCompliance() != null
                && flags.getHarmfulCompliance() >= harmfulComplianceThreshold) {
            window.setHarmfulCompliance(1);
            sample(window, "safety.harmful_compliance.rate", id);
        }
        if (flags.getRefusal()) {
            window.setRefusals(1);
            sample(window, "safety.refusal.rate", id);
        }
        return window;
    }

    static SafetyWindow merge(SafetyWindow a, SafetyWindow b) {
        SafetyWindow sum = empty(a.getSegment());
        sum.setTotal(a.getTotal() + b.getTotal());
        sum.setAttacks(a.getAttacks() + b.getAttacks());
        sum.setPiiAny(a.getPiiAny() + b.getPiiAny());
        sum.setPiiInResponse(a.getPiiInResponse() + b.getPiiInResponse());
        sum.setHarmAny(a.getHarmAny() + b.getHarmAny());
        sum.setHarmfulCompliance(a.getHarmfulCompliance() + b.getHarmfulCompliance());
        sum.setRefusals(a.getRefusals() + b.getRefusals());
        a.getPiiByType().forEach((k, v) -> sum.getPiiByType().merge(k, v, Long::sum));
        b.getPiiByType().forEach((k, v) -> sum.getPiiByType().merge(k, v, Long::sum));
        a.getHarmByCategory().forEach((k, v) -> sum.getHarmByCategory().merge(k, v, Long::sum));
        b.getHarmByCategory().forEach((k, v) -> sum.getHarmByCategory().merge(k, v, Long::sum));
        for (SafetyWindow side : List.of(a, b)) {
            side.getSampleIds().forEach((signal, ids) -> ids.forEach(id -> sample(sum, signal, id)));
        }
        return sum;
    }

    /** The rate signals of a closed window. Rates of zero are published too: a recovered segment must say so. */
    static List<Signal> signals(SafetyWindow window, Instant start, Instant end, Instant now) {
        return signals(window, start, end, now, 1);
    }

    /**
     * As above, but a window with fewer than {@code minSamples} interactions publishes nothing: every safety signal
     * is a rate, and a rate of a handful of interactions is noise that rules with {@code min_samples} ignore
     * ({@code signals.min-samples}, docs/alerting.md "Signal volume"). The flags themselves are on
     * {@code genaimon.safety-flags.v1} either way.
     */
    static List<Signal> signals(SafetyWindow window, Instant start, Instant end, Instant now, long minSamples) {
        if (window.getTotal() < minSamples) {
            return List.of();
        }
        List<Signal> signals = new ArrayList<>();
        add(signals, window, "safety.injection.rate", window.getAttacks(), start, end, now, Map.of());
        add(signals, window, "safety.pii.rate", window.getPiiAny(), start, end, now, Map.of());
        add(signals, window, "safety.pii_in_response.rate", window.getPiiInResponse(), start, end, now, Map.of());
        window.getPiiByType().forEach((type, count) ->
                add(signals, window, piiSignal(type), count, start, end, now, Map.of("pii_type", type)));
        add(signals, window, "safety.harm.rate", window.getHarmAny(), start, end, now, Map.of());
        window.getHarmByCategory().forEach((category, count) -> add(signals, window,
                "safety.harm." + category + ".rate", count, start, end, now, Map.of("category", category)));
        add(signals, window, "safety.harmful_compliance.rate", window.getHarmfulCompliance(), start, end, now, Map.of());
        add(signals, window, "safety.refusal.rate", window.getRefusals(), start, end, now, Map.of());
        return signals;
    }

    private static void add(List<Signal> signals, SafetyWindow window, String name, long count, Instant start,
                            Instant end, Instant now, Map<String, String> labels) {
        List<String> samples = window.getSampleIds().getOrDefault(name, List.of());
        signals.add(Signal.newBuilder()
                .setSegment(window.getSegment())
                .setName(name)
                .setWindowStart(start)
                .setWindowEnd(end)
                .setValue(window.getTotal() == 0 ? 0.0 : (double) count / window.getTotal())
                .setSampleCount(window.getTotal())
                .setLabels(labels)
                .setEvidence(samples.isEmpty() ? null : Evidence.newBuilder().setInteractionIds(samples)
                        .setWindowStart(start).setWindowEnd(end)
                        .setNote(count + " of " + window.getTotal() + " interactions").build())
                .setEmittedAt(now)
                .build());
    }

    static String piiSignal(String type) {
        return "safety.pii." + type.toLowerCase(Locale.ROOT) + ".rate";
    }

    private static SafetyWindow empty(Segment segment) {
        return SafetyWindow.newBuilder().setSegment(segment).setPiiByType(new HashMap<>())
                .setHarmByCategory(new HashMap<>()).setSampleIds(new HashMap<>()).build();
    }

    private static void sample(SafetyWindow window, String signal, String id) {
        List<String> ids = window.getSampleIds().computeIfAbsent(signal, s -> new ArrayList<>());
        if (ids.size() < MAX_SAMPLES && !ids.contains(id)) {
            ids.add(id);
        }
    }
}
