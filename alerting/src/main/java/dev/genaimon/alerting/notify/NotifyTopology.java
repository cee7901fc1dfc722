package dev.genaimon.alerting.notify;

import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.NotificationLogEntry;
import dev.genaimon.schemas.avro.NotifyGroup;
import dev.genaimon.schemas.avro.OutboxEntry;
import dev.genaimon.schemas.avro.Silence;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.Topics;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The notifier stage: {@code genaimon.alerts.v1} to humans, the Alertmanager way.
 *
 * <p>All alert transitions go through one single-partition repartition topic ({@value #REPARTITION}), so one task sees
 * every alert: grouping and inhibition are exact, and the changelogged stores move with that task on failover.
 * Transitions are few (state changes, not samples), so one task is plenty. Per group key (route + group_by values) the
 * group store keeps the alerts; a wall-clock punctuation evaluates due groups (group_wait, group_interval,
 * repeat_interval, send_resolved, silences from the global {@value #SILENCES_STORE} table, inhibition), writes each
 * notification to the outbox store under its idempotency key and to the notification log, then attempts the due
 * deliveries with the receivers' short timeouts. Failed deliveries are retried with backoff and jitter; past the
 * retry budget (or on a permanent failure) they go to {@code genaimon.dlq.v1} with stage {@code notifier}.
 *
 * <p>Time is the stream thread's wall clock ({@code ProcessorContext.currentSystemTimeMs} and the punctuation time), so
 * a TopologyTestDriver drives it with {@code advanceWallClockTime}.
 */
public final class NotifyTopology {

    public static final String REPARTITION = "notify-alerts";
    public static final String GROUPS_STORE = "notify-groups";
    public static final String OUTBOX_STORE = "notify-outbox";
    public static final String LOG_STORE = "notify-log";
    public static final String SILENCES_STORE = "notify-silences";

    private NotifyTopology() {
    }

    public static void build(StreamsBuilder builder, NotifySettings settings, Topics topics, AvroSerdes serdes) {
        Serde<String> keys = Serdes.String();
        builder.globalTable(topics.silences().name(),
                Consumed.with(keys, topics.silences().value()).withName("notify-silences-source"),
                Materialized.<String, Silence, KeyValueStore<Bytes, byte[]>>as(SILENCES_STORE)
                        .withKeySerde(keys).withValueSerde(topics.silences().value()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(GROUPS_STORE), keys,
                serdes.valueSerde(NotifyGroup.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(OUTBOX_STORE), keys,
                serdes.valueSerde(OutboxEntry.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LOG_STORE), keys,
                serdes.valueSerde(NotificationLogEntry.class)));

        Serde<AlertEvent> alerts = topics.alerts().value();
        builder.stream(topics.alerts().name(), Consumed.with(keys, alerts).withName("notify-source"))
                .repartition(Repartitioned.<String, AlertEvent>as(REPARTITION).withKeySerde(keys)
                        .withValueSerde(alerts).withNumberOfPartitions(1))
                .process(() -> new NotifyProcessor(settings, topics.alerts().name()), Named.as("notify-groups"),
                        GROUPS_STORE, OUTBOX_STORE, LOG_STORE)
                .to(topics.dlq().name(), Produced.with(keys, topics.dlq().value()).withName("notify-dlq-sink"));
    }
}
