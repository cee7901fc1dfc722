package dev.genaimon.processors.drift;

import dev.genaimon.processors.EventTimeGuard;
import dev.genaimon.processors.InteractionEventTime;
import dev.genaimon.processors.segment.Segments;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeploymentEvent;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.DriftStreak;
import dev.genaimon.schemas.avro.FeatureRow;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.SegmentWindowProfile;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.serde.InteractionProjections;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Suppressed;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The drift and skew stage. Reads {@code genaimon.interactions.v1} (enriched, with features) and the compacted
 * {@code genaimon.baselines.v1}; per segment and event-time window profiles every feature (KLL for numeric, frequent
 * items for categorical), pre-aggregated in memory per task ({@link PreAggregator}, flushed before every commit) and
 * merged across partitions by repartitioning the partial profiles on the segment id; when a window closes (final
 * results only) compares it with the segment's active baseline (or the one the newest {@code DeploymentEvent} of its
 * deployment activates, see {@link Deployments}), or else its trailing windows; writes one
 * {@link DriftReport} per segment-window to {@code genaimon.drift-reports.v1} and {@code drift.<feature>.psi} /
 * {@code drift.<feature>.detected} signals ({@code skew.} against evaluation baselines) to {@code genaimon.signals.v1}.
 *
 * <p>Names (stable across upgrades): repartition topic {@value #REPARTITION}, stores {@value #PROFILES_STORE} (window
 * store), {@value #TRAILING_STORE}, {@value #STREAKS_STORE}, {@value #PRE_AGGREGATE_STORE} (unlogged commit hook,
 * holds no data), global stores {@value #BASELINES_STORE} and {@value #DEPLOYMENTS_STORE}; processors are all prefixed {@code drift-}.
 */
public final class DriftTopology {

    /**
     * Repartition topic of the per-task partial profiles (v2; v1's {@code drift-by-segment} carried one
     * {@link FeatureRow} per interaction).
     */
    public static final String REPARTITION = "drift-partials-by-segment";
    /** Unlogged in-memory hook store through which the pre-aggregator flushes before each commit. */
    public static final String PRE_AGGREGATE_STORE = "drift-pre-aggregates";
    /** Window store: the open windows' profiles, kept for the configured retention. */
    public static final String PROFILES_STORE = "drift-window-profiles";
    /** Key-value store: the newest N closed window profiles per segment (key: segment id, NUL, zero-padded start). */
    public static final String TRAILING_STORE = "drift-trailing-profiles";
    /** Key-value store: the drift streak per segment and feature (key: segment id, NUL, feature). */
    public static final String STREAKS_STORE = "drift-streaks";
    /** Global store of the baselines topic. */
    public static final String BASELINES_STORE = "drift-baselines";
    /** Global store of the deployments topic: the newest {@code DeploymentEvent} per deployment. */
    public static final String DEPLOYMENTS_STORE = "drift-deployments";

    /** What one closed segment-window produced; passed between processors in memory only. */
    record WindowResult(DriftReport report, List<Signal> signals) {
    }

    private DriftTopology() {
    }

    /**
     * Adds the stage to {@code builder}.
     *
     * @param settings windows, reference and verdict settings (validated by the record)
     * @param topics   the topic catalog (interactions, baselines, drift reports, signals)
     * @param serdes   serdes of the Avro store values
     * @param clock    stamps {@code createdAt} of reports and {@code emittedAt} of signals; all other outputs are
     *                 functions of the input and the state, so exactly-once replays give the same results
     */
    public static void build(StreamsBuilder builder, DriftTopologySettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<SegmentWindowProfile> profileSerde = serdes.valueSerde(SegmentWindowProfile.class);
        Segments segments = new Segments(settings.segmentDimensions());

        builder.globalTable(topics.baselines().name(),
                Consumed.with(keys, topics.baselines().value()).withName("drift-baselines-source"),
                Materialized.<String, BaselineProfile, KeyValueStore<Bytes, byte[]>>as(BASELINES_STORE)
                        .withKeySerde(keys).withValueSerde(topics.baselines().value()));
        builder.globalTable(topics.deployments().name(),
                Consumed.with(keys, topics.deployments().value()).withName("drift-deployments-source"),
                Materialized.<String, DeploymentEvent, KeyValueStore<Bytes, byte[]>>as(DEPLOYMENTS_STORE)
                        .withKeySerde(keys).withValueSerde(topics.deployments().value()));
        builder.addStateStore(PreAggregateStore.builder(PRE_AGGREGATE_STORE));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(TRAILING_STORE), keys,
                profileSerde));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STREAKS_STORE), keys,
                serdes.valueSerde(DriftStreak.class)));

        TimeWindows windows = TimeWindows.ofSizeAndGrace(settings.window(), settings.grace())
                .advanceBy(settings.advance());
        KStream<String, WindowResult> results = EventTimeGuard.guard(builder
                .stream(topics.interactions().name(), Consumed.with(keys, InteractionProjections.withoutTexts(serdes))
                        .withTimestampExtractor(new InteractionEventTime()).withName("drift-source")), "drift", clock)
                .mapValues(interaction -> WindowProfiles.row(interaction, segments), Named.as("drift-features"))
                .filter((id, row) -> row != null, Named.as("drift-skip-unenriched"))
                .process(() -> new PreAggregator(PRE_AGGREGATE_STORE, settings), Named.as("drift-pre-aggregate"),
                        PRE_AGGREGATE_STORE)
                .groupByKey(Grouped.with(REPARTITION, keys, profileSerde))
                .windowedBy(windows)
                .aggregate(WindowProfiles::empty, (segment, partial, profile) -> WindowProfiles.addPartial(partial, profile),
                        Named.as("drift-profile"),
                        Materialized.<String, SegmentWindowProfile, WindowStore<Bytes, byte[]>>as(PROFILES_STORE)
                                .withKeySerde(keys).withValueSerde(profileSerde).withRetention(settings.retention()))
                .suppress(Suppressed.<Windowed<String>>untilWindowCloses(Suppressed.BufferConfig.unbounded())
                        .withName("drift-final-profiles"))
                .toStream(Named.as("drift-closed-windows"))
                .process(() -> new DriftComparer(settings, clock), Named.as("drift-compare"), TRAILING_STORE,
                        STREAKS_STORE);

        results.mapValues(WindowResult::report, Named.as("drift-report"))
                .to(topics.driftReports().name(),
                        Produced.with(keys, topics.driftReports().value()).withName("drift-sink-reports"));
        results.flatMap((segmentId, result) -> result.signals().stream()
                        .map(s -> KeyValue.pair(segmentId + "/" + s.getName(), s)).toList(), Named.as("drift-signals"))
                .to(topics.signals().name(),
                        Produced.with(keys, topics.signals().value()).withName("drift-sink-signals"));
    }
}
