package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;

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

class NullableUnionWriterTest {

    @Test
    void shouldWriteExactlyWhatAvrosGeneralUnionResolutionWritesForEveryTopicAndStoreType() throws IOException {
        List<Class<? extends SpecificRecord>> types = new ArrayList<>(Topics.VALUE_TYPES);
        types.addAll(Topics.STORE_TYPES);
        int compared = 0;
        int withNulls = 0;
        for (Class<? extends SpecificRecord> type : types) {
            Schema schema = SpecificData.get().getSchema(type);
            SpecificData model = SpecificData.getForClass(type);
            SpecificDatumReader<SpecificRecord> reader = new SpecificDatumReader<>(schema, schema, model);
            DatumWriter<SpecificRecord> plain = new SpecificDatumWriter<>(schema, model);
            DatumWriter<SpecificRecord> fast = new AvroSerializer.NullableUnionWriter<>(schema, model);
            for (Object random : new RandomData(schema, 50, 7L)) {
                byte[] generic = write(new GenericDatumWriter<>(schema), random);
                SpecificRecord record = reader.read(null, DecoderFactory.get().binaryDecoder(generic, null));
                byte[] expected = write(plain, record);
                assertThat(write(fast, record)).as(type.getSimpleName()).isEqualTo(expected);
                compared++;
                withNulls += record.toString().contains(": null") ? 1 : 0;
            }
        }
        assertThat(compared).isEqualTo(50 * types.size());
        assertThat(withNulls).as("records with an optional field left null").isGreaterThan(compared / 4);
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
