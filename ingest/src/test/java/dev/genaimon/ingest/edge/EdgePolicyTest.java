package dev.genaimon.ingest.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.publish.Outgoing;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.RedactionInfo;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdgePolicyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String EMAIL = "maria.lopez@example.com";
    /** Stands in for the PII redactor wired in deploy: replaces the one e-mail address and counts it. */
    private static final EdgeTransform FAKE_REDACTOR = interaction -> {
        interaction.setResponse(interaction.getResponse().replace(EMAIL, "<EMAIL_ADDRESS>"));
        interaction.setRedaction(new RedactionInfo(1, true, true));
        return interaction;
    };

    private static InteractionValidator validator(EdgeTransform edge) {
        return new InteractionValidator(IngestSettings.defaults().itemLimits(), Clock.fixed(NOW, ZoneOffset.UTC), edge);
    }

    private static ObjectNode item(String tenant) {
        ObjectNode item = JSON.createObjectNode().put("app", "bot").put("tenant", tenant)
                .put("timestamp", "2026-11-23T11:00:00Z").put("systemPrompt", "Be brief.")
                .put("response", "Write to " + EMAIL + " please.").put("latencyMs", 900).put("groundTruth", "x");
        item.putObject("model").put("provider", "openai").put("model", "gpt-4o");
        item.putArray("messages").addObject().put("role", "user").put("content", "How do I reach support?");
        item.putArray("context").addObject().put("id", "kb-1").put("content", "Support: " + EMAIL);
        item.putArray("toolCalls").addObject().put("name", "lookup").put("arguments", "{\"q\":\"" + EMAIL + "\"}")
                .put("output", EMAIL);
        item.putObject("usage").put("inputTokens", 12).put("outputTokens", 7);
        item.putObject("status").put("code", "error").put("message", "mailbox " + EMAIL + " full");
        return item;
    }

    private final EdgePolicy policy = new EdgePolicy(Set.of("quiet"), false, Set.of("careful"), FAKE_REDACTOR);

    @Test
    void shouldRemoveEveryTextOfAMetadataOnlyTenantAndKeepLengthsTokensModelAndLatency() {
        Interaction out = validator(policy).validate(item("quiet"), null, "http").interaction();

        assertThat(out.getSystemPrompt()).isNull();
        assertThat(out.getResponse()).isNull();
        assertThat(out.getGroundTruth()).isNull();
        assertThat(out.getMessages().get(0).getContent()).isEmpty();
        assertThat(out.getMessages().get(0).getRole()).isEqualTo("user");
        assertThat(out.getContext().get(0).getContent()).isEmpty();
        assertThat(out.getContext().get(0).getId()).isEqualTo("kb-1");
        assertThat(out.getToolCalls().get(0).getArguments()).isNull();
        assertThat(out.getToolCalls().get(0).getOutput()).isNull();
        assertThat(out.getToolCalls().get(0).getName()).isEqualTo("lookup");
        assertThat(out.getStatus().getMessage()).isNull();
        assertThat(out.getStatus().getCode()).isEqualTo("error");
        assertThat(out.toString()).doesNotContain(EMAIL).doesNotContain("support?").doesNotContain("Be brief");

        assertThat(out.getModel().getModel()).isEqualTo("gpt-4o");
        assertThat(out.getLatencyMs()).isEqualTo(900L);
        assertThat(out.getUsage().getInputTokens()).isEqualTo(12L);
        assertThat(out.getFeatures().getNumeric()).containsEntry("prompt_chars", 23.0)
                .containsEntry("system_prompt_chars", 9.0)
                .containsEntry("response_chars", (double) ("Write to " + EMAIL + " please.").length())
                .containsEntry("context_chars", (double) ("Support: " + EMAIL).length());
        assertThat(out.getRedaction()).isEqualTo(new RedactionInfo(0, false, true));
    }

    @Test
    void shouldRedactOnlyTheListedTenantsAndLeaveTheOthersAlone() {
        Interaction careful = validator(policy).validate(item("careful"), null, "http").interaction();
        Interaction other = validator(policy).validate(item("other"), null, "http").interaction();

        assertThat(careful.getResponse()).isEqualTo("Write to <EMAIL_ADDRESS> please.");
        assertThat(careful.getRedaction().getAtEdge()).isTrue();
        assertThat(other.getResponse()).contains(EMAIL);
        assertThat(other.getRedaction()).isNull();
    }

    @Test
    void shouldRedactEveryTenantWhenRedactionIsEdgeForAll() {
        EdgePolicy all = new EdgePolicy(Set.of(), true, Set.of(), FAKE_REDACTOR);

        assertThat(validator(all).validate(item("anyone"), null, "http").interaction().getResponse())
                .doesNotContain(EMAIL);
        assertThat(all.inactive()).isFalse();
        assertThat(new EdgePolicy(Set.of(), false, Set.of(), null).inactive()).isTrue();
    }

    @Test
    void shouldNotTransformInvalidItemsAndKeepTheirErrors() {
        ObjectNode invalid = item("careful");
        invalid.remove("app");
        EdgeTransform failing = interaction -> {
            throw new AssertionError("an invalid item must not reach the edge transform");
        };

        InteractionValidator.Result result = validator(failing).validate(invalid, null, "http");

        assertThat(result.valid()).isFalse();
        assertThat(result.errors()).extracting(e -> e.path()).containsExactly("app");
    }

    @Test
    void shouldPutTheRedactedRecordAndNotTheReceivedJsonInADeadLetter() {
        ObjectNode received = item("careful");
        Interaction redacted = validator(policy).validate(received, null, "http").interaction();

        Outgoing<Interaction> outgoing = Outgoing.of(redacted,
                () -> received.toString().getBytes(StandardCharsets.UTF_8));

        assertThat(outgoing.payloadRedacted()).isTrue();
        assertThat(new String(outgoing.originalJson().get(), StandardCharsets.UTF_8))
                .contains("<EMAIL_ADDRESS>").contains("\"atEdge\":true");
        Interaction untouched = validator(EdgeTransform.NONE).validate(item("other"), null, "http").interaction();
        assertThat(Outgoing.of(untouched, () -> new byte[] {1}).payloadRedacted()).isFalse();
    }

    @Test
    void shouldRequireARedactorWhenRedactionIsConfigured() {
        assertThatThrownBy(() -> new EdgePolicy(Set.of(), false, Set.of("careful"), null))
                .hasMessageContaining("no redactor");
    }
}
