package dev.genaimon.schemas.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * A binary decoder that refuses a collection block claiming more items than bytes remain in the datum.
 *
 * <p>Why: Avro's readers allocate an array or map for the claimed item count before reading any item, so a few hundred
 * bytes of poison with nested collections each claiming up to Avro's per-collection limit made a reader allocate
 * gigabytes and run the JVM out of heap (found by {@code EveryDeserializerFuzzTest}). Every item of every genaimon
 * schema's arrays and maps takes at least one byte, so a count larger than the bytes left cannot be valid; with this
 * check the memory a datum can make a reader allocate is bounded by a small multiple of its size.
 */
final class BoundedDecoder extends Decoder {

    private final BinaryDecoder in;

    BoundedDecoder(BinaryDecoder in) {
        this.in = in;
    }

    private long checked(long items, String what) throws IOException {
        int remaining = in.inputStream().available();
        if (items > remaining) {
            throw new AvroRuntimeException(what + " block claims " + items + " items but only " + remaining
                    + " bytes remain in the datum");
        }
        return items;
    }

    @Override
    public long readArrayStart() throws IOException {
        return checked(in.readArrayStart(), "array");
    }

    @Override
    public long arrayNext() throws IOException {
        return checked(in.arrayNext(), "array");
    }

    @Override
    public long skipArray() throws IOException {
        return checked(in.skipArray(), "array");
    }

    @Override
    public long readMapStart() throws IOException {
        return checked(in.readMapStart(), "map");
    }

    @Override
    public long mapNext() throws IOException {
        return checked(in.mapNext(), "map");
    }

    @Override
    public long skipMap() throws IOException {
        return checked(in.skipMap(), "map");
    }

    @Override
    public void readNull() throws IOException {
        in.readNull();
    }

    @Override
    public boolean readBoolean() throws IOException {
        return in.readBoolean();
    }

    @Override
    public int readInt() throws IOException {
        return in.readInt();
    }

    @Override
    public long readLong() throws IOException {
        return in.readLong();
    }

    @Override
    public float readFloat() throws IOException {
        return in.readFloat();
    }

    @Override
    public double readDouble() throws IOException {
        return in.readDouble();
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        return in.readString(old);
    }

    @Override
    public String readString() throws IOException {
        return in.readString();
    }

    @Override
    public void skipString() throws IOException {
        in.skipString();
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        return in.readBytes(old);
    }

    @Override
    public void skipBytes() throws IOException {
        in.skipBytes();
    }

    @Override
    public void readFixed(byte[] bytes, int start, int length) throws IOException {
        in.readFixed(bytes, start, length);
    }

    @Override
    public void skipFixed(int length) throws IOException {
        in.skipFixed(length);
    }

    @Override
    public int readEnum() throws IOException {
        return in.readEnum();
    }

    @Override
    public int readIndex() throws IOException {
        return in.readIndex();
    }
}
