package dev.genaimon.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.schemas.Samples;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.serde.GenericAvroDecoder;
import dev.genaimon.schemas.serde.SchemaHistory;
import dev.genaimon.schemas.serde.WireFormat;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Registry mode against a real Apicurio Registry 2.6 through its Confluent-compatible API. */
class RegistryModeIT {

    private static final String TOPIC = "genaimon.interactions.raw.v1";
    private static ApicurioRegistry apicurio;

    @BeforeAll
    static void startRegistry() throws Exception {
        apicurio = ApicurioRegistry.start();
    }

    @AfterAll
    static void stopRegistry() throws Exception {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void shouldRoundTripThroughApicurioWithAFreshReaderThatFetchesTheSchemaById() {
        AvroSerdes writerSide = new AvroSerdes(WireFormat.REGISTRY,
                new HttpSchemaRegistryClient(apicurio.ccompatUrl()), SchemaHistory.bundled());
        Interaction original = Samples.fullInteraction("apicurio-1");

        byte[] bytes = writerSide.valueSerde(Interaction.class).serializer().serialize(TOPIC, original);

        assertThat(WireFormat.detect(bytes)).isEqualTo(WireFormat.REGISTRY);
        int id = ByteBuffer.wrap(bytes, 1, 4).getInt();
        HttpSchemaRegistryClient freshClient = new HttpSchemaRegistryClient(apicurio.ccompatUrl());
        assertThat(freshClient.schemaById(id)).isEqualTo(Interaction.getClassSchema());
        Deserializer<Interaction> reader = new AvroSerdes(WireFormat.SINGLE_OBJECT, freshClient,
                SchemaHistory.bundled()).valueSerde(Interaction.class).deserializer();
        assertThat(reader.deserialize(TOPIC, bytes)).isEqualTo(original);
    }

    @Test
    void shouldReadRegistryAndSingleObjectRecordsWithTheSameDeserializer() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(apicurio.ccompatUrl());
        byte[] registryFramed = new AvroSerdes(WireFormat.REGISTRY, client, SchemaHistory.bundled())
                .valueSerde(Interaction.class).serializer().serialize(TOPIC, Samples.minimalInteraction("r"));
        byte[] singleObject = AvroSerdes.singleObject().valueSerde(Interaction.class).serializer()
                .serialize(TOPIC, Samples.fullInteraction("s"));
        AvroSerdes readerSide = new AvroSerdes(WireFormat.SINGLE_OBJECT,
                new HttpSchemaRegistryClient(apicurio.ccompatUrl()), SchemaHistory.bundled());
        Deserializer<Interaction> reader = readerSide.valueSerde(Interaction.class).deserializer();

        assertThat(reader.deserialize(TOPIC, registryFramed)).isEqualTo(Samples.minimalInteraction("r"));
        assertThat(reader.deserialize(TOPIC, singleObject)).isEqualTo(Samples.fullInteraction("s"));
        GenericAvroDecoder generic = readerSide.genericDecoder();
        assertThat(generic.decode(registryFramed).format()).isEqualTo(WireFormat.REGISTRY);
        assertThat(generic.decode(singleObject).format()).isEqualTo(WireFormat.SINGLE_OBJECT);
    }

    @Test
    void shouldGiveACompatibleNewVersionItsOwnId() {
        HttpSchemaRegistryClient client = new HttpSchemaRegistryClient(apicurio.ccompatUrl());
        Schema v1 = SchemaBuilder.record("Evolving").namespace("it").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Evolving").namespace("it").fields().requiredString("a")
                .optionalString("b").endRecord();

        int id1 = client.register("it.evolving-value", v1);
        int id2 = client.register("it.evolving-value", v2);

        assertThat(id2).isNotEqualTo(id1);
        HttpSchemaRegistryClient fresh = new HttpSchemaRegistryClient(apicurio.ccompatUrl());
        assertThat(fresh.schemaById(id1)).isEqualTo(v1);
        assertThat(fresh.schemaById(id2)).isEqualTo(v2);
    }
}
