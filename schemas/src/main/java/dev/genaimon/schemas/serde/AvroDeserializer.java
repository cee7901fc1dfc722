package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.serde.AvroDecodingException.Reason;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a generated Avro record written in either wire format by any known writer schema version. Failures are
 * {@link AvroDecodingException}s with a reason code. Thread-safe.
 */
final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    private final Schema readerSchema;
    private final SpecificData model;
    private final Framing framing;
    private final Map<Schema, DatumReader<T>> readersByWriter = new ConcurrentHashMap<>();

    AvroDeserializer(Class<T> type, Framing framing) {
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
        this.framing = framing;
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        Framing.Frame frame = framing.read(data);
        return Framing.decode(data, frame, readerFor(frame.writerSchema()));
    }

    private DatumReader<T> readerFor(Schema writer) {
        DatumReader<T> reader = readersByWriter.get(writer);
        if (reader == null) {
            SchemaCompatibility.SchemaPairCompatibility compatibility =
                    SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
            if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
                throw new AvroDecodingException(Reason.INCOMPATIBLE_SCHEMA, "writer schema " + writer.getFullName()
                        + " cannot be read as " + readerSchema.getFullName() + ": " + compatibility.getDescription());
            }
            reader = new SpecificDatumReader<>(writer, readerSchema, model);
            readersByWriter.put(writer, reader);
        }
        return reader;
    }
}
