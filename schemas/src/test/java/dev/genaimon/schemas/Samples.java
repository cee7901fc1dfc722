package dev.genaimon.schemas;

import dev.genaimon.schemas.avro.CallStatus;
import dev.genaimon.schemas.avro.ContextDocument;
import dev.genaimon.schemas.avro.GenerationParameters;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ModelDeployment;
import dev.genaimon.schemas.avro.PromptTemplate;
import dev.genaimon.schemas.avro.TokenUsage;
import dev.genaimon.schemas.avro.ToolCall;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Test data: interactions with every field set. */
public final class Samples {

    private Samples() {
    }

    public static Interaction fullInteraction(String id) {
        return Interaction.newBuilder()
                .setInteractionId(id)
                .setTraceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .setSpanId("00f067aa0ba902b7")
                .setTimestamp(Instant.parse("2026-11-23T10:15:30.123Z"))
                .setReceivedAt(Instant.parse("2026-11-23T10:15:31Z"))
                .setSource("http")
                .setTenant("acme")
                .setApp("support-bot")
                .setEnvironment("prod")
                .setOperation("chat")
                .setModel(new ModelDeployment("azure.ai.openai", "gpt-4o-mini", "2024-07-18", "support-gpt4o"))
                .setPromptTemplate(new PromptTemplate("support-answer", "v3"))
                .setSystemPrompt("You are a helpful support agent. Answer from the context only.")
                .setMessages(List.of(new Message("user", "How do I reset my password?", null)))
                .setParameters(GenerationParameters.newBuilder().setTemperature(0.2).setMaxTokens(512L)
                        .setStop(List.of("###")).build())
                .setResponse("Open Settings > Security and choose Reset password.")
                .setFinishReason("stop")
                .setContext(List.of(new ContextDocument("kb-42", "To reset a password, open Settings > Security.",
                        0.87, "kb")))
                .setToolCalls(List.of(new ToolCall("call_1", "lookup_account", "{\"user\":\"u1\"}", "{\"ok\":true}",
                        "ok", 35L)))
                .setUsage(new TokenUsage(42L, 17L, 59L, null))
                .setLatencyMs(812L)
                .setTimeToFirstTokenMs(210L)
                .setStatus(new CallStatus("ok", 200, null, null))
                .setUserIdHash("9f86d081884c7d65")
                .setSessionIdHash("2c26b46b68ffc68f")
                .setConversationId("conv-7")
                .setGroundTruth(null)
                .setAttributes(Map.of("region", "westeurope"))
                .build();
    }

    public static Interaction minimalInteraction(String id) {
        return Interaction.newBuilder()
                .setInteractionId(id)
                .setTimestamp(Instant.parse("2026-11-23T10:15:30Z"))
                .setApp("support-bot")
                .setModel(ModelDeployment.newBuilder().setProvider("openai").setModel("gpt-4o").build())
                .build();
    }
}
