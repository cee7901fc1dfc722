package dev.genaimon.schemas.validate;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class InteractionValidatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private final InteractionValidator validator =
            new InteractionValidator(ItemLimits.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

    private static ObjectNode valid() {
        ObjectNode item = JSON.createObjectNode().put("app", "bot").put("timestamp", "2026-11-23T11:00:00Z");
        item.putObject("model").put("provider", "openai").put("model", "gpt-4o");
        return item;
    }

    @Test
    void shouldFillIdReceiveTimeSourceAndHashRawUserIds() {
        ObjectNode item = valid().put("userId", "alice@example.com").put("sessionId", "s-1");
        item.remove("timestamp");

        InteractionValidator.Result result = validator.validate(item, null, "http");

        assertThat(result.errors()).isEmpty();
        assertThat(result.interaction().getInteractionId()).hasSize(36);
        assertThat(result.interaction().getTimestamp()).isEqualTo(NOW);
        assertThat(result.interaction().getReceivedAt()).isEqualTo(NOW);
        assertThat(result.interaction().getUserIdHash()).hasSize(32).doesNotContain("alice");
        assertThat(result.interaction().getUserIdHash())
                .isEqualTo(InteractionValidator.hash("genaimon", "alice@example.com"));
        assertThat(result.interaction().getAttributes()).isNull();
    }

    @Test
    void shouldCheckWhatTheSchemaCannotSay() {
        ObjectNode item = valid().put("timestamp", "2026-11-23T14:00:00Z").put("traceId", "XYZ").put("latencyMs", 10)
                .put("timeToFirstTokenMs", 20);
        item.putArray("messages").addObject().put("role", "robot").put("content", "hi");
        item.putObject("usage").put("inputTokens", -3);
        item.putObject("status").put("code", "maybe").put("httpStatus", 42);

        InteractionValidator.Result result = validator.validate(item, null, "http");

        assertThat(result.errors()).extracting(ItemError::path).containsExactlyInAnyOrder("timestamp", "traceId",
                "messages[0].role", "usage.inputTokens", "timeToFirstTokenMs", "status.code", "status.httpStatus");
        assertThat(result.interaction()).isNull();
    }

    @Test
    void shouldRejectTimestampsTooOldAndBothRawAndHashedIds() {
        ObjectNode item = valid().put("timestamp", "2026-01-01T00:00:00Z").put("userId", "a").put("userIdHash", "b");

        assertThat(validator.validate(item, null, "http").errors()).extracting(ItemError::path)
                .containsExactlyInAnyOrder("timestamp", "userId");
    }

    @Property(tries = 1000)
    void anyMutationIsAcceptedOrRejectedWithReasons(@ForAll("mutated") JsonNode item) {
        InteractionValidator.Result result = validator.validate(item, null, "http");

        assertThat(result.valid()).isEqualTo(result.interaction() != null);
        assertThat(result.errors()).allSatisfy(e -> assertThat(e.message()).isNotBlank());
    }

    @Provide
    Arbitrary<JsonNode> mutated() {
        Arbitrary<String> fields = Arbitraries.of("app", "timestamp", "model", "messages", "usage", "latencyMs",
                "traceId", "status", "toolCalls", "context", "userId", "tenant", "interactionId");
        Arbitrary<JsonNode> values = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(40).map(JSON.getNodeFactory()::textNode),
                Arbitraries.longs().map(JSON.getNodeFactory()::numberNode),
                Arbitraries.just(JSON.getNodeFactory().nullNode()),
                Arbitraries.just(JSON.createArrayNode().add(JSON.createObjectNode().put("role", "user"))),
                Arbitraries.just(JSON.createObjectNode().put("code", "error")));
        return fields.flatMap(f -> values.map(v -> {
            ObjectNode item = valid();
            item.set(f, v);
            return item;
        }));
    }
}
