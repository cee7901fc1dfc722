package dev.genaimon.alerting.state;

import dev.genaimon.alerting.retrain.RetrainTriggers;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.AlertState;
import dev.genaimon.schemas.avro.Signal;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The alerting stage. Reads {@code genaimon.signals.v1}, drops the signals no rule reads and repartitions the rest by
 * segment id, both decided from the record key without decoding the value (so every signal of a segment, and so
 * every fingerprint, is evaluated by one task), runs the alert state machine of every rule in a changelogged
 * store, and publishes transitions to firing and resolved as {@code AlertEvent}s to {@code genaimon.alerts.v1}
 * keyed by fingerprint. Alerts of rules with {@code retrain: true} feed {@link RetrainTriggers}.
 *
 * <p>Names (stable across upgrades): repartition topic {@value #REPARTITION}, store {@value #STATES_STORE};
 * processors are prefixed {@code alert-}.
 */
public final class AlertTopology {

    public static final String REPARTITION = "alert-by-segment";
    /** Key-value store: fingerprint → {@code AlertState}. */
    public static final String STATES_STORE = "alert-states";

    private AlertTopology() {
    }

    /**
     * @param settings rules (read per record: hot reload), absence-check interval, deployment label
     * @param clock    stamps {@code createdAt} of retraining triggers; alert times are event times of the signals
     *                 (window ends) or, for absence, the stream's wall clock
     */
    public static void build(StreamsBuilder builder, AlertSettings settings, Topics topics, AvroSerdes serdes,
                             Clock clock) {
        Serde<String> keys = Serdes.String();
        Serde<Signal> signalSerde = topics.signals().value();
        // cached: a burn-rate alert is written by both of its signals (error rate and request count) of each
        // window, which arrive together; the record cache makes that one store write and changelog record per commit
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATES_STORE), keys,
                serdes.valueSerde(AlertState.class)).withCachingEnabled());

        // signals no rule reads are dropped, and the rest re-keyed by segment, from the record key: the value
        // bytes go to the repartition topic as they came (the same Avro encoding) and are decoded once, after it
        String topic = topics.signals().name();
        KStream<String, AlertEvent> transitions = builder.stream(topic,
                        Consumed.with(keys, Serdes.ByteArray()).withName("alert-source"))
                .process(() -> new SignalSelect(new RuleIndex(settings.rules()), signalSerde::deserializer, topic),
                        Named.as("alert-select"))
                .repartition(Repartitioned.with(keys, Serdes.ByteArray()).withName(REPARTITION))
                .process(() -> new AlertProcessor(settings.rules(), settings.absenceCheckInterval(),
                                signalSerde.deserializer(), topic),
                        Named.as("alert-evaluate"), STATES_STORE);
        transitions.to(topics.alerts().name(),
                Produced.with(keys, topics.alerts().value()).withName("alert-sink-alerts"));
        RetrainTriggers.build(builder, transitions, settings, topics, serdes, clock);
    }
}
