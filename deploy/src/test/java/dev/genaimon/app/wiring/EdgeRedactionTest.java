package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.evaluators.safety.pii.PiiDetector;
import dev.genaimon.evaluators.safety.pii.Redactor;
import dev.genaimon.schemas.avro.CallStatus;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.ToolCall;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeRedactionTest {

    private static final String EMAIL = "maria.lopez@example.com";

    @Test
    void shouldMaskPiiInEveryTextFieldAndCountItAtTheEdge() {
        Map<String, String> attributes = new HashMap<>(Map.of("customer", EMAIL, "plan", "gold"));
        Interaction in = Interaction.newBuilder().setInteractionId("i-1").setTimestamp(Instant.EPOCH).setApp("bot")
                .setModel(new ModelDeployment("openai", "gpt-4o", null, null))
                .setSystemPrompt("Escalate to " + EMAIL)
                .setMessages(List.of(new Message("user", "I am " + EMAIL, null)))
                .setContext(List.of(new ContextDocument("d", "owner " + EMAIL, null, null)))
                .setToolCalls(List.of(new ToolCall(null, "mail", "{\"to\":\"" + EMAIL + "\"}", EMAIL, "ok", null)))
                .setResponse("Sent to " + EMAIL).setGroundTruth(EMAIL)
                .setStatus(new CallStatus("error", null, null, "bounce from " + EMAIL))
                .setAttributes(attributes)
                .build();

        Interaction out = new EdgeRedaction(PiiDetector.createDefault(), Redactor.maskAll()).apply(in);

        assertThat(out.toString()).doesNotContain(EMAIL);
        assertThat(out.getResponse()).isEqualTo("Sent to <EMAIL_ADDRESS>");
        assertThat(out.getAttributes()).containsEntry("plan", "gold").containsEntry("customer", "<EMAIL_ADDRESS>");
        assertThat(out.getRedaction().getPiiRedacted()).isEqualTo(9); // one address in each of nine texts
        assertThat(out.getRedaction().getAtEdge()).isTrue();
        assertThat(out.getRedaction().getContentCaptured()).isTrue();
    }
}
