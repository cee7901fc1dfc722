package dev.genaimon.alerting.retrain;

import dev.genaimon.alerting.state.AlertSettings;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.RetrainCause;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import java.time.Clock;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * Retraining triggers: alerts of rules with {@code retrain: true} are repartitioned by (model deployment, cause), so
 * all alerts of one cause meet in one task whatever their segment, and a changelogged store keeps the cooldown and
 * hysteresis of each cause: one {@code RetrainingTrigger} per firing episode and cooldown, across restarts and
 * rebalances (exactly-once processing makes the store update and the trigger one transaction).
 *
 * <p>Names: repartition topic {@value #REPARTITION}, store {@value #CAUSES_STORE}; processors prefixed
 * {@code retrain-}.
 */
public final class RetrainTriggers {

    public static final String REPARTITION = "retrain-by-cause";
    /** Key-value store: {@code <deployment>|<cause>} → {@code RetrainCause}. */
    public static final String CAUSES_STORE = "retrain-causes";

    private RetrainTriggers() {
    }

    /** Adds the triggers to the alert transitions of {@code AlertTopology}. */
    public static void build(StreamsBuilder builder, KStream<String, AlertEvent> transitions, AlertSettings settings,
                             Topics topics, AvroSerdes serdes, Clock clock) {
        Serde<String> keys = Serdes.String();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(CAUSES_STORE), keys,
                serdes.valueSerde(RetrainCause.class)));
        String label = settings.deploymentLabel();
        transitions.filter((fingerprint, alert) -> alert.getRetrain(), Named.as("retrain-only-retrain-rules"))
                .selectKey((fingerprint, alert) -> Causes.key(Causes.deployment(alert, label), Causes.cause(alert)),
                        Named.as("retrain-key-by-cause"))
                .repartition(Repartitioned.with(keys, topics.alerts().value()).withName(REPARTITION))
                .process(() -> new RetrainProcessor(settings.rules(), label, clock), Named.as("retrain-cooldown"),
                        CAUSES_STORE)
                .to(topics.retrainingTriggers().name(),
                        Produced.with(keys, topics.retrainingTriggers().value()).withName("retrain-sink-triggers"));
    }
}
