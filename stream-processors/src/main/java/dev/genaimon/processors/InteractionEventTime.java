package dev.genaimon.processors;

import dev.genaimon.schemas.avro.Interaction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Event time is the interaction's own {@code timestamp}, whatever the producer put on the record: a window must hold
 * the traffic of its period even when it arrives late or is replayed. Other values keep the record timestamp.
 */
public final class InteractionEventTime implements TimestampExtractor {

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
        if (record.value() instanceof Interaction interaction && interaction.getTimestamp() != null) {
            return interaction.getTimestamp().toEpochMilli();
        }
        return record.timestamp() >= 0 ? record.timestamp() : partitionTime;
    }
}
