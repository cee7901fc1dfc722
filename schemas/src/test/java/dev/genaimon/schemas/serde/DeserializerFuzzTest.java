package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.Samples;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.apache.kafka.common.serialization.Deserializer;

/** Poison input must surface as an {@link AvroDecodingException} with a reason, never as anything else. */
class DeserializerFuzzTest {

    private static final byte[] VALID = AvroSerdes.singleObject().valueSerde(Interaction.class)
            .serializer().serialize("t", Samples.fullInteraction("fuzz"));

    private final Deserializer<Interaction> deserializer =
            new AvroSerdes(WireFormat.SINGLE_OBJECT, new InMemorySchemaRegistryClient(), SchemaHistory.bundled())
                    .valueSerde(Interaction.class).deserializer();

    @Property(tries = 3000)
    void randomBytesFailWithAReasonOrDecode(@ForAll @Size(max = 300) byte[] bytes) {
        assertDecodesOrFailsWithReason(bytes);
    }

    @Property(tries = 3000)
    void randomBodiesBehindAValidHeaderFailWithAReason(@ForAll @Size(max = 300) byte[] body) {
        byte[] bytes = Arrays.copyOf(VALID, 10 + body.length);
        System.arraycopy(body, 0, bytes, 10, body.length);
        assertDecodesOrFailsWithReason(bytes);
    }

    @Property(tries = 3000)
    void mutatedValidRecordsFailWithAReasonOrDecode(@ForAll("mutations") byte[] bytes) {
        assertDecodesOrFailsWithReason(bytes);
    }

    @Provide
    Arbitrary<byte[]> mutations() {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, VALID.length - 1);
        Arbitrary<Byte> value = Arbitraries.bytes();
        Arbitrary<byte[]> flipped = position.flatMap(p -> value.map(v -> {
            byte[] copy = VALID.clone();
            copy[p] = v;
            return copy;
        }));
        Arbitrary<byte[]> truncated = position.map(p -> Arrays.copyOf(VALID, p));
        return Arbitraries.oneOf(flipped, truncated);
    }

    private void assertDecodesOrFailsWithReason(byte[] bytes) {
        try {
            assertThat(deserializer.deserialize("t", bytes)).isNotNull();
        } catch (AvroDecodingException e) {
            assertThat(e.reason()).isNotNull();
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
