package dev.genaimon.ingest.otlp;

import static dev.genaimon.ingest.otlp.OtlpSamples.CHAT_SPAN_ID;
import static dev.genaimon.ingest.otlp.OtlpSamples.START;
import static dev.genaimon.ingest.otlp.OtlpSamples.TOOL_SPAN_ID;
import static dev.genaimon.ingest.otlp.OtlpSamples.TRACE_ID;
import static dev.genaimon.ingest.otlp.OtlpSamples.attr;
import static dev.genaimon.ingest.otlp.OtlpSamples.defaultResource;
import static dev.genaimon.ingest.otlp.OtlpSamples.fullChatSpan;
import static dev.genaimon.ingest.otlp.OtlpSamples.request;
import static dev.genaimon.ingest.otlp.OtlpSamples.resource;
import static dev.genaimon.ingest.otlp.OtlpSamples.span;
import static dev.genaimon.ingest.otlp.OtlpSamples.toolSpan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ToolCall;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Mapping hand-built OTLP spans, checked on the validated {@link Interaction} a publisher would receive. */
class GenAiSpanMapperTest {

    private static final Instant NOW = START.plusSeconds(60);
    private final GenAiSpanMapper mapper = new GenAiSpanMapper(256);
    private final InteractionValidator validator =
            new InteractionValidator(IngestSettings.defaults().itemLimits(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldMapEveryGenAiAttributeOfAChatSpan() {
        OtlpMapping mapping = mapper.map(request(defaultResource(), fullChatSpan()));

        assertThat(mapping.received()).isEqualTo(1);
        assertThat(mapping.rejections()).isEmpty();
        Interaction in = validated(mapping, 0);
        assertThat(in.getInteractionId()).isEqualTo(TRACE_ID + "-" + CHAT_SPAN_ID);
        assertThat(in.getTraceId()).isEqualTo(TRACE_ID);
        assertThat(in.getSpanId()).isEqualTo(CHAT_SPAN_ID);
        assertThat(in.getTimestamp()).isEqualTo(START);
        assertThat(in.getReceivedAt()).isEqualTo(NOW);
        assertThat(in.getSource()).isEqualTo("otlp");
        assertThat(in.getTenant()).isEqualTo("acme");
        assertThat(in.getApp()).isEqualTo("weather-bot");
        assertThat(in.getEnvironment()).isEqualTo("prod");
        assertThat(in.getOperation()).isEqualTo("chat");
        assertThat(in.getModel().getProvider()).isEqualTo("openai");
        assertThat(in.getModel().getModel()).isEqualTo("gpt-4o-2024-08-06");
        assertThat(in.getSystemPrompt()).isEqualTo("You are a weather bot.");
        assertThat(in.getMessages()).extracting(Message::getRole, Message::getContent)
                .containsExactly(tuple("user", "Weather in Paris?"), tuple("assistant", ""), tuple("tool", "ok"));
        assertThat(in.getResponse()).isEqualTo("Let me check.");
        assertThat(in.getFinishReason()).isEqualTo("tool_calls");
        assertThat(in.getConversationId()).isEqualTo("conv-42");
        assertThat(in.getParameters().getTemperature()).isEqualTo(0.2);
        assertThat(in.getParameters().getTopP()).isEqualTo(0.9);
        assertThat(in.getParameters().getMaxTokens()).isEqualTo(256L);
        assertThat(in.getParameters().getSeed()).isEqualTo(7L);
        assertThat(in.getParameters().getFrequencyPenalty()).isEqualTo(0.1);
        assertThat(in.getParameters().getPresencePenalty()).isEqualTo(0.3);
        assertThat(in.getParameters().getStop()).containsExactly("END", "STOP");
        assertThat(in.getUsage().getInputTokens()).isEqualTo(120L);
        assertThat(in.getUsage().getOutputTokens()).isEqualTo(30L);
        assertThat(in.getUsage().getTotalTokens()).isEqualTo(150L);
        assertThat(in.getLatencyMs()).isEqualTo(1500L);
        assertThat(in.getStatus()).as("absent means ok").isNull();
        // the model asked for a tool; without an execute_tool span its outcome is unknown, so it stays "ok"
        assertThat(in.getToolCalls()).extracting(ToolCall::getId, ToolCall::getName, ToolCall::getArguments)
                .containsExactly(tuple("call_1", "get_weather", "{\"city\":\"Paris\"}"));
        assertThat(in.getAttributes()).containsOnly(
                org.assertj.core.api.Assertions.entry("gen_ai.request.model", "gpt-4o"),
                org.assertj.core.api.Assertions.entry("gen_ai.response.id", "chatcmpl-123"),
                org.assertj.core.api.Assertions.entry("server.address", "api.openai.com"),
                org.assertj.core.api.Assertions.entry("server.port", "443"));
    }

    @Test
    void shouldFoldAnExecuteToolChildSpanIntoItsParentsToolCalls() {
        OtlpMapping mapping = mapper.map(request(defaultResource(), fullChatSpan(),
                toolSpan(TOOL_SPAN_ID, CHAT_SPAN_ID, "call_1", 1600),
                toolSpan("00f067aa0ba902b9", CHAT_SPAN_ID, "call_2", 1700)
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))));

        assertThat(mapping.received()).isEqualTo(3);
        assertThat(mapping.interactions()).hasSize(1);
        assertThat(mapping.interactions().get(0).spans()).isEqualTo(3);
        Interaction in = validated(mapping, 0);
        assertThat(in.getToolCalls()).extracting(ToolCall::getId, ToolCall::getName, ToolCall::getArguments,
                        ToolCall::getOutput, ToolCall::getStatus, ToolCall::getLatencyMs)
                .containsExactly(
                        tuple("call_1", "get_weather", "{\"city\":\"Paris\"}", "{\"temp_c\":21}", "ok", 40L),
                        tuple("call_2", "get_weather", "{\"city\":\"Paris\"}", "{\"temp_c\":21}", "error", 40L));
    }

