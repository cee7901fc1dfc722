package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.RandomData;
import org.junit.jupiter.api.Test;

class CompiledWriterTest {

    @Test
    void shouldWriteExactlyAvrosBytesForRandomRecordsOfEveryTopicAndStoreType() throws IOException {
        // both of the serializer's writers: the compiled one, and the null-check union resolution it falls back on
        List<Class<? extends SpecificRecord>> types = new ArrayList<>(Topics.VALUE_TYPES);
        types.addAll(Topics.STORE_TYPES);
        int compared = 0;
        int withNulls = 0;
        int withCollections = 0;
        for (Class<? extends SpecificRecord> type : types) {
            Schema schema = SpecificData.get().getSchema(type);
            SpecificData model = SpecificData.getForClass(type);
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(schema, schema, model);
            DatumWriter<SpecificRecord> avro = new SpecificDatumWriter<>(schema, model);
            DatumWriter<SpecificRecord> compiled = new CompiledWriter<>(schema, model);
            DatumWriter<SpecificRecord> nullableUnions = new AvroSerializer.NullableUnionWriter<>(schema, model);
            for (Object random : new RandomData(schema, 200, 11L)) {
                byte[] generic = write(new GenericDatumWriter<>(schema), random);
                SpecificRecord record = reader.read(null, DecoderFactory.get().binaryDecoder(generic, null));
                byte[] expected = write(avro, record);
                assertThat(write(compiled, record)).as(type.getSimpleName() + " " + record).isEqualTo(expected);
                assertThat(write(nullableUnions, record)).as(type.getSimpleName()).isEqualTo(expected);
                compared++;
                String text = record.toString();
                withNulls += text.contains(": null") ? 1 : 0;
                withCollections += text.contains("[{") || text.contains("{\"") ? 1 : 0;
            }
        }
        assertThat(compared).isEqualTo(200 * types.size());
        assertThat(withNulls).as("records with an optional field left null").isGreaterThan(compared / 4);
        assertThat(withCollections).as("records with arrays of records or maps").isGreaterThan(compared / 10);
    }

    @Test
    void shouldNameTheFieldWhenARequiredValueIsMissing() {
        Interaction interaction = new Interaction(); // every field null, required ones included
        CompiledWriter<Interaction> writer = new CompiledWriter<>(Interaction.getClassSchema(),
                SpecificData.getForClass(Interaction.class));
        assertThatThrownBy(() -> write(writer, interaction))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("null value for (non-nullable) string at Interaction.interactionId");
    }

    private static <T> byte[] write(DatumWriter<T> writer, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        @SuppressWarnings("unchecked") T value = (T) datum;
        writer.write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
