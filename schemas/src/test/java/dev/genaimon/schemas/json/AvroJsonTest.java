package dev.genaimon.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.schemas.Samples;
import dev.genaimon.schemas.avro.Interaction;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AvroJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldRoundTripAFullInteractionFieldForField() {
        Interaction original = Samples.fullInteraction("j-1");

        ObjectNode json = AvroJson.toJson(original);
        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(json, Interaction.class, 1_000_000);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.record()).isEqualTo(original);
        assertThat(json.get("timestamp").asText()).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(json.has("groundTruth")).as("null fields are omitted").isFalse();
    }

    @Test
    void shouldEchoWhatWasSentFieldForField() throws Exception {
        String sent = "{\"interactionId\":\"e-1\",\"timestamp\":\"2026-11-23T10:00:00Z\",\"tenant\":\"acme\","
                + "\"app\":\"bot\",\"model\":{\"provider\":\"openai\",\"model\":\"gpt-4o\"},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"parameters\":{\"temperature\":0.7},"
                + "\"usage\":{\"inputTokens\":3,\"outputTokens\":5},\"attributes\":{\"k\":\"v\"}}";

        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(JSON.readTree(sent), Interaction.class, 1000);

        assertThat(AvroJson.toJson(parsed.record())).isEqualTo(JSON.readTree(sent));
    }

    @Test
    void shouldAcceptEpochMillisAndAliasesAndReportUnknownFields() throws Exception {
        JsonNode json = JSON.readTree("{\"timestamp\":1700000000000,\"interactionId\":\"x\",\"app\":\"a\","
                + "\"model\":{\"provider\":\"p\",\"model\":\"m\"},\"colour\":\"blue\","
                + "\"toolCalls\":[{\"name\":\"search\",\"result\":\"42\"}]}");

        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(json, Interaction.class, 1000);

        assertThat(parsed.errors()).isEmpty();
        assertThat(parsed.record().getTimestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_000L));
        assertThat(parsed.record().getToolCalls().get(0).getOutput()).isEqualTo("42");
        assertThat(parsed.record().getToolCalls().get(0).getStatus()).isEqualTo("ok");
        assertThat(parsed.record().getTenant()).isEqualTo("default");
        assertThat(parsed.ignoredFields()).containsExactly("colour");
    }

    @Test
    void shouldReportEveryProblemWithItsPath() throws Exception {
        JsonNode json = JSON.readTree("{\"interactionId\":7,\"timestamp\":\"yesterday\","
                + "\"model\":{\"provider\":\"p\"},\"messages\":[{\"role\":\"user\",\"content\":1.5}],"
                + "\"usage\":{\"inputTokens\":2.5},\"status\":{\"httpStatus\":99999999999},"
                + "\"response\":\"" + "x".repeat(20) + "\"}");

        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(json, Interaction.class, 10);

        assertThat(parsed.valid()).isFalse();
        assertThat(parsed.record()).isNull();
        assertThat(parsed.errors()).extracting(AvroJson.FieldError::toString).containsExactlyInAnyOrder(
                "interactionId: expected a string, got an integer (7)",
                "timestamp: expected an ISO-8601 timestamp with offset (2026-01-31T12:00:00Z), got 'yesterday'",
                "app: required field is missing",
                "model.model: required field is missing",
                "messages[0].content: expected a string, got a number (1.5)",
                "usage.inputTokens: expected an integer, got a number (2.5)",
                "status.httpStatus: expected a 32-bit integer, got an integer (99999999999)",
                "response: string of 20 chars exceeds the limit of 10");
    }

    @Test
    void shouldRejectANonObjectAtTheTop() throws Exception {
        AvroJson.Parsed<Interaction> parsed = AvroJson.fromJson(JSON.readTree("[1,2]"), Interaction.class, 10);

        assertThat(parsed.errors()).extracting(AvroJson.FieldError::toString)
                .containsExactly("$: expected an object, got an array");
    }
}