    @Test
    void shouldMapAnExecuteToolSpanWhoseParentIsElsewhereToAnInteractionOfItsOwn() {
        OtlpMapping mapping = mapper.map(request(defaultResource(),
                toolSpan(TOOL_SPAN_ID, "1111111111111111", "call_9", 0)));

        Interaction in = validated(mapping, 0);
        assertThat(in.getInteractionId()).isEqualTo(TRACE_ID + "-" + TOOL_SPAN_ID);
        assertThat(in.getOperation()).isEqualTo("execute_tool");
        assertThat(in.getModel().getProvider()).isEqualTo("unknown");
        assertThat(in.getModel().getModel()).isEqualTo("unknown");
        assertThat(in.getLatencyMs()).isEqualTo(40L);
        assertThat(in.getToolCalls()).extracting(ToolCall::getId, ToolCall::getName, ToolCall::getOutput)
                .containsExactly(tuple("call_9", "get_weather", "{\"temp_c\":21}"));
        assertThat(in.getAttributes()).containsEntry("gen_ai.tool.name", "get_weather")
                .doesNotContainKey("gen_ai.tool.call.arguments").doesNotContainKey("gen_ai.tool.call.result");
    }

    @Test
    void shouldCountSpansWithoutGenAiAttributesAsIgnored() {
        OtlpMapping mapping = mapper.map(request(defaultResource(),
                span("aaaaaaaaaaaaaaaa", null, "GET /weather", 0, 5, attr("http.request.method", "GET")),
                span("bbbbbbbbbbbbbbbb", null, "SELECT", 0, 5, attr("db.system.name", "postgresql"))));

        assertThat(mapping.received()).isEqualTo(2);
        assertThat(mapping.ignored()).isEqualTo(2);
        assertThat(mapping.interactions()).isEmpty();
        assertThat(mapping.rejections()).isEmpty();
    }

    @Test
    void shouldRejectAGenAiSpanWithoutModelAndItsToolSpansWithReasons() {
        OtlpMapping mapping = mapper.map(request(defaultResource(),
                span(CHAT_SPAN_ID, null, "chat", 0, 10, attr("gen_ai.operation.name", "chat"),
                        attr("gen_ai.provider.name", "openai")),
                toolSpan(TOOL_SPAN_ID, CHAT_SPAN_ID, "call_1", 20),
                span("cccccccccccccccc", null, "chat", 0, 10, attr("gen_ai.request.model", "m"))));

        assertThat(mapping.interactions()).isEmpty();
        assertThat(mapping.rejections()).extracting(OtlpMapping.SpanRejection::spanId,
                        OtlpMapping.SpanRejection::reason)
                .containsExactly(tuple(CHAT_SPAN_ID, "missing_model"), tuple("cccccccccccccccc", "missing_provider"),
                        tuple(TOOL_SPAN_ID, "parent_rejected"));
        assertThat(mapping.rejections().get(0).message())
                .isEqualTo("span 00f067aa0ba902b7 'chat' has neither gen_ai.response.model nor gen_ai.request.model");
    }

