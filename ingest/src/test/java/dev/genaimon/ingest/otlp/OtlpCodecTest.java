package dev.genaimon.ingest.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.ToolCall;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** OTLP/JSON and protobuf decoding, on a realistic body as an OpenTelemetry Python exporter would send it. */
class OtlpCodecTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

    @Test
    void shouldDecodeOtlpJsonWithHexIdsEnumsAsIntsOrNamesAndIntegersAsStringsOrNumbers() throws Exception {
        ExportTraceServiceRequest request = OtlpCodec.decode(sample(), OtlpEncoding.JSON);

        Span chat = request.getResourceSpans(0).getScopeSpans(0).getSpans(0);
        Span tool = request.getResourceSpans(0).getScopeSpans(0).getSpans(1);
        assertThat(GenAiSpanMapper.hex(chat.getTraceId())).isEqualTo("5b8efff798038103d269b633813fc60c");
        assertThat(GenAiSpanMapper.hex(chat.getSpanId())).isEqualTo("eee19b7ec3c1b174");
        assertThat(GenAiSpanMapper.hex(tool.getParentSpanId())).isEqualTo("eee19b7ec3c1b174");
        assertThat(chat.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(tool.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_INTERNAL);
        assertThat(chat.getStartTimeUnixNano()).isEqualTo(1_795_435_140_123_000_000L);
        assertThat(tool.getEndTimeUnixNano()).isEqualTo(1_795_435_141_650_000_000L);
        assertThat(tool.getStatus().getCode()).isEqualTo(Status.StatusCode.STATUS_CODE_ERROR);
    }

    @Test
    void shouldMapTheJsonSampleToOneInteractionWithItsFailedToolCall() throws Exception {
        OtlpMapping mapping = new GenAiSpanMapper(256).map(OtlpCodec.decode(sample(), OtlpEncoding.JSON));

        assertThat(mapping.received()).isEqualTo(3);
        assertThat(mapping.ignored()).isEqualTo(1);
        assertThat(mapping.rejections()).isEmpty();
        assertThat(mapping.interactions()).singleElement().extracting(OtlpMapping.MappedInteraction::spans)
                .isEqualTo(2);
        InteractionValidator.Result result = new InteractionValidator(IngestSettings.defaults().itemLimits(),
                Clock.fixed(NOW, ZoneOffset.UTC)).validate(mapping.interactions().get(0).json(), null, "otlp");
        assertThat(result.errors()).isEmpty();
        Interaction in = result.interaction();
        assertThat(in.getInteractionId()).isEqualTo("5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174");
        assertThat(in.getTimestamp()).isEqualTo(Instant.parse("2026-11-23T11:59:00.123Z"));
        assertThat(in.getLatencyMs()).isEqualTo(1250L);
        assertThat(in.getTenant()).isEqualTo("globex");
        assertThat(in.getApp()).isEqualTo("travel-agent");
        assertThat(in.getEnvironment()).isEqualTo("staging");
        assertThat(in.getOperation()).isEqualTo("chat");
        assertThat(in.getModel().getProvider()).isEqualTo("azure.ai.openai");
        assertThat(in.getModel().getModel()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(in.getSystemPrompt()).isEqualTo("You book trains.");
        assertThat(in.getMessages()).singleElement().satisfies(m -> {
            assertThat(m.getRole()).isEqualTo("user");
            assertThat(m.getContent()).isEqualTo("Find a train to Lyon tomorrow morning");
        });
        assertThat(in.getResponse()).as("the turn only called a tool").isNull();
        assertThat(in.getFinishReason()).isEqualTo("tool_calls");
        assertThat(in.getConversationId()).isEqualTo("trip-2026-11");
        assertThat(in.getParameters().getTemperature()).isEqualTo(0.7);
        assertThat(in.getParameters().getMaxTokens()).isEqualTo(512L);
        assertThat(in.getUsage().getInputTokens()).isEqualTo(83L);
        assertThat(in.getUsage().getOutputTokens()).isEqualTo(17L);
        assertThat(in.getStatus()).isNull();
        assertThat(in.getToolCalls()).extracting(ToolCall::getId, ToolCall::getName, ToolCall::getArguments,
                        ToolCall::getOutput, ToolCall::getStatus, ToolCall::getLatencyMs)
                .containsExactly(tuple("call_abc", "search_trains", "{\"to\":\"Lyon\"}", "upstream timeout", "error",
                        250L));
        assertThat(in.getAttributes()).containsOnly(entry("gen_ai.request.model", "gpt-4o-mini"),
                entry("server.address", "globex.openai.azure.com"));
    }

    @Test
    void shouldDecodeTheSameRequestFromProtobufAsFromJson() throws Exception {
        ExportTraceServiceRequest fromJson = OtlpCodec.decode(sample(), OtlpEncoding.JSON);

        assertThat(OtlpCodec.decode(fromJson.toByteArray(), OtlpEncoding.PROTOBUF)).isEqualTo(fromJson);
    }

    @Test
    void shouldAcceptTheOriginalSnakeCaseFieldNamesToo() throws Exception {
        String snake = new String(sample(), StandardCharsets.UTF_8).replace("resourceSpans", "resource_spans")
                .replace("scopeSpans", "scope_spans").replace("\"traceId\"", "\"trace_id\"")
                .replace("\"spanId\"", "\"span_id\"").replace("parentSpanId", "parent_span_id");

        assertThat(OtlpCodec.decode(snake.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON))
                .isEqualTo(OtlpCodec.decode(sample(), OtlpEncoding.JSON));
    }

    @Test
    void shouldRejectATraceIdThatIsNotHexNamingTheField() {
        String body = new String(sample(), StandardCharsets.UTF_8).replace("eee19b7ec3c1b175", "not-hex!");

        assertThatThrownBy(() -> OtlpCodec.decode(body.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessage("resourceSpans[0].scopeSpans[0].spans[1].spanId must be a hex string (OTLP/JSON encodes"
                        + " trace and span ids as hex), got 'not-hex!'");
    }

    @Test
    void shouldRejectMalformedJsonWithItsPosition() {
        assertThatThrownBy(() -> OtlpCodec.decode("{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8),
                OtlpEncoding.JSON))
                .isInstanceOf(MalformedOtlpException.class).hasMessageStartingWith("malformed JSON: ")
                .hasMessageContaining("line 1, column");
        assertThatThrownBy(() -> OtlpCodec.decode("[]".getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON))
                .isInstanceOf(MalformedOtlpException.class).hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> OtlpCodec.decode("{\"resourceSpans\": 3}".getBytes(StandardCharsets.UTF_8),
                OtlpEncoding.JSON))
                .isInstanceOf(MalformedOtlpException.class).hasMessageStartingWith("not an OTLP/JSON");
    }

    @Test
    void shouldRejectBytesThatAreNotAProtobufExportRequest() {
        assertThatThrownBy(() -> OtlpCodec.decode(new byte[] {0x0a, 0x7f, 0x01}, OtlpEncoding.PROTOBUF))
                .isInstanceOf(MalformedOtlpException.class)
                .hasMessageStartingWith("body is not a protobuf ExportTraceServiceRequest: ");
    }

    @Test
    void shouldWriteTheResponseInTheRequestsEncoding() throws Exception {
        ExportTraceServiceResponse response = ExportTraceServiceResponse.newBuilder().setPartialSuccess(
                ExportTracePartialSuccess.newBuilder().setRejectedSpans(2).setErrorMessage("why")).build();

        assertThat(new String(OtlpCodec.encode(response, OtlpEncoding.JSON), StandardCharsets.UTF_8))
                .isEqualTo("{\"partialSuccess\":{\"rejectedSpans\":\"2\",\"errorMessage\":\"why\"}}");
        assertThat(ExportTraceServiceResponse.parseFrom(OtlpCodec.encode(response, OtlpEncoding.PROTOBUF)))
                .isEqualTo(response);
        assertThat(OtlpEncoding.of("application/json; charset=utf-8")).contains(OtlpEncoding.JSON);
        assertThat(OtlpEncoding.of("application/x-protobuf")).contains(OtlpEncoding.PROTOBUF);
        assertThat(OtlpEncoding.of("text/plain")).isEmpty();
    }

    static byte[] sample() {
        try (InputStream in = OtlpCodecTest.class.getResourceAsStream("/otlp/chat-with-tool.json")) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
