package dev.genaimon.app.query;

import dev.genaimon.alerting.signals.SignalKeys;
import dev.genaimon.schemas.avro.Signal;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Re-keys the raw bytes of {@code genaimon.signals.v1} by segment id, read from the record key
 * ({@link SignalKeys}), so the value is not decoded and re-encoded on its way to the repartition topic. A key not of
 * the form {@code <segment>/<name>} falls back to decoding the value (an undecodable one throws, and the
 * processing-exception handler dead-letters it with its source offset); tombstones are dropped.
 */
final class SignalRekey implements Processor<String, byte[], String, byte[]> {

    private final Deserializer<Signal> deserializer;
    private final String topic;
    private ProcessorContext<String, byte[]> context;

    SignalRekey(Deserializer<Signal> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.value() == null) {
            return;
        }
        String segment = SignalKeys.segmentId(record.key());
        if (segment == null) {
            Signal signal = deserializer.deserialize(topic, record.value());
            if (signal == null || signal.getSegment() == null) {
                return;
            }
            segment = signal.getSegment().getId();
        }
        context.forward(record.withKey(segment));
    }
}
