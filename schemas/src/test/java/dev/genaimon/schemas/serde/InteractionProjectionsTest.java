package dev.genaimon.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.schemas.Samples;
import dev.genaimon.schemas.avro.Features;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.InteractionPromptAndResponse;
import dev.genaimon.schemas.avro.InteractionWithoutTexts;
import dev.genaimon.schemas.registry.InMemorySchemaRegistryClient;
import java.util.Arrays;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

class InteractionProjectionsTest {

    private static final String TOPIC = "genaimon.interactions.v1";

    private final AvroSerdes serdes = AvroSerdes.singleObject();
    private final Serde<Interaction> full = serdes.valueSerde(Interaction.class);

    @Test
    void shouldReadEveryProjectedFieldAndLeaveTheTextsNull() {
        Interaction original = Samples.fullInteraction("p-1");
        original.setGroundTruth("Settings > Security");
        original.setFeatures(Features.newBuilder().setNumeric(Map.of("response_chars", 52.0))
                .setCategorical(Map.of("language", "en")).build());
        byte[] bytes = full.serializer().serialize(TOPIC, original);

        Interaction read = InteractionProjections.withoutTexts(serdes).deserializer().deserialize(TOPIC, bytes);

        Interaction expected = Interaction.newBuilder(original).build();
        expected.setSystemPrompt(null);
        expected.setMessages(null);
        expected.setResponse(null);
        expected.setContext(null);
        expected.setParameters(null);
        expected.setTraceId(null);
        expected.setSpanId(null);
        expected.setReceivedAt(null);
        expected.setSource(null);
        expected.setUserIdHash(null);
        expected.setSessionIdHash(null);
        expected.setConversationId(null);
        expected.setAttributes(null);
        expected.setRedaction(null);
        assertThat(read).isEqualTo(expected);
        assertThat(read.getFeatures()).isNotNull();
        assertThat(read.getSafety()).isEqualTo(original.getSafety());
    }

    @Test
    void shouldKeepMessagesAndResponseForTheEmbeddingStage() {
        Interaction original = Samples.fullInteraction("p-2");
        byte[] bytes = full.serializer().serialize(TOPIC, original);

        Interaction read = InteractionProjections.promptAndResponse(serdes).deserializer().deserialize(TOPIC, bytes);

        assertThat(read.getMessages()).isNotEmpty().isEqualTo(original.getMessages());
        assertThat(read.getResponse()).isNotBlank().isEqualTo(original.getResponse());
        assertThat(read.getTimestamp()).isEqualTo(original.getTimestamp());
        assertThat(read.getModel()).isEqualTo(original.getModel());
        assertThat(read.getContext()).isNull();
        assertThat(read.getSystemPrompt()).isNull();
        assertThat(read.getFeatures()).isNull();
    }

    @Test
    void shouldListOnlyFieldsOfInteractionWithTheSameTypes() {
        for (Schema projection : new Schema[]{InteractionWithoutTexts.getClassSchema(),
                InteractionPromptAndResponse.getClassSchema()}) {
            assertThat(projection.getAliases()).containsExactly(Interaction.getClassSchema().getFullName());
            for (Schema.Field field : projection.getFields()) {
                assertThat(Interaction.getClassSchema().getField(field.name())).as(field.name()).isNotNull()
                        .satisfies(f -> assertThat(f.schema()).isEqualTo(field.schema()));
            }
        }
        assertThat(Arrays.asList("systemPrompt", "messages", "response", "context", "attributes"))
                .allSatisfy(name -> assertThat(InteractionWithoutTexts.getClassSchema().getField(name)).isNull());
    }

    @Test
    void shouldReadTheRegistryFormatAndRejectTruncatedValuesLikeTheFullSerde() {
        InMemorySchemaRegistryClient registry = new InMemorySchemaRegistryClient();
        AvroSerdes registryMode = new AvroSerdes(WireFormat.REGISTRY, registry, SchemaHistory.bundled());
        Interaction original = Samples.fullInteraction("p-3");
        original.setFeatures(Features.newBuilder().setNumeric(Map.of("response_chars", 52.0))
                .setCategorical(Map.of()).build());
        byte[] bytes = registryMode.valueSerde(Interaction.class).serializer().serialize(TOPIC, original);

        Interaction read = InteractionProjections.withoutTexts(registryMode).deserializer().deserialize(TOPIC, bytes);
        assertThat(read.getInteractionId()).isEqualTo("p-3");
        assertThat(read.getFeatures()).isEqualTo(original.getFeatures());

        byte[] truncated = Arrays.copyOf(full.serializer().serialize(TOPIC, original), 40);
        assertThatThrownBy(() -> InteractionProjections.withoutTexts(serdes).deserializer().deserialize(TOPIC,
                truncated)).isInstanceOf(AvroDecodingException.class);
        assertThat(InteractionProjections.withoutTexts(serdes).deserializer().deserialize(TOPIC, null)).isNull();
    }
}
