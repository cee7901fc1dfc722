package dev.genaimon.ingest.otlp;

import static io.opentelemetry.api.common.AttributeKey.doubleKey;
import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.UnknownFieldSet;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.http.IngestServer;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.IngestSinks;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.avro.Message;
import dev.genaimon.schemas.avro.ToolCall;
import dev.genaimon.schemas.serde.AvroSerdes;
import dev.genaimon.schemas.topics.TopicSettings;
import dev.genaimon.schemas.topics.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The OTLP receiver over loopback, fed by the real OpenTelemetry Java SDK and OTLP exporter, with Kafka's
 * MockProducer standing in for the broker.
 */
class OtlpReceiverEndToEndTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = OtlpSamples.START.plusSeconds(60);
    private static final String KEY = "s3cret";

    private final Topics topics = new Topics(TopicSettings.defaults(), AvroSerdes.singleObject());
    private final HttpClient http = HttpClient.newHttpClient();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private MockProducer<byte[], byte[]> producer = new MockProducer<>(true, null, new ByteArraySerializer(),
            new ByteArraySerializer());
    private IngestServer server;

    private void start(IngestSettings settings, Clock clock) {
        IngestSinks sinks = new IngestSinks(new AvroPublisher(producer, topics.dlq(), Duration.ofSeconds(2), clock),
                topics.interactionsRaw(), topics.feedback());
        server = IngestServer.start(settings.withPort(0), sinks, () -> null, meters, clock, null);
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void shouldMapAChatSpanAndItsToolSpanExportedByTheJavaSdkOverProtobufWithGzip() throws Exception {
        start(IngestSettings.defaults().withApiKeyHashes(Map.of("acme", Set.of(ApiKeyAuthenticator.sha256Hex(KEY)))),
                Clock.systemUTC());
        List<SpanData> spans = recordChatWithToolCall();
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + server.port() + "/v1/traces")
                .setCompression("gzip")
                .addHeader("Authorization", "Bearer " + KEY)
                .build();
        try {
            CompletableResultCode result = exporter.export(spans).join(10, TimeUnit.SECONDS);
            assertThat(result.isSuccess()).isTrue();
        } finally {
            exporter.shutdown().join(5, TimeUnit.SECONDS);
        }

        assertThat(producer.history()).hasSize(1);
        assertChatInteraction(producer.history().get(0), spans);
        assertThat(spanCount("received", "none")).isEqualTo(3);
        assertThat(spanCount("mapped", "interaction")).isEqualTo(1);
        assertThat(spanCount("mapped", "tool_call")).isEqualTo(1);
        assertThat(spanCount("ignored", "not_genai")).isEqualTo(1);
    }

    @Test
    void shouldMapTheSameSpansPostedAsOtlpJsonAndAnswerInJson() throws Exception {
        start(IngestSettings.defaults().withApiKeyHashes(Map.of("acme", Set.of(ApiKeyAuthenticator.sha256Hex(KEY)))),
                Clock.systemUTC());
        List<SpanData> spans = recordChatWithToolCall();
        // OtlpHttpSpanExporter has no JSON mode; this is the SDK's own OTLP/JSON encoder (an internal class)
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        TraceRequestMarshaler.create(spans).writeJsonTo(body);

        HttpResponse<String> response = post(body.toByteArray(), "application/json",
                Map.of("X-Api-Key", KEY));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(response.body()).isEqualTo("{}");
        assertThat(producer.history()).hasSize(1);
        assertChatInteraction(producer.history().get(0), spans);
    }

    @Test
    void shouldReportUnmappableGenAiSpansInPartialSuccessAndWriteTheRest() throws Exception {
        start(IngestSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        byte[] body = OtlpSamples.request(OtlpSamples.defaultResource(), OtlpSamples.fullChatSpan(),
                OtlpSamples.span("cccccccccccccccc", null, "chat", 0, 10,
                        OtlpSamples.attr("gen_ai.provider.name", "openai"))).toByteArray();

        HttpResponse<byte[]> response = http.send(request(body, "application/x-protobuf", Map.of()).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(response.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).isEqualTo("1 GenAI span(s) rejected: span"
                + " cccccccccccccccc 'chat' has neither gen_ai.response.model nor gen_ai.request.model");
        assertThat(producer.history()).extracting(r -> new String(r.key()))
                .containsExactly(OtlpSamples.TRACE_ID + "-" + OtlpSamples.CHAT_SPAN_ID);
        assertThat(spanCount("rejected", "missing_model")).isEqualTo(1);
    }

    @Test
    void shouldRejectASpanTheValidatorRefusesWithItsFieldAndReason() throws Exception {
        start(IngestSettings.defaults(), Clock.fixed(NOW.plus(Duration.ofDays(30)), ZoneOffset.UTC));

        HttpResponse<String> response = post(JSON.writeValueAsBytes(JSON.readTree(
                com.google.protobuf.util.JsonFormat.printer().print(OtlpSamples.request(OtlpSamples.defaultResource(),
                        OtlpSamples.fullChatSpan())))), "application/json", Map.of());

        // protobuf JSON has base64 ids, which are not hex: a 400 naming the field
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("message").asText()).contains("traceId must be a hex string");

        byte[] body = OtlpSamples.request(OtlpSamples.defaultResource(), OtlpSamples.fullChatSpan()).toByteArray();
        HttpResponse<byte[]> tooOld = http.send(request(body, "application/x-protobuf", Map.of()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        ExportTraceServiceResponse answer = ExportTraceServiceResponse.parseFrom(tooOld.body());
        assertThat(answer.getPartialSuccess().getRejectedSpans()).isEqualTo(1);
        assertThat(answer.getPartialSuccess().getErrorMessage()).contains("span 00f067aa0ba902b7 is invalid: "
                + "timestamp is 2026-11-23T11:59:00.123Z, older than the accepted");
        assertThat(producer.history()).isEmpty();
        assertThat(spanCount("rejected", "invalid")).isEqualTo(1);
    }

    @Test
    void shouldAnswer415ForOtherContentTypesAnd400WithAnRpcStatusForUndecodableProtobuf() throws Exception {
        start(IngestSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));

        HttpResponse<String> wrongType = post("{}".getBytes(), "text/plain", Map.of());
        HttpResponse<byte[]> garbage = http.send(request(new byte[] {0x0a, 0x7f, 0x01}, "application/x-protobuf",
                Map.of()).build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(wrongType.statusCode()).isEqualTo(415);
        assertThat(JSON.readTree(wrongType.body()).get("message").asText())
                .contains("application/x-protobuf or application/json");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(garbage.headers().firstValue("Content-Type")).contains("application/x-protobuf");
        UnknownFieldSet status = UnknownFieldSet.parseFrom(garbage.body()); // google.rpc.Status
        assertThat(status.getField(1).getVarintList()).containsExactly(3L);
        assertThat(status.getField(2).getLengthDelimitedList().get(0).toStringUtf8())
                .startsWith("body is not a protobuf ExportTraceServiceRequest");
    }

    @Test
    void shouldAnswer413ForABodyOrAGzipBombOverTheLimit() throws Exception {
        start(IngestSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bomb)) {
            gzip.write(new byte[8 * 1024 * 1024]);
        }

        HttpResponse<String> tooLarge = post(new byte[2 * 1024 * 1024], "application/x-protobuf", Map.of());
        HttpResponse<String> bombed = post(bomb.toByteArray(), "application/json",
                Map.of("Content-Encoding", "gzip"));

        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(bombed.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(bombed.body()).get("message").asText()).contains("exceeds the limit");
    }

    @Test
    void shouldAnswer503WithRetryAfterWhenKafkaIsUnavailable() throws Exception {
        producer = new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        start(IngestSettings.defaults(), Clock.fixed(NOW, ZoneOffset.UTC));
        Thread failer = new Thread(() -> {
            while (!producer.errorNext(new TimeoutException("broker down"))) {
                Thread.onSpinWait();
            }
        });
        failer.start();

        HttpResponse<byte[]> response = http.send(request(OtlpSamples.request(OtlpSamples.defaultResource(),
                OtlpSamples.fullChatSpan()).toByteArray(), "application/x-protobuf", Map.of()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        failer.join(5000);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("5");
        assertThat(UnknownFieldSet.parseFrom(response.body()).getField(1).getVarintList()).containsExactly(14L);
        assertThat(spanCount("rejected", "kafka_unavailable")).isEqualTo(1);
    }

    /** Records, with the real SDK, a chat span with GenAI attributes, an execute_tool child and a plain span. */
    private static List<SpanData> recordChatWithToolCall() {
        List<SpanData> finished = new CopyOnWriteArrayList<>();
        SpanExporter collect = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                finished.addAll(spans);
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                stringKey("service.name"), "weather-bot",
                stringKey("deployment.environment.name"), "prod",
                stringKey("genaimon.tenant"), "evil")));
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                .addSpanProcessor(SimpleSpanProcessor.create(collect)).build()) {
            Tracer tracer = provider.get("genaimon-test");
            Instant start = Instant.now().minusSeconds(5);
            io.opentelemetry.api.trace.Span request = tracer.spanBuilder("POST /forecast").setSpanKind(SpanKind.SERVER)
                    .setStartTimestamp(start).startSpan();
            io.opentelemetry.api.trace.Span chat = tracer.spanBuilder("chat gpt-4o").setSpanKind(SpanKind.CLIENT)
                    .setParent(Context.root().with(request)).setStartTimestamp(start.plusMillis(10)).startSpan();
            chat.setAttribute("gen_ai.operation.name", "chat");
            chat.setAttribute("gen_ai.provider.name", "openai");
            chat.setAttribute("gen_ai.request.model", "gpt-4o");
            chat.setAttribute("gen_ai.response.model", "gpt-4o-2024-08-06");
            chat.setAttribute(longKey("gen_ai.usage.input_tokens"), 120L);
            chat.setAttribute(longKey("gen_ai.usage.output_tokens"), 30L);
            chat.setAttribute(stringArrayKey("gen_ai.response.finish_reasons"), List.of("tool_calls"));
            chat.setAttribute("gen_ai.conversation.id", "conv-42");
            chat.setAttribute(doubleKey("gen_ai.request.temperature"), 0.2);
            chat.setAttribute(doubleKey("gen_ai.request.top_p"), 0.9);
            chat.setAttribute(longKey("gen_ai.request.max_tokens"), 256L);
            chat.setAttribute(longKey("gen_ai.request.seed"), 7L);
            chat.setAttribute(doubleKey("gen_ai.request.frequency_penalty"), 0.1);
            chat.setAttribute(doubleKey("gen_ai.request.presence_penalty"), 0.3);
            chat.setAttribute(stringArrayKey("gen_ai.request.stop_sequences"), List.of("END"));
            chat.setAttribute("gen_ai.system_instructions", OtlpSamples.SYSTEM_INSTRUCTIONS);
            chat.setAttribute("gen_ai.input.messages", OtlpSamples.INPUT_MESSAGES);
            chat.setAttribute("gen_ai.output.messages", OtlpSamples.OUTPUT_MESSAGES);
            chat.setAttribute("server.address", "api.openai.com");
            io.opentelemetry.api.trace.Span tool = tracer.spanBuilder("execute_tool get_weather")
                    .setSpanKind(SpanKind.INTERNAL).setParent(Context.root().with(chat))
                    .setStartTimestamp(start.plusMillis(1000)).startSpan();
            tool.setAttribute("gen_ai.operation.name", "execute_tool");
            tool.setAttribute("gen_ai.tool.name", "get_weather");
            tool.setAttribute("gen_ai.tool.call.id", "call_1");
            tool.setAttribute("gen_ai.tool.call.arguments", "{\"city\":\"Paris\"}");
            tool.setAttribute("gen_ai.tool.call.result", "{\"temp_c\":21}");
            tool.end(start.plusMillis(1040));
            chat.setStatus(StatusCode.ERROR, "Too Many Requests");
            chat.setAttribute("error.type", "429");
            chat.end(start.plusMillis(1510));
            request.end(start.plusMillis(1600));
        }
        return new ArrayList<>(finished);
    }

    private void assertChatInteraction(ProducerRecord<byte[], byte[]> record, List<SpanData> spans) {
        SpanData chat = spans.stream().filter(s -> s.getName().startsWith("chat")).findFirst().orElseThrow();
        SpanData tool = spans.stream().filter(s -> s.getName().startsWith("execute_tool")).findFirst().orElseThrow();
        assertThat(tool.getParentSpanId()).isEqualTo(chat.getSpanId());
        Interaction in = topics.interactionsRaw().value().deserializer().deserialize(record.topic(), record.value());

        assertThat(record.topic()).isEqualTo("genaimon.interactions.raw.v1");
        assertThat(new String(record.key())).isEqualTo(chat.getTraceId() + "-" + chat.getSpanId());
        assertThat(in.getInteractionId()).isEqualTo(chat.getTraceId() + "-" + chat.getSpanId());
        assertThat(in.getTraceId()).isEqualTo(chat.getTraceId());
        assertThat(in.getSpanId()).isEqualTo(chat.getSpanId());
        assertThat(in.getTimestamp()).isEqualTo(Instant.ofEpochMilli(chat.getStartEpochNanos() / 1_000_000));
        assertThat(in.getReceivedAt()).isNotNull();
        assertThat(in.getSource()).isEqualTo("otlp");
        assertThat(in.getTenant()).as("the API key decides, not the resource").isEqualTo("acme");
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
        assertThat(in.getParameters().getStop()).containsExactly("END");
        assertThat(in.getUsage().getInputTokens()).isEqualTo(120L);
        assertThat(in.getUsage().getOutputTokens()).isEqualTo(30L);
        assertThat(in.getUsage().getTotalTokens()).isEqualTo(150L);
        assertThat(in.getLatencyMs()).isEqualTo(1500L);
        assertThat(in.getStatus().getCode()).isEqualTo("error");
        assertThat(in.getStatus().getHttpStatus()).isEqualTo(429);
        assertThat(in.getStatus().getErrorType()).isEqualTo("429");
        assertThat(in.getStatus().getMessage()).isEqualTo("Too Many Requests");
        assertThat(in.getToolCalls()).extracting(ToolCall::getId, ToolCall::getName, ToolCall::getArguments,
                        ToolCall::getOutput, ToolCall::getStatus, ToolCall::getLatencyMs)
                .containsExactly(tuple("call_1", "get_weather", "{\"city\":\"Paris\"}", "{\"temp_c\":21}", "ok", 40L));
        assertThat(in.getAttributes()).containsOnly(entry("gen_ai.request.model", "gpt-4o"),
                entry("server.address", "api.openai.com"));
    }

    private double spanCount(String outcome, String reason) {
        return meters.find(OtlpMetrics.METER).tag("outcome", outcome).tag("reason", reason).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private HttpResponse<String> post(byte[] body, String contentType, Map<String, String> headers)
            throws Exception {
        return http.send(request(body, contentType, headers).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + server.port() + "/v1/traces"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        headers.forEach(request::header);
        return request;
    }
}
