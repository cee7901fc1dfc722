package dev.genaimon.app.wiring;

import static io.opentelemetry.api.common.AttributeKey.longKey;
import static io.opentelemetry.api.common.AttributeKey.stringArrayKey;
import static io.opentelemetry.api.common.AttributeKey.stringKey;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.genaimon.app.broker.SharedKafka;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A service instrumented with the real OpenTelemetry Java SDK exports GenAI spans (HTTP/protobuf) to genaimon's
 * {@code /v1/traces}; the interaction lands on the raw topic of a real broker, and the enrich stage picks it up.
 */
@ExtendWith(SharedKafka.class)
class OtlpToKafkaIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static GenaimonRuntime runtime;

    @BeforeAll
    static void start() throws Exception {
        runtime = ItRuntime.start("otlp", Map.of());
    }

    @AfterAll
    static void stop() {
        if (runtime != null) {
            runtime.close();
        }
    }

    @Test
    void shouldTurnGenAiSpansFromTheOpenTelemetrySdkIntoInteractionsOnKafka() throws Exception {
        OtlpHttpSpanExporter exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint("http://127.0.0.1:" + runtime.httpPort() + "/v1/traces")
                .setCompression("gzip").build();
        Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
                stringKey("service.name"), "otlp-it-bot", stringKey("deployment.environment.name"), "prod")));
        String traceId;
        String spanId;
        try (SdkTracerProvider provider = SdkTracerProvider.builder().setResource(resource)
                // the SDK's usual set-up: spans of a request are exported together, so the tool call finds its parent
                .addSpanProcessor(BatchSpanProcessor.builder(exporter).build()).build()) {
            Tracer tracer = provider.get("otlp-it");
            Instant start = Instant.now().minusSeconds(2);
            Span chat = tracer.spanBuilder("chat gpt-4o-mini").setSpanKind(SpanKind.CLIENT)
                    .setStartTimestamp(start).startSpan();
            chat.setAttribute("gen_ai.operation.name", "chat");
            chat.setAttribute("gen_ai.provider.name", "azure.ai.openai");
            chat.setAttribute("gen_ai.request.model", "gpt-4o-mini");
            chat.setAttribute("gen_ai.response.model", "gpt-4o-mini-2024-07-18");
            chat.setAttribute(longKey("gen_ai.usage.input_tokens"), 64L);
            chat.setAttribute(longKey("gen_ai.usage.output_tokens"), 12L);
            chat.setAttribute(stringArrayKey("gen_ai.response.finish_reasons"), List.of("stop"));
            chat.setAttribute("gen_ai.conversation.id", "conv-otlp-it");
            chat.setAttribute("gen_ai.input.messages", "[{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                    + "\"content\":\"What is the capital of Portugal? Mail me at ana@example.com\"}]}]");
            chat.setAttribute("gen_ai.output.messages", "[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\","
                    + "\"content\":\"Lisbon.\"}],\"finish_reason\":\"stop\"}]");
            Span tool = tracer.spanBuilder("execute_tool lookup_city").setParent(Context.root().with(chat))
                    .setStartTimestamp(start.plusMillis(100)).startSpan();
            tool.setAttribute("gen_ai.operation.name", "execute_tool");
            tool.setAttribute("gen_ai.tool.name", "lookup_city");
            tool.setAttribute("gen_ai.tool.call.id", "call_7");
            tool.setAttribute("gen_ai.tool.call.result", "{\"capital\":\"Lisbon\"}");
            tool.setStatus(StatusCode.OK);
            tool.end(start.plusMillis(160));
            chat.end(start.plusMillis(900));
            traceId = chat.getSpanContext().getTraceId();
            spanId = chat.getSpanContext().getSpanId();
            assertThat(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess()).isTrue();
        }
        String id = traceId + "-" + spanId;

        JsonNode raw = awaitValue("genaimon.interactions.raw.v1", id);
        assertThat(raw.get("source").asText()).isEqualTo("otlp");
        assertThat(raw.get("app").asText()).isEqualTo("otlp-it-bot");
        assertThat(raw.get("environment").asText()).isEqualTo("prod");
        assertThat(raw.get("traceId").asText()).isEqualTo(traceId);
        assertThat(raw.at("/model/provider").asText()).isEqualTo("azure.ai.openai");
        assertThat(raw.at("/model/model").asText()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(raw.at("/usage/inputTokens").asLong()).isEqualTo(64);
        assertThat(raw.at("/usage/outputTokens").asLong()).isEqualTo(12);
        assertThat(raw.get("finishReason").asText()).isEqualTo("stop");
        assertThat(raw.get("conversationId").asText()).isEqualTo("conv-otlp-it");
        assertThat(raw.get("latencyMs").asLong()).isEqualTo(900);
        assertThat(raw.at("/messages/0/content").asText()).contains("capital of Portugal");
        assertThat(raw.get("response").asText()).isEqualTo("Lisbon.");
        assertThat(raw.at("/toolCalls/0/name").asText()).isEqualTo("lookup_city");
        assertThat(raw.at("/toolCalls/0/output").asText()).isEqualTo("{\"capital\":\"Lisbon\"}");
        assertThat(raw.at("/toolCalls/0/latencyMs").asLong()).isEqualTo(60);

        JsonNode canonical = awaitValue("genaimon.interactions.v1", id);
        assertThat(canonical.at("/messages/0/content").asText()).contains("<EMAIL_ADDRESS>").doesNotContain("ana@");
    }

    private static JsonNode awaitValue(String topic, String key) {
        JsonNode[] found = new JsonNode[1];
        await().atMost(Duration.ofSeconds(120)).until(() -> {
            found[0] = ItRuntime.valuesByKey(runtime, topic, key).get(key);
            return found[0] != null;
        });
        return found[0];
    }
}
