package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.Samples;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.registry.InMemorySchemaRegistryClient;
import dev.genaimon.schemas.serde.AvroDecodingException.Reason;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class AvroSerdesTest {

    private static final String TOPIC = "genaimon.interactions.raw.v1";

    private final InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
    private final Serde<Interaction> singleObject = AvroSerdes.singleObject().valueSerde(Interaction.class);
    private final Serde<Interaction> registryMode =
            new AvroSerdes(WireFormat.REGISTRY, registry, SchemaHistory.bundled()).valueSerde(Interaction.class);
    private final Serde<Interaction> readerWithRegistry =
            new AvroSerdes(WireFormat.SINGLE_OBJECT, registry, SchemaHistory.bundled()).valueSerde(Interaction.class);

    @Test
    void shouldRoundTripEveryFieldInSingleObjectEncoding() {
        Interaction original = Samples.fullInteraction("i-1");

        byte[] bytes = singleObject.serializer().serialize(TOPIC, original);

        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        assertThat(WireFormat.detect(bytes)).isEqualTo(WireFormat.SINGLE_OBJECT);
        assertThat(singleObject.deserializer().deserialize(TOPIC, bytes)).isEqualTo(original);
    }

    @Test
    void shouldRoundTripInRegistryFormatRegisteringUnderTheTopicValueSubject() {
        Interaction original = Samples.fullInteraction("i-2");

        byte[] bytes = registryMode.serializer().serialize(TOPIC, original);

        assertThat(WireFormat.detect(bytes)).isEqualTo(WireFormat.REGISTRY);
        int id = java.nio.ByteBuffer.wrap(bytes, 1, 4).getInt();
        assertThat(registry.schemaById(id)).isEqualTo(Interaction.getClassSchema());
        assertThat(registryMode.deserializer().deserialize(TOPIC, bytes)).isEqualTo(original);
    }

    @Test
    void shouldReadBothWireFormatsWithOneDeserializer() {
        byte[] fromSingleObject = singleObject.serializer().serialize(TOPIC, Samples.fullInteraction("a"));
        byte[] fromRegistry = registryMode.serializer().serialize(TOPIC, Samples.minimalInteraction("b"));

        assertThat(readerWithRegistry.deserializer().deserialize(TOPIC, fromSingleObject).getInteractionId())
                .isEqualTo("a");
        assertThat(readerWithRegistry.deserializer().deserialize(TOPIC, fromRegistry).getInteractionId())
                .isEqualTo("b");
    }

    @Test
    void shouldReadRecordsWrittenWithAnOlderSchemaVersion() throws Exception {
        Schema older = withoutFields(Interaction.getClassSchema(), "conversationId", "groundTruth");
        SchemaHistory history = SchemaHistory.of(Map.of("Interaction", List.of(older, Interaction.getClassSchema())));
        GenericRecord oldRecord = new GenericData.Record(older);
        oldRecord.put("interactionId", "old-1");
        oldRecord.put("timestamp", Instant.parse("2025-01-01T00:00:00Z").toEpochMilli());
        oldRecord.put("tenant", "acme");
        oldRecord.put("app", "legacy-app");
        GenericRecord model = new GenericData.Record(older.getField("model").schema());
        model.put("provider", "openai");
        model.put("model", "gpt-4");
        oldRecord.put("model", model);
        byte[] bytes = singleObjectBytes(older, oldRecord);

        Interaction read = new AvroSerdes(WireFormat.SINGLE_OBJECT, null, history).valueSerde(Interaction.class)
                .deserializer().deserialize(TOPIC, bytes);

        assertThat(read.getInteractionId()).isEqualTo("old-1");
        assertThat(read.getApp()).isEqualTo("legacy-app");
        assertThat(read.getTimestamp()).isEqualTo(Instant.parse("2025-01-01T00:00:00Z"));
        assertThat(read.getConversationId()).isNull();
    }

    @Test
    void shouldRejectBadBytesWithAPreciseReason() {
        byte[] valid = singleObject.serializer().serialize(TOPIC, Samples.fullInteraction("x"));
        byte[] unknownFingerprint = valid.clone();
        unknownFingerprint[5] ^= 0x5A;
        byte[] trailing = Arrays.copyOf(valid, valid.length + 3);
        byte[] registryFramed = registryMode.serializer().serialize(TOPIC, Samples.minimalInteraction("y"));
        byte[] unknownId = registryFramed.clone();
        unknownId[4] = 99;

        assertReason(new byte[0], Reason.EMPTY);
        assertReason(new byte[] {'{', '"'}, Reason.UNKNOWN_FORMAT);
        assertReason(new byte[] {(byte) 0xC3, 0x01, 1, 2}, Reason.TRUNCATED);
        assertReason(unknownFingerprint, Reason.UNKNOWN_FINGERPRINT);
        assertReason(Arrays.copyOf(valid, valid.length - 7), Reason.TRUNCATED);
        assertReason(trailing, Reason.TRAILING_BYTES);
        assertThatThrownBy(() -> singleObject.deserializer().deserialize(TOPIC, registryFramed))
                .isInstanceOfSatisfying(AvroDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REGISTRY_UNAVAILABLE));
        assertThatThrownBy(() -> registryMode.deserializer().deserialize(TOPIC, unknownId))
                .isInstanceOfSatisfying(AvroDecodingException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID));
    }

    @Test
    void shouldDecodeAnyGenaimonValueGenericallyForTail() {
        byte[] bytes = registryMode.serializer().serialize(TOPIC, Samples.fullInteraction("g-1"));

        GenericAvroDecoder.Decoded decoded =
                new GenericAvroDecoder(SchemaHistory.bundled(), registry).decode(bytes);

        assertThat(decoded.format()).isEqualTo(WireFormat.REGISTRY);
        assertThat(decoded.writerSchema().getName()).isEqualTo("Interaction");
        assertThat(decoded.value().get("interactionId").toString()).isEqualTo("g-1");
    }

    @Test
    void shouldPassTombstonesThrough() {
        assertThat(singleObject.serializer().serialize(TOPIC, null)).isNull();
        assertThat(singleObject.deserializer().deserialize(TOPIC, null)).isNull();
    }

    private void assertReason(byte[] bytes, Reason reason) {
        assertThatThrownBy(() -> singleObject.deserializer().deserialize(TOPIC, bytes))
                .isInstanceOfSatisfying(AvroDecodingException.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }

    static byte[] singleObjectBytes(Schema schema, GenericRecord record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Framing.singleObjectHeader(SchemaHistory.fingerprint(schema)));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Schema withoutFields(Schema schema, String... names) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = (ObjectNode) json.readTree(schema.toString());
        ArrayNode fields = (ArrayNode) root.get("fields");
        for (int i = fields.size() - 1; i >= 0; i--) {
            if (Arrays.asList(names).contains(fields.get(i).get("name").asText())) {
                fields.remove(i);
            }
        }
        return new Schema.Parser().parse(root.toString());
    }
}
