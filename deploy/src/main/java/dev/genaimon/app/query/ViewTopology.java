package dev.genaimon.app.query;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.BaselineProfile;
import dev.genaimon.schemas.avro.DeadLetter;
import dev.genaimon.schemas.avro.DriftReport;
import dev.genaimon.schemas.avro.SegmentIndexEntry;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.avro.SignalView;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The view stage: materializes what the query API and the dashboard show — the latest value and recent series of
 * every signal per segment, a segment index, the current state of every alert, the latest drift report per segment,
 * the baselines, and dead-letter counts and recent reasons — in named, queryable state stores
 * ({@link ViewStores}). Signals are repartitioned by segment id so that one instance owns all signals of a segment.
 */
public final class ViewTopology {

    static final String SIGNALS_REPARTITION = "view-signals-by-segment";

    private ViewTopology() {
    }

    public static void build(StreamsBuilder builder, ViewSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock, ViewObserver observer) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(store(ViewStores.SIGNALS, serdes.valueSerde(SignalView.class)));
        // cached: the index entry of a segment is rewritten by each emitter's burst of signals of a window, and the
        // record cache turns those into one store write and one changelog record per commit
        builder.addStateStore(store(ViewStores.SEGMENTS, serdes.valueSerde(SegmentIndexEntry.class))
                .withCachingEnabled());
        builder.addStateStore(store(ViewStores.ALERTS, topics.alerts().value()));
        builder.addStateStore(store(ViewStores.DRIFT, topics.driftReports().value()));
        builder.addStateStore(store(ViewStores.BASELINES, topics.baselines().value()));
        builder.addStateStore(store(ViewStores.DLQ_COUNTS, Serdes.Long()));
        builder.addStateStore(store(ViewStores.DLQ_RECENT, topics.dlq().value()));

        // re-keyed by segment from the record key (<segment>/<name>): the value bytes go through the repartition
        // topic as they came and are decoded once, after it
        String signalTopic = topics.signals().name();
        Serde<Signal> signalSerde = topics.signals().value();
        builder.stream(signalTopic, Consumed.with(keys, Serdes.ByteArray()).withName("view-source-signals"))
                .process(() -> new SignalRekey(signalSerde.deserializer(), signalTopic),
                        Named.as("view-key-signals-by-segment"))
                .repartition(Repartitioned.<String, byte[]>as(SIGNALS_REPARTITION)
                        .withKeySerde(keys).withValueSerde(Serdes.ByteArray()))
                .process(() -> new SignalViewProcessor(settings, observer, signalSerde.deserializer(), signalTopic),
                        Named.as("view-signals"), ViewStores.SIGNALS, ViewStores.SEGMENTS);

        builder.stream(topics.alerts().name(), Consumed.with(keys, topics.alerts().value()).withName("view-source-alerts"))
                .process(() -> new LatestProcessor<String, AlertEvent>(ViewStores.ALERTS,
                                (key, alert) -> key != null ? key : alert.getFingerprint(),
                                (older, newer) -> !newer.getTransitionAt().isBefore(older.getTransitionAt()),
                                alert -> alert, observer::alert),
                        Named.as("view-alerts"), ViewStores.ALERTS);

        builder.stream(topics.driftReports().name(),
                        Consumed.with(keys, topics.driftReports().value()).withName("view-source-drift"))
                .process(() -> new LatestProcessor<String, DriftReport>(ViewStores.DRIFT,
                                (key, report) -> key != null ? key : report.getSegment().getId(),
                                (older, newer) -> !newer.getWindowEnd().isBefore(older.getWindowEnd()),
                                report -> report, report -> { }),
                        Named.as("view-drift"), ViewStores.DRIFT);

        builder.stream(topics.baselines().name(),
                        Consumed.with(keys, topics.baselines().value()).withName("view-source-baselines"))
                .process(() -> new LatestProcessor<String, BaselineProfile>(ViewStores.BASELINES,
                                (key, baseline) -> baseline.getBaselineId(), (older, newer) -> true,
                                ViewTopology::withoutBytes, baseline -> { }),
                        Named.as("view-baselines"), ViewStores.BASELINES);

        builder.stream(topics.dlq().name(), Consumed.with(keys, topics.dlq().value()).withName("view-source-dlq"))
                .process(() -> new DeadLetterViewProcessor(settings, observer), Named.as("view-dlq"),
                        ViewStores.DLQ_COUNTS, ViewStores.DLQ_RECENT);

        builder.stream(topics.safetyFlags().name(),
                        Consumed.with(keys, topics.safetyFlags().value()).withName("view-source-safety"))
                .foreach((key, flags) -> {
                    if (flags != null) {
                        observer.safetyFlags(flags);
                    }
                }, Named.as("view-safety-metrics"));
    }

    private static <V> StoreBuilder<KeyValueStore<String, V>> store(String name, Serde<V> values) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), Serdes.String(), values);
    }

    /** Baselines carry sketches and embedding vectors (megabytes); the view shows their metadata only. */
    static BaselineProfile withoutBytes(BaselineProfile baseline) {
        BaselineProfile copy = BaselineProfile.newBuilder(baseline).build();
        copy.getFeatures().forEach(f -> f.setSketch(java.nio.ByteBuffer.allocate(0)));
        if (copy.getEmbeddings() != null) {
            copy.getEmbeddings().setVectors(java.nio.ByteBuffer.allocate(0));
        }
        return copy;
    }
}
