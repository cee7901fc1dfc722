package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.registry.InMemorySchemaRegistryClient;
import dev.genaimon.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Every value type on a topic or in a state store, in both wire formats: valid records (random, schema-conforming)
 * decode, and mutated, truncated, re-framed or random bytes either decode or fail with an
 * {@link AvroDecodingException} that has a reason. Nothing else may escape a deserializer: Streams' handler sends
 * those to the dead-letter topic, anything else would stop a stream thread.
 *
 * <p>10,000 tries per type: the properties draw the type uniformly, so tries = 10,000 × types.
 */
class EveryDeserializerFuzzTest {

    private static final List<Class<? extends SpecificRecord>> TYPES = allTypes();
    private static final int TRIES = 10_000 * TYPES.size();
    private static final InMemorySchemaRegistryClient REGISTRY = new InMemorySchemaRegistryClient();
    private static final AvroSerdes SERDES =
            new AvroSerdes(WireFormat.SINGLE_OBJECT, REGISTRY, SchemaHistory.bundled());
    private static final Map<Class<?>, Deserializer<? extends SpecificRecord>> DESERIALIZERS = new HashMap<>();
    /** Per type: valid encodings, single-object and Confluent wire format, of random schema-conforming records. */
    private static final Map<Class<?>, List<byte[]>> VALID = new HashMap<>();

    static {
        for (Class<? extends SpecificRecord> type : TYPES) {
            DESERIALIZERS.put(type, SERDES.valueSerde(type).deserializer());
            Schema schema = SpecificData.get().getSchema(type);
            int id = REGISTRY.register(schema.getFullName() + "-value", schema);
            List<byte[]> valid = new ArrayList<>();
            for (Object record : new RandomData(schema, 8, 42L)) {
                valid.add(singleObject(schema, record));
                valid.add(confluent(schema, id, record));
            }
            VALID.put(type, valid);
        }
    }

    private static List<Class<? extends SpecificRecord>> allTypes() {
        List<Class<? extends SpecificRecord>> types = new ArrayList<>(Topics.VALUE_TYPES);
        types.addAll(Topics.STORE_TYPES);
        return List.copyOf(types);
    }

    @Property(tries = 200)
    void validRecordsOfEveryTypeDecodeInBothFormats(@ForAll("types") Class<? extends SpecificRecord> type) {
        for (byte[] bytes : VALID.get(type)) {
            assertThat(DESERIALIZERS.get(type).deserialize("t", bytes)).isNotNull();
        }
    }

    @Property(tries = TRIES_CONSTANT)
    void mutatedRecordsOfEveryTypeDecodeOrFailWithAReason(@ForAll("mutations") Case c) {
        try {
            assertThat(DESERIALIZERS.get(c.type()).deserialize("t", c.bytes())).isNotNull();
        } catch (AvroDecodingException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
        }
    }

    /** jqwik needs a compile-time constant; checked against the type count below. */
    static final int TRIES_CONSTANT = 10_000 * 32;

    @Property(tries = 1)
    void triesCoverTenThousandPerType() {
        assertThat(TRIES_CONSTANT).as("raise TRIES_CONSTANT to 10,000 x %d types", TYPES.size())
                .isGreaterThanOrEqualTo(TRIES);
    }

    record Case(Class<? extends SpecificRecord> type, byte[] bytes) {
        @Override
        public String toString() {
            return type.getSimpleName() + " " + Arrays.toString(bytes);
        }
    }

    @Provide
    Arbitrary<Class<? extends SpecificRecord>> types() {
        return Arbitraries.of(TYPES);
    }

    @Provide
    Arbitrary<Case> mutations() {
        return types().flatMap(type -> {
            List<byte[]> valid = VALID.get(type);
            Arbitrary<byte[]> base = Arbitraries.of(valid);
            Arbitrary<byte[]> flipped = Combinators.combine(base, Arbitraries.integers().between(0, 1 << 20),
                    Arbitraries.bytes()).as((b, p, v) -> {
                        byte[] copy = b.clone();
                        copy[p % copy.length] = v;
                        return copy;
                    });
            Arbitrary<byte[]> truncated = Combinators.combine(base, Arbitraries.integers().between(0, 1 << 20))
                    .as((b, p) -> Arrays.copyOf(b, p % b.length));
            Arbitrary<byte[]> garbageBehindHeader = Combinators.combine(base,
                    Arbitraries.bytes().array(byte[].class).ofMaxSize(200)).as((b, g) -> {
                        int header = b[0] == 0 ? 5 : 10;
                        byte[] copy = Arrays.copyOf(b, header + g.length);
                        System.arraycopy(g, 0, copy, header, g.length);
                        return copy;
                    });
            Arbitrary<byte[]> hugeLength = base.map(b -> { // a string/bytes/array length of ~2^62 right after the header
                int header = b[0] == 0 ? 5 : 10;
                byte[] copy = Arrays.copyOf(b, header + 10);
                Arrays.fill(copy, header, header + 9, (byte) 0xfe);
                copy[header + 9] = 0x7f;
                return copy;
            });
            Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
            return Arbitraries.oneOf(flipped, truncated, garbageBehindHeader, hugeLength, random)
                    .map(bytes -> new Case(type, bytes));
        });
    }

    private static byte[] singleObject(Schema schema, Object record) {
        try {
            ByteBuffer buffer = new BinaryMessageEncoder<Object>(GenericData.get(), schema).encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] confluent(Schema schema, int id, Object record) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(0);
            out.write(ByteBuffer.allocate(4).putInt(id).array());
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<Object>(schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
