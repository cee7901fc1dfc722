package dev.genaimon.alerting.state;

import dev.genaimon.alerting.signals.SignalKeys;
import dev.genaimon.schemas.avro.Signal;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The first step of the alerting stage, on the raw bytes of {@code genaimon.signals.v1}: drops signals no rule
 * reads and re-keys the rest by segment id, both from the record key ({@link SignalKeys}), so the value is neither
 * decoded nor re-encoded on its way to the repartition topic (the bytes pass through as they are). A key not of the
 * form {@code <segment>/<name>} falls back to decoding the value; an undecodable value then throws, and the
 * processing-exception handler dead-letters it with its source offset.
 */
final class SignalSelect implements Processor<String, byte[], String, byte[]> {

    private final RuleIndex index;
    private final Supplier<Deserializer<Signal>> deserializer;
    private final String topic;
    private Deserializer<Signal> decoder;
    private ProcessorContext<String, byte[]> context;

    SignalSelect(RuleIndex index, Supplier<Deserializer<Signal>> deserializer, String topic) {
        this.index = index;
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
            return; // a tombstone: nothing to evaluate
        }
        String name = SignalKeys.signalName(record.key());
        String segment = SignalKeys.segmentId(record.key());
        if (name == null) {
            Signal signal = decode(record.value());
            if (signal == null || signal.getSegment() == null) {
                return;
            }
            name = signal.getName();
            segment = signal.getSegment().getId();
        }
        if (index.reading(name).isEmpty()) {
            return;
        }
        context.forward(record.withKey(segment));
    }

    private Signal decode(byte[] bytes) {
        if (decoder == null) {
            decoder = deserializer.get();
        }
        return decoder.deserialize(topic, bytes);
    }
}