    @Test
    void shouldMapAnErrorStatusWithErrorTypeAndTheHttpStatusOfA429() {
        OtlpMapping mapping = mapper.map(request(resource(attr("service.name", "bot"),
                        attr("deployment.environment", "staging")),
                span(CHAT_SPAN_ID, null, "chat", 0, 10, attr("gen_ai.operation.name", "chat"),
                        attr("gen_ai.system", "az.ai.openai"), attr("gen_ai.request.model", "gpt-4o-mini"),
                        attr("error.type", "429"))
                        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR)
                                .setMessage("Too Many Requests"))));

        Interaction in = validated(mapping, 0);
        assertThat(in.getTenant()).as("schema default without genaimon.tenant").isEqualTo("default");
        assertThat(in.getEnvironment()).isEqualTo("staging");
        assertThat(in.getModel().getProvider()).isEqualTo("az.ai.openai");
        assertThat(in.getModel().getModel()).isEqualTo("gpt-4o-mini");
        assertThat(in.getStatus().getCode()).isEqualTo("error");
        assertThat(in.getStatus().getHttpStatus()).isEqualTo(429);
        assertThat(in.getStatus().getErrorType()).isEqualTo("429");
        assertThat(in.getStatus().getMessage()).isEqualTo("Too Many Requests");
    }

    @Test
    void shouldTakeTheHttpStatusFromHttpResponseStatusCode() {
        Interaction in = validated(mapper.map(request(defaultResource(), fullChatSpan()
                .addAttributes(attr("http.response.status_code", 503L)).addAttributes(attr("error.type", "timeout")))),
                0);

        assertThat(in.getStatus().getCode()).isEqualTo("error");
        assertThat(in.getStatus().getHttpStatus()).isEqualTo(503);
        assertThat(in.getStatus().getErrorType()).isEqualTo("timeout");
    }

    @Test
    void shouldReadPromptAndCompletionFromTheOlderContentEvents() {
        Span.Builder span = span(CHAT_SPAN_ID, null, "chat", 0, 10, attr("gen_ai.system", "openai"),
                attr("gen_ai.request.model", "gpt-4"), attr("gen_ai.usage.prompt_tokens", "11"),
                attr("gen_ai.usage.completion_tokens", 3.0))
                .addEvents(Span.Event.newBuilder().setName("gen_ai.content.prompt").addAttributes(attr("gen_ai.prompt",
                        "[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]")))
                .addEvents(Span.Event.newBuilder().setName("gen_ai.content.completion")
                        .addAttributes(attr("gen_ai.completion", "[{\"role\":\"assistant\",\"content\":\"Hello!\"}]")));

        Interaction in = validated(mapper.map(request(defaultResource(), span)), 0);

        assertThat(in.getOperation()).isNull();
        assertThat(in.getMessages()).extracting(Message::getRole, Message::getContent)
                .containsExactly(tuple("system", "Be brief."), tuple("user", "Hi"));
        assertThat(in.getResponse()).isEqualTo("Hello!");
        assertThat(in.getUsage().getInputTokens()).isEqualTo(11L);
        assertThat(in.getUsage().getOutputTokens()).isEqualTo(3L);
    }

    @Test
    void shouldReadTheOlderIndexedPromptAndCompletionAttributes() {
        Span.Builder span = span(CHAT_SPAN_ID, null, "chat", 0, 10, attr("gen_ai.system", "anthropic"),
                attr("gen_ai.request.model", "claude"),
                attr("gen_ai.prompt.0.role", "system"), attr("gen_ai.prompt.0.content", "Be brief."),
                attr("gen_ai.prompt.1.role", "user"), attr("gen_ai.prompt.1.content", "Hi"),
                attr("gen_ai.completion.0.content", "Hello!"), attr("gen_ai.completion.0.finish_reason", "stop"));

        Interaction in = validated(mapper.map(request(defaultResource(), span)), 0);

        assertThat(in.getMessages()).extracting(Message::getRole, Message::getContent)
                .containsExactly(tuple("system", "Be brief."), tuple("user", "Hi"));
        assertThat(in.getResponse()).isEqualTo("Hello!");
        assertThat(in.getFinishReason()).isEqualTo("stop");
        assertThat(in.getAttributes()).as("content attributes are never copied")
                .containsOnly(org.assertj.core.api.Assertions.entry("gen_ai.request.model", "claude"));
    }

    @Test
    void shouldReadStructuredContentAttributesAsWell() {
        AnyValue part = AnyValue.newBuilder().setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList
                .newBuilder().addValues(attr("type", "text")).addValues(attr("content", "Hi"))).build();
        AnyValue message = AnyValue.newBuilder().setKvlistValue(io.opentelemetry.proto.common.v1.KeyValueList
                .newBuilder().addValues(attr("role", "user")).addValues(KeyValue.newBuilder().setKey("parts")
                        .setValue(AnyValue.newBuilder().setArrayValue(
                                io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(part))))).build();
        KeyValue input = KeyValue.newBuilder().setKey("gen_ai.input.messages").setValue(AnyValue.newBuilder()
                .setArrayValue(io.opentelemetry.proto.common.v1.ArrayValue.newBuilder().addValues(message))).build();

        Interaction in = validated(mapper.map(request(defaultResource(), span(CHAT_SPAN_ID, null, "chat", 0, 10,
                attr("gen_ai.provider.name", "openai"), attr("gen_ai.request.model", "gpt-4o"), input))), 0);

        assertThat(in.getMessages()).extracting(Message::getRole, Message::getContent)
                .containsExactly(tuple("user", "Hi"));
    }

    @Test
    void shouldGiveARetriedExportTheSameInteractionIds() {
        OtlpMapping first = mapper.map(request(defaultResource(), fullChatSpan()));
        OtlpMapping retry = mapper.map(request(defaultResource(), fullChatSpan()));

        assertThat(retry.interactions().get(0).json()).isEqualTo(first.interactions().get(0).json());
    }

    private Interaction validated(OtlpMapping mapping, int index) {
        InteractionValidator.Result result = validator.validate(mapping.interactions().get(index).json(), null,
                "otlp");
        assertThat(result.errors()).isEmpty();
        assertThat(result.warnings()).isEmpty();
        return result.interaction();
    }
}
