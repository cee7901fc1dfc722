package dev.genaimon.schemas.serde;

import dev.genaimon.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/** Writes a generated Avro record in the configured wire format. Thread-safe. */
final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    private final Schema schema;
    /** Built once: per record it was a ByteBuffer allocation (2 % of ingest's server CPU). */
    private final byte[] singleObjectHeader;
    private final DatumWriter<T> writer;
    private final WireFormat format;
    private final SchemaRegistryClient registry;
    private final boolean isKey;

    AvroSerializer(Class<T> type, WireFormat format, SchemaRegistryClient registry, boolean isKey) {
        this.schema = SpecificData.get().getSchema(type);
        this.singleObjectHeader = Framing.singleObjectHeader(SchemaHistory.fingerprint(schema));
        this.writer = new CompiledWriter<>(schema, SpecificData.getForClass(type));
        this.format = format;
        this.registry = registry;
        this.isKey = isKey;
        if (format == WireFormat.REGISTRY && registry == null) {
            throw new IllegalArgumentException("registry wire format needs a schema registry client");
        }
    }

    /**
     * Per slot (below): a buffer that keeps its capacity and a buffered encoder over it. A fresh 256-byte stream per
     * record grew (copied) itself several times for a 2 KB interaction, and the direct encoder wrote varints byte
     * by byte into a synchronized stream: the largest encoding costs on the ingest hot path.
     */
    private static final class Buffers {
        final Output out = new Output();
        BinaryEncoder encoder;
    }

    /** A ByteArrayOutputStream whose buffer is kept across records (reset) and shrunk after a very large one. */
    private static final class Output extends ByteArrayOutputStream {
        private static final int INITIAL = 4096;
        private static final int KEEP_AT_MOST = 1024 * 1024;

        Output() {
            super(INITIAL);
        }

        void recycle() {
            if (buf.length > KEEP_AT_MOST) {
                buf = new byte[INITIAL];
            }
            reset();
        }
    }

    /**
     * Resolves the {@code ["null", T]} unions that make up most optional fields by a null check. Avro's general
     * resolution looks the datum's schema name up for every optional field of every record (10 % of ingest's
     * serialization CPU in JFR); for a two-branch union with a null branch the answer cannot differ.
     */
    static class NullableUnionWriter<T> extends SpecificDatumWriter<T> {
        NullableUnionWriter(Schema schema, SpecificData model) {
            super(schema, model);
        }

        @Override
        protected int resolveUnion(Schema union, Object datum) {
            List<Schema> branches = union.getTypes();
            if (branches.size() == 2) {
                if (branches.get(0).getType() == Schema.Type.NULL) {
                    return datum == null ? 0 : 1;
                }
                if (branches.get(1).getType() == Schema.Type.NULL) {
                    return datum == null ? 1 : 0;
                }
            }
            return super.resolveUnion(union, datum);
        }
    }

    /**
     * Buffers by slot, a slot per thread id modulo the size: taken while a record is written and put back after, so
     * two threads sharing a slot at the same moment never share buffers (the second one writes into new ones). Not a
     * ThreadLocal: on Jetty's request threads, whose thread-local maps hold many entries, the lookup walked long
     * probe chains (2.4 % of ingest's server CPU).
     */
    private static final java.util.concurrent.atomic.AtomicReferenceArray<Buffers> BUFFERS =
            new java.util.concurrent.atomic.AtomicReferenceArray<>(64);

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        int slot = (int) (Thread.currentThread().getId() & (BUFFERS.length() - 1));
        Buffers taken = BUFFERS.getAndSet(slot, null);
        Buffers buffers = taken != null ? taken : new Buffers();
        try {
            return serialize(topic, data, buffers);
        } finally {
            BUFFERS.set(slot, buffers);
        }
    }

    private byte[] serialize(String topic, T data, Buffers buffers) {
        Output out = buffers.out;
        out.recycle();
        if (format == WireFormat.SINGLE_OBJECT) {
            out.write(singleObjectHeader, 0, singleObjectHeader.length);
        } else {
            // TopicNameStrategy, as Confluent's serializer does: <topic>-value / <topic>-key
            Framing.writeRegistryHeader(out, registry.register(topic + (isKey ? "-key" : "-value"), schema));
        }
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, buffers.encoder);
        // kept for the next record only after a clean write: what a failed write left in the encoder's buffer
        // must not leak into the next record of this thread
        buffers.encoder = null;
        try {
            writer.write(data, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            // e.g. a required field left null: the caller's bug, reported with the schema name
            throw new SerializationException("cannot encode " + schema.getName() + ": " + e.getMessage(), e);
        }
        buffers.encoder = encoder;
        return out.toByteArray();
    }
}
