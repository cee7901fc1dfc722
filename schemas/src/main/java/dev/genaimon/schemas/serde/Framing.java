package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.registry.SchemaRegistryClient;
import dev.genaimon.schemas.registry.SchemaRegistryException;
import dev.genaimon.schemas.serde.AvroDecodingException.Reason;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads and writes the frame around an Avro datum in either wire format, and finds the writer's schema: from the
 * bundled {@link SchemaHistory} for single-object encoding, from the registry for the Confluent format.
 */
final class Framing {

    static {
        AvroLimits.apply();
    }

    /** A value's writer schema and where its datum starts. */
    record Frame(WireFormat format, Schema writerSchema, int datumOffset, long fingerprintOrId) {
    }

    private final SchemaHistory history;
    private final SchemaRegistryClient registry;

    Framing(SchemaHistory history, SchemaRegistryClient registry) {
        this.history = history;
        this.registry = registry;
    }

    Frame read(byte[] data) {
        if (data.length == 0) {
            throw new AvroDecodingException(Reason.EMPTY, "empty value");
        }
        WireFormat format = WireFormat.detect(data);
        if (format == null) {
            throw new AvroDecodingException(Reason.UNKNOWN_FORMAT, String.format(
                    "first byte 0x%02X is neither single-object (C3 01) nor registry (00) framing", data[0]));
        }
        if (format == WireFormat.SINGLE_OBJECT) {
            if (data.length < WireFormat.SINGLE_OBJECT_HEADER) {
                throw new AvroDecodingException(Reason.TRUNCATED, "single-object header needs 10 bytes, got " + data.length);
            }
            long fingerprint = ByteBuffer.wrap(data, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            Schema writer = history.findByFingerprint(fingerprint);
            if (writer == null) {
                throw new AvroDecodingException(Reason.UNKNOWN_FINGERPRINT, String.format(
                        "no known schema has fingerprint %016X (written by a newer genaimon, or not genaimon data)",
                        fingerprint));
            }
            return new Frame(format, writer, WireFormat.SINGLE_OBJECT_HEADER, fingerprint);
        }
        if (data.length < WireFormat.REGISTRY_HEADER) {
            throw new AvroDecodingException(Reason.TRUNCATED, "registry header needs 5 bytes, got " + data.length);
        }
        int id = ByteBuffer.wrap(data, 1, 4).getInt();
        if (registry == null) {
            throw new AvroDecodingException(Reason.REGISTRY_UNAVAILABLE,
                    "value uses the registry wire format (schema id " + id + ") but no schema registry is configured");
        }
        try {
            return new Frame(format, registry.schemaById(id), WireFormat.REGISTRY_HEADER, id);
        } catch (SchemaRegistryException e) {
            throw new AvroDecodingException(e.notFound() ? Reason.UNKNOWN_SCHEMA_ID : Reason.REGISTRY_UNAVAILABLE,
                    "schema id " + id + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AvroDecodingException(Reason.UNKNOWN_SCHEMA_ID, "schema id " + id + " is not usable: " + e, e);
        }
    }

    /** Decodes the datum after the frame, requiring that it uses every byte. */
    static <T> T decode(byte[] data, Frame frame, DatumReader<T> reader) {
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, frame.datumOffset(), data.length - frame.datumOffset(), null);
        T value;
        try {
            value = reader.read(null, new BoundedDecoder(decoder));
        } catch (EOFException e) {
            throw new AvroDecodingException(Reason.TRUNCATED, "datum ends early for schema "
                    + frame.writerSchema().getFullName(), e);
        } catch (IOException | AvroRuntimeException | IndexOutOfBoundsException | NegativeArraySizeException
                 | ClassCastException | IllegalArgumentException | UnsupportedOperationException e) {
            throw new AvroDecodingException(Reason.MALFORMED, "datum does not match schema "
                    + frame.writerSchema().getFullName() + ": " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new AvroDecodingException(Reason.TRAILING_BYTES, "bytes left after the datum of "
                        + frame.writerSchema().getFullName());
            }
        } catch (IOException e) {
            throw new AvroDecodingException(Reason.MALFORMED, "cannot check the end of the datum: " + e, e);
        }
        return value;
    }

    /** The single-object header: the two marker bytes and the schema's fingerprint, little-endian. */
    static byte[] singleObjectHeader(long fingerprint) {
        return ByteBuffer.allocate(10).order(ByteOrder.LITTLE_ENDIAN).put(WireFormat.SINGLE_OBJECT_MARKER_0)
                .put(WireFormat.SINGLE_OBJECT_MARKER_1).putLong(fingerprint).array();
    }

    static void writeRegistryHeader(java.io.ByteArrayOutputStream out, int id) {
        out.write(WireFormat.REGISTRY_MAGIC);
        byte[] bytes = ByteBuffer.allocate(4).putInt(id).array();
        out.write(bytes, 0, bytes.length);
    }
}
