package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.registry.SchemaRegistryClient;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;

/**
 * Decodes any genaimon value with its own writer schema, without knowing the topic's type: for {@code genaimon tail}
 * and for dead-letter inspection.
 */
public final class GenericAvroDecoder {

    /** A decoded value with the format and writer schema it was found in. */
    public record Decoded(WireFormat format, Schema writerSchema, GenericRecord value) {
    }

    private final Framing framing;
    private final Map<Schema, DatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();

    public GenericAvroDecoder(SchemaHistory history, SchemaRegistryClient registryOrNull) {
        this.framing = new Framing(history, registryOrNull);
    }

    /** @throws AvroDecodingException with the reason when the bytes are not a readable genaimon value */
    public Decoded decode(byte[] data) {
        Framing.Frame frame = framing.read(data);
        DatumReader<GenericRecord> reader = readers.computeIfAbsent(frame.writerSchema(),
                schema -> new GenericDatumReader<>(schema, schema, GenericData.get()));
        return new Decoded(frame.format(), frame.writerSchema(), Framing.decode(data, frame, reader));
    }
}
