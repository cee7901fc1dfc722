package dev.genaimon.ingest.otlp;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/** Hand-built OTLP requests for the mapping tests. */
final class OtlpSamples {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CHAT_SPAN_ID = "00f067aa0ba902b7";
    static final String TOOL_SPAN_ID = "00f067aa0ba902b8";
    static final Instant START = Instant.parse("2026-11-23T11:59:00.123Z");
    static final long START_NANOS = START.getEpochSecond() * 1_000_000_000L + START.getNano();

    static final String INPUT_MESSAGES = """
            [{"role":"user","parts":[{"type":"text","content":"Weather in Paris?"}]},
             {"role":"assistant","parts":[{"type":"tool_call","id":"call_0","name":"old_tool","arguments":{}}]},
             {"role":"tool","parts":[{"type":"tool_call_response","id":"call_0","response":"ok"}]}]""";
    static final String OUTPUT_MESSAGES = """
            [{"role":"assistant","parts":[{"type":"text","content":"Let me check."},
              {"type":"tool_call","id":"call_1","name":"get_weather","arguments":{"city":"Paris"}}],
              "finish_reason":"tool_call"}]""";
    static final String SYSTEM_INSTRUCTIONS = "[{\"type\":\"text\",\"content\":\"You are a weather bot.\"}]";

    private OtlpSamples() {
    }

    static KeyValue attr(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static KeyValue attr(String key, long value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
    }

    static KeyValue attr(String key, double value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setDoubleValue(value)).build();
    }

    static KeyValue attr(String key, String... values) {
        ArrayValue.Builder array = ArrayValue.newBuilder();
        Arrays.stream(values).forEach(v -> array.addValues(AnyValue.newBuilder().setStringValue(v)));
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setArrayValue(array)).build();
    }

    static Resource resource(KeyValue... attributes) {
        return Resource.newBuilder().addAllAttributes(Arrays.asList(attributes)).build();
    }

    static Resource defaultResource() {
        return resource(attr("service.name", "weather-bot"), attr("deployment.environment.name", "prod"),
                attr("genaimon.tenant", "acme"));
    }

    static ByteString id(String hex) {
        return ByteString.copyFrom(HexFormat.of().parseHex(hex));
    }

    static Span.Builder span(String spanId, String parentSpanId, String name, long offsetMs, long durationMs,
                             KeyValue... attributes) {
        long start = START_NANOS + offsetMs * 1_000_000;
        Span.Builder span = Span.newBuilder().setTraceId(id(TRACE_ID)).setSpanId(id(spanId)).setName(name)
                .setKind(Span.SpanKind.SPAN_KIND_CLIENT)
                .setStartTimeUnixNano(start).setEndTimeUnixNano(start + durationMs * 1_000_000)
                .addAllAttributes(Arrays.asList(attributes));
        if (parentSpanId != null) {
            span.setParentSpanId(id(parentSpanId));
        }
        return span;
    }

    /** A chat span with every GenAI attribute genaimon maps. */
    static Span.Builder fullChatSpan() {
        return span(CHAT_SPAN_ID, null, "chat gpt-4o", 0, 1500,
                attr("gen_ai.operation.name", "chat"),
                attr("gen_ai.provider.name", "openai"),
                attr("gen_ai.request.model", "gpt-4o"),
                attr("gen_ai.response.model", "gpt-4o-2024-08-06"),
                attr("gen_ai.usage.input_tokens", 120L),
                attr("gen_ai.usage.output_tokens", 30L),
                attr("gen_ai.response.finish_reasons", "tool_calls", "stop"),
                attr("gen_ai.conversation.id", "conv-42"),
                attr("gen_ai.request.temperature", 0.2),
                attr("gen_ai.request.top_p", 0.9),
                attr("gen_ai.request.max_tokens", 256L),
                attr("gen_ai.request.seed", 7L),
                attr("gen_ai.request.frequency_penalty", 0.1),
                attr("gen_ai.request.presence_penalty", 0.3),
                attr("gen_ai.request.stop_sequences", "END", "STOP"),
                attr("gen_ai.system_instructions", SYSTEM_INSTRUCTIONS),
                attr("gen_ai.input.messages", INPUT_MESSAGES),
                attr("gen_ai.output.messages", OUTPUT_MESSAGES),
                attr("gen_ai.response.id", "chatcmpl-123"),
                attr("server.address", "api.openai.com"),
                attr("server.port", 443L));
    }

    static Span.Builder toolSpan(String spanId, String parentSpanId, String callId, long offsetMs) {
        return span(spanId, parentSpanId, "execute_tool get_weather", offsetMs, 40,
                attr("gen_ai.operation.name", "execute_tool"),
                attr("gen_ai.tool.name", "get_weather"),
                attr("gen_ai.tool.call.id", callId),
                attr("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}"),
                attr("gen_ai.tool.call.result", "{\"temp_c\":21}"));
    }

    static ExportTraceServiceRequest request(Resource resource, Span.Builder... spans) {
        ScopeSpans.Builder scope = ScopeSpans.newBuilder()
                .setScope(InstrumentationScope.newBuilder().setName("test").build());
        Arrays.stream(spans).forEach(scope::addSpans);
        return ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setResource(resource).addScopeSpans(scope)).build();
    }
}
