package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.registry.SchemaRegistryClient;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Builds the serdes of every Avro-valued topic from one setting: the wire format to write. Readers always accept both
 * formats.
 */
public final class AvroSerdes {

    private final WireFormat writeFormat;
    private final SchemaRegistryClient registry;
    private final SchemaHistory history;

    /**
     * @param writeFormat format for writing
     * @param registry    registry client; required for {@link WireFormat#REGISTRY}, optional otherwise (then
     *                    registry-framed values can still be read when one is given)
     */
    public AvroSerdes(WireFormat writeFormat, SchemaRegistryClient registry, SchemaHistory history) {
        if (writeFormat == WireFormat.REGISTRY && registry == null) {
            throw new IllegalArgumentException("wire format 'registry' needs schema-registry.url to be configured");
        }
        this.writeFormat = writeFormat;
        this.registry = registry;
        this.history = history;
    }

    /** Single-object encoding with the bundled history and no registry: the embedded default. */
    public static AvroSerdes singleObject() {
        return new AvroSerdes(WireFormat.SINGLE_OBJECT, null, SchemaHistory.bundled());
    }

    public <T extends SpecificRecord> Serde<T> valueSerde(Class<T> type) {
        return Serdes.serdeFrom(new AvroSerializer<>(type, writeFormat, registry, false),
                new AvroDeserializer<>(type, new Framing(history, registry)));
    }

    /**
     * A serde of {@code type} that reads through the smaller reader schema of {@code projection} (a record that lists
     * a subset of {@code type}'s fields and names {@code type} among its aliases): Avro schema resolution skips the
     * fields the projection lacks without decoding them, then {@code toValue} turns the projection into a partial
     * {@code type}. Writes {@code type} in full. Decoding failures are the same {@link AvroDecodingException}s as
     * {@link #valueSerde}'s.
     */
    public <P extends SpecificRecord, T extends SpecificRecord> Serde<T> projectedValueSerde(
            Class<T> type, Class<P> projection, Function<P, T> toValue) {
        AvroDeserializer<P> reader = new AvroDeserializer<>(projection, new Framing(history, registry));
        Deserializer<T> deserializer = (topic, data) -> {
            P value = reader.deserialize(topic, data);
            return value == null ? null : toValue.apply(value);
        };
        return Serdes.serdeFrom(new AvroSerializer<>(type, writeFormat, registry, false), deserializer);
    }

    public GenericAvroDecoder genericDecoder() {
        return new GenericAvroDecoder(history, registry);
    }

    public WireFormat writeFormat() {
        return writeFormat;
    }
}
