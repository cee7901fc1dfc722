package dev.genaimon.processors.eval;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.processors.InteractionEventTime;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.DriftedSegment;
import dev.genaimon.schemas.avro.EvaluationRequest;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.SafetyFlags;
import dev.genaimon.schemas.avro.SamplerBudget;
import dev.genaimon.schemas.avro.Segment;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The eval sampler. Reads {@code genaimon.interactions.v1} and picks the interactions the evaluation worker scores,
 * writing an {@link EvaluationRequest} (with the reasons) to {@code genaimon.eval-requests.v1}, keyed by interaction id.
 *
 * <p>The decision is deterministic: an interaction is sampled when {@link SampleHash#unit(String)} of its id is below
 * its segment's rate (per-segment overrides), multiplied by {@code safetyBoost} when enrich flagged it and by
 * {@code driftBoost} when a {@code drift.<feature>.detected} (or {@code skew.…}) signal of its segment currently says 1;
 * interactions carrying {@code groundTruth} are always sampled. At most {@code maxPerMinute} per segment and event-time
 * minute are sampled (ground truth excepted). Negatively rated interactions are requested by the feedback join.
 *
 * <p>Only candidates (below the largest possible boosted rate) are repartitioned by segment (topic
 * {@value #REPARTITION}) to meet the drift table and the per-segment cap; the rest never leave the source partition.
 * Names: drift repartition {@value #DRIFT_REPARTITION}, table {@value #DRIFTED_STORE}, cap store
 * {@value #BUDGET_STORE}; processors are prefixed {@code eval-sampler-}.
 */
public final class EvalSamplerTopology {

    public static final String REPARTITION = "eval-sampler-by-segment";
    public static final String DRIFT_REPARTITION = "eval-sampler-drift-by-segment";
    /** Table of the segments that currently drift (value {@link DriftedSegment}). */
    public static final String DRIFTED_STORE = "eval-sampler-drifted-segments";
    /** Per segment: sampled this event-time minute (value {@link SamplerBudget}). */
    public static final String BUDGET_STORE = "eval-sampler-budget";

    public static final String REASON_BASE_RATE = "base_rate";
    public static final String REASON_SAFETY = "safety_flag";
    public static final String REASON_DRIFT = "drifted_segment";
    public static final String REASON_GROUND_TRUTH = "ground_truth";
    public static final String REASON_NEGATIVE_FEEDBACK = "negative_feedback";

    private static final Pattern DRIFT_DETECTED = Pattern.compile("^(drift|skew)\\..+\\.detected$");

    private EvalSamplerTopology() {
    }

    /**
     * Adds the stage to {@code builder}. Undecodable input goes to the dead-letter topic through the application's
     * {@code DeadLetterHandler}; tombstones are skipped.
     *
     * @param clock stamps {@code requestedAt}; the decision itself is a function of the input
     */
    public static void build(StreamsBuilder builder, EvalSamplerSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<Interaction> interactionSerde = topics.interactions().value();
        Serde<DriftedSegment> driftedSerde = serdes.valueSerde(DriftedSegment.class);
        Segments segments = new Segments(settings.segmentDimensions());

        KTable<String, DriftedSegment> drifted = builder.stream(topics.signals().name(),
                        Consumed.with(keys, topics.signals().value()).withName("eval-sampler-signals-source"))
                .filter((key, signal) -> signal != null && DRIFT_DETECTED.matcher(signal.getName()).matches(),
                        Named.as("eval-sampler-drift-signals"))
                .selectKey((key, signal) -> signal.getSegment().getId(), Named.as("eval-sampler-drift-by-segment-key"))
                .groupByKey(Grouped.with(DRIFT_REPARTITION, keys, topics.signals().value()))
                .aggregate(() -> new DriftedSegment(List.of(), Instant.EPOCH),
                        (segmentId, signal, state) -> update(state, signal),
                        Named.as("eval-sampler-drift-table"),
                        Materialized.<String, DriftedSegment, KeyValueStore<Bytes, byte[]>>as(DRIFTED_STORE)
                                .withKeySerde(keys).withValueSerde(driftedSerde));

        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUDGET_STORE), keys,
                serdes.valueSerde(SamplerBudget.class)));

        EventTimeGuard.guard(builder.stream(topics.interactions().name(), Consumed.with(keys, interactionSerde)
                        .withTimestampExtractor(new InteractionEventTime()).withName("eval-sampler-source")), "eval-sampler", clock)
                .filter((id, interaction) -> interaction != null && candidate(interaction, settings, segments),
                        Named.as("eval-sampler-candidates"))
                .selectKey((id, interaction) -> segmentOf(interaction, segments).getId(),
                        Named.as("eval-sampler-segment-key"))
                .repartition(Repartitioned.with(keys, interactionSerde).withName(REPARTITION))
                .leftJoin(drifted, (interaction, drift) -> new Candidate(interaction,
                                drift != null && !drift.getFeatures().isEmpty()),
                        Joined.<String, Interaction, DriftedSegment>as("eval-sampler-drift-join")
                                .withKeySerde(keys).withValueSerde(interactionSerde))
                .process(() -> new Decide(settings, segments, clock), Named.as("eval-sampler-decide"), BUDGET_STORE)
                .to(topics.evalRequests().name(), Produced.with(keys, topics.evalRequests().value())
                        .withName("eval-sampler-sink"));
    }

    /**
     * Whether an interaction can be sampled at all: it carries ground truth, or its coin is below the highest rate it
     * could get — the segment's rate, times the safety boost when it is flagged (known here), times the drift boost
     * (the drift table is only known after the repartition). Only candidates are repartitioned; with the defaults
     * (rate 0.05, both boosts 4) that is 20 % of the unflagged interactions, not the 80 % a bound that assumes every
     * interaction flagged would send. {@link Decide} takes the same decision for every candidate either way.
     */
    static boolean candidate(Interaction interaction, EvalSamplerSettings settings, Segments segments) {
        if (hasGroundTruth(interaction)) {
            return true;
        }
        double bound = settings.rateFor(segmentOf(interaction, segments).getId()) * settings.driftBoost()
                * (safetyFlagged(interaction) ? settings.safetyBoost() : 1.0);
        return SampleHash.unit(interaction.getInteractionId()) < bound;
    }

    static DriftedSegment update(DriftedSegment state, Signal signal) {
        TreeSet<String> features = new TreeSet<>(state.getFeatures());
        if (signal.getValue() >= 1.0) {
            features.add(signal.getName());
        } else {
            features.remove(signal.getName());
        }
        Instant at = signal.getWindowEnd().isAfter(state.getUpdatedAt()) ? signal.getWindowEnd() : state.getUpdatedAt();
        return new DriftedSegment(new ArrayList<>(features), at);
    }

    static Segment segmentOf(Interaction interaction, Segments segments) {
        return interaction.getSafety() != null && interaction.getSafety().getSegment() != null
                ? interaction.getSafety().getSegment() : segments.of(interaction);
    }

    static boolean hasGroundTruth(Interaction interaction) {
        return interaction.getGroundTruth() != null && !interaction.getGroundTruth().isBlank();
    }

    /**
     * Flagged: a prompt attack, a harm category of severity 2 or more, harmful compliance of 0.5 or more, or a
     * refusal — interactions whose quality most likely deserves a look. PII alone is not a flag (it is redacted).
     */
    static boolean safetyFlagged(Interaction interaction) {
        SafetyFlags safety = interaction.getSafety();
        if (safety == null) {
            return false;
        }
        return (safety.getAttack() != null && safety.getAttack().getDetected())
                || safety.getHarm().values().stream().anyMatch(severity -> severity != null && severity >= 2)
                || (safety.getHarmfulCompliance() != null && safety.getHarmfulCompliance() >= 0.5)
                || safety.getRefusal();
    }

    /** An interaction after the drift lookup; lives only inside one sub-topology (never serialized). */
    record Candidate(Interaction interaction, boolean drifted) {
    }

    /** The final decision and the per-segment, per-minute cap. */
    static final class Decide implements Processor<String, Candidate, String, EvaluationRequest> {

        private final EvalSamplerSettings settings;
        private final Segments segments;
        private final Clock clock;
        private ProcessorContext<String, EvaluationRequest> context;
        private KeyValueStore<String, SamplerBudget> budgets;

        Decide(EvalSamplerSettings settings, Segments segments, Clock clock) {
            this.settings = settings;
            this.segments = segments;
            this.clock = clock;
        }

        @Override
        public void init(ProcessorContext<String, EvaluationRequest> context) {
            this.context = context;
            this.budgets = context.getStateStore(BUDGET_STORE);
        }

        @Override
        public void process(Record<String, Candidate> record) {
            Interaction interaction = record.value().interaction();
            Segment segment = segmentOf(interaction, segments);
            String segmentId = segment.getId();
            double coin = SampleHash.unit(interaction.getInteractionId());
            double base = settings.rateFor(segmentId);
            boolean flagged = safetyFlagged(interaction);
            boolean drifted = record.value().drifted();
            double effective = Math.min(1.0, base * (flagged ? settings.safetyBoost() : 1.0)
                    * (drifted ? settings.driftBoost() : 1.0));
            boolean groundTruth = hasGroundTruth(interaction);

            List<String> reasons = new ArrayList<>();
            if (coin < base) {
                reasons.add(REASON_BASE_RATE);
            }
            if (coin < effective && flagged) {
                reasons.add(REASON_SAFETY);
            }
            if (coin < effective && drifted) {
                reasons.add(REASON_DRIFT);
            }
            if (groundTruth) {
                reasons.add(REASON_GROUND_TRUTH);
            }
            if (reasons.isEmpty()) {
                return;
            }

            long minute = Math.floorDiv(record.timestamp(), 60_000L);
            SamplerBudget budget = budgets.get(segmentId);
            if (budget == null || minute > budget.getMinute()) {
                budget = new SamplerBudget(minute, 0L, 0L);
            }
            int cap = settings.maxPerMinuteFor(segmentId);
            if (!groundTruth && cap > 0 && budget.getSampled() >= cap) {
                budget.setCapped(budget.getCapped() + 1);
                budgets.put(segmentId, budget);
                return;
            }
            budget.setSampled(budget.getSampled() + 1);
            budgets.put(segmentId, budget);

            EvaluationRequest request = EvaluationRequest.newBuilder()
                    .setInteractionId(interaction.getInteractionId())
                    .setRequestedAt(clock.instant())
                    .setSegment(segment)
                    .setReasons(reasons)
                    .setEvaluators(List.of())
                    .setInteraction(interaction)
                    .build();
            context.forward(record.withKey(interaction.getInteractionId()).withValue(request));
        }
    }
}
