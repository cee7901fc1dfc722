package dev.genaimon.ingest.otlp;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Maps the spans of an OTLP export that follow the OpenTelemetry GenAI semantic conventions to interactions in the
 * ingest API's JSON shape (see {@code docs/otlp.md} for the table).
 *
 * <ul>
 *   <li>A span with no {@code gen_ai.*} attribute is ordinary tracing: counted as ignored.</li>
 *   <li>An {@code execute_tool} span whose parent is a GenAI span of the same request becomes a tool call of that
 *       parent's interaction (merged by tool-call id with the calls the model asked for in its output). One whose
 *       parent is elsewhere (another request, or not a GenAI span) becomes an interaction of its own with operation
 *       {@code execute_tool}; such spans rarely carry a model, so provider and model default to {@code unknown}.</li>
 *   <li>Any other GenAI span without provider, model, service name, start time or valid ids is rejected with a
 *       reason, as is a tool span whose parent was rejected.</li>
 * </ul>
 *
 * <p>The interaction id is {@code <traceId>-<spanId>}, so a retried export yields the same ids (and Kafka keys).
 */
public final class GenAiSpanMapper {

    static final String EXECUTE_TOOL = "execute_tool";
    static final String UNKNOWN = "unknown";
    /** Free-form attributes kept per interaction, and the longest value kept; they are labels, not content. */
    static final int MAX_ATTRIBUTES = 64;
    static final int MAX_ATTRIBUTE_KEY = 128;
    static final int MAX_ATTRIBUTE_VALUE = 1024;

    /** Span attributes that are mapped to fields, so not repeated in the free-form attributes. */
    private static final Set<String> MAPPED_KEYS = Set.of("gen_ai.operation.name", "gen_ai.provider.name",
            "gen_ai.system", "gen_ai.response.model", "gen_ai.usage.input_tokens", "gen_ai.usage.output_tokens",
            "gen_ai.usage.prompt_tokens", "gen_ai.usage.completion_tokens", "gen_ai.response.finish_reasons",
            "gen_ai.conversation.id", "gen_ai.request.temperature", "gen_ai.request.top_p",
            "gen_ai.request.max_tokens", "gen_ai.request.seed", "gen_ai.request.frequency_penalty",
            "gen_ai.request.presence_penalty", "gen_ai.request.stop_sequences", "error.type",
            "http.response.status_code");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private final int maxMessages;

    /** @param maxMessages the ingest limit on request messages; parsing stops just past it */
    public GenAiSpanMapper(int maxMessages) {
        this.maxMessages = maxMessages;
    }

    /** A GenAI span with the resource it came from. */
    private record Candidate(SpanAttributes resource, Span span, SpanAttributes attributes, String traceId,
                             String spanId) {
        String operation() {
            return attributes.string("gen_ai.operation.name");
        }

        boolean isTool() {
            return EXECUTE_TOOL.equals(operation());
        }

        String parentKey() {
            return traceId + "-" + hex(span.getParentSpanId());
        }
    }

    /** A span mapped so far: the interaction under construction, or why it was rejected. */
    private static final class Outcome {
        final Candidate candidate;
        final ObjectNode json;
        final OtlpMapping.SpanRejection rejection;
        int spans = 1;

        Outcome(Candidate candidate, ObjectNode json, OtlpMapping.SpanRejection rejection) {
            this.candidate = candidate;
            this.json = json;
            this.rejection = rejection;
        }
    }

    public OtlpMapping map(ExportTraceServiceRequest request) {
        int received = 0;
        int ignored = 0;
        List<Candidate> calls = new ArrayList<>();
        List<Candidate> tools = new ArrayList<>();
        for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
            SpanAttributes resource = SpanAttributes.of(resourceSpans.getResource().getAttributesList());
            for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
                for (Span span : scopeSpans.getSpansList()) {
                    received++;
                    SpanAttributes attributes = SpanAttributes.of(span.getAttributesList());
                    if (!attributes.anyKeyStartsWith("gen_ai.")) {
                        ignored++;
                        continue;
                    }
                    Candidate candidate = new Candidate(resource, span, attributes, hex(span.getTraceId()),
                            hex(span.getSpanId()));
                    (candidate.isTool() ? tools : calls).add(candidate);
                }
            }
        }

        Map<String, Outcome> byKey = new LinkedHashMap<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (Candidate call : calls) {
            Outcome outcome = interaction(call);
            outcomes.add(outcome);
            byKey.putIfAbsent(call.traceId() + "-" + call.spanId(), outcome);
        }
        // in start order, so the tool calls of an interaction are in the order they ran
        tools.sort(Comparator.comparing((Candidate c) -> c.span().getStartTimeUnixNano(), Long::compareUnsigned));
        for (Candidate tool : tools) {
            Outcome parent = tool.span().getParentSpanId().isEmpty() ? null : byKey.get(tool.parentKey());
            if (parent == null) {
                outcomes.add(interaction(tool));
            } else if (parent.rejection != null) {
                outcomes.add(new Outcome(tool, null, rejection(tool, "parent_rejected", "its parent span "
                        + parent.candidate.spanId() + " was rejected (" + parent.rejection.reason() + ")")));
            } else {
                addToolCall(parent.json, toolCall(tool));
                parent.spans++;
            }
        }

        List<OtlpMapping.MappedInteraction> interactions = new ArrayList<>();
        List<OtlpMapping.SpanRejection> rejections = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            if (outcome.rejection != null) {
                rejections.add(outcome.rejection);
            } else {
                interactions.add(new OtlpMapping.MappedInteraction(outcome.json, outcome.candidate.traceId(),
                        outcome.candidate.spanId(), outcome.spans));
            }
        }
        return new OtlpMapping(received, interactions, rejections, ignored);
    }

    private Outcome interaction(Candidate c) {
        Span span = c.span();
        SpanAttributes attributes = c.attributes();
        boolean tool = c.isTool();
        if (c.traceId().length() != 32 || c.spanId().length() != 16) {
            return new Outcome(c, null, rejection(c, "invalid_ids", "trace id must be 16 bytes and span id 8 bytes"
                    + ", got " + span.getTraceId().size() + " and " + span.getSpanId().size()));
        }
        String provider = attributes.firstString("gen_ai.provider.name", "gen_ai.system");
        String requestModel = attributes.string("gen_ai.request.model");
        String model = attributes.string("gen_ai.response.model");
        model = model != null ? model : requestModel;
        if (provider == null && !tool) {
            return new Outcome(c, null, rejection(c, "missing_provider",
                    "has neither gen_ai.provider.name nor gen_ai.system"));
        }
        if (model == null && !tool) {
            return new Outcome(c, null, rejection(c, "missing_model",
                    "has neither gen_ai.response.model nor gen_ai.request.model"));
        }
        String app = c.resource().string("service.name");
        if (app == null) {
            return new Outcome(c, null, rejection(c, "missing_service_name",
                    "its resource has no service.name attribute"));
        }
        if (span.getStartTimeUnixNano() == 0) {
            return new Outcome(c, null, rejection(c, "missing_start_time", "has no start time"));
        }

        ObjectNode json = NODES.objectNode();
        json.put("interactionId", c.traceId() + "-" + c.spanId());
        json.put("traceId", c.traceId());
        json.put("spanId", c.spanId());
        json.put("timestamp", Long.divideUnsigned(span.getStartTimeUnixNano(), 1_000_000));
        putIfNotNull(json, "tenant", c.resource().string("genaimon.tenant"));
        json.put("app", app);
        putIfNotNull(json, "environment",
                c.resource().firstString("deployment.environment.name", "deployment.environment"));
        putIfNotNull(json, "operation", c.operation());
        json.putObject("model").put("provider", provider == null ? UNKNOWN : provider)
                .put("model", model == null ? UNKNOWN : model);
        putIfNotNull(json, "conversationId", attributes.string("gen_ai.conversation.id"));

        GenAiContent content = GenAiContent.of(attributes, span.getEventsList(), maxMessages);
        putIfNotNull(json, "systemPrompt", content.systemPrompt());
        if (!content.messages().isEmpty()) {
            ArrayNode messages = json.putArray("messages");
            for (GenAiContent.Message message : content.messages()) {
                ObjectNode m = messages.addObject().put("role", message.role()).put("content", message.content());
                putIfNotNull(m, "name", message.name());
            }
        }
        putIfNotNull(json, "response", content.response());
        List<String> finishReasons = attributes.strings("gen_ai.response.finish_reasons");
        putIfNotNull(json, "finishReason", finishReasons != null && !finishReasons.isEmpty()
                ? finishReasons.get(0) : content.finishReason());
        parameters(attributes, json);
        usage(attributes, json);
        Long latency = latencyMs(span);
        if (latency != null) {
            json.put("latencyMs", latency);
        }
        status(span, attributes, json);
        for (GenAiContent.RequestedTool requested : content.requestedTools()) {
            ObjectNode call = NODES.objectNode().put("name", requested.name()).put("status", "ok");
            putIfNotNull(call, "id", requested.id());
            putIfNotNull(call, "arguments", requested.arguments());
            addToolCall(json, call);
        }
        if (tool) {
            addToolCall(json, toolCall(c));
        }
        attributes(attributes, json);
        return new Outcome(c, json, null);
    }

    private static ObjectNode toolCall(Candidate c) {
        SpanAttributes attributes = c.attributes();
        String name = attributes.string("gen_ai.tool.name");
        if (name == null) {
            // the conventions name the span "execute_tool {gen_ai.tool.name}"
            String spanName = c.span().getName().strip();
            name = spanName.startsWith(EXECUTE_TOOL + " ") ? spanName.substring(EXECUTE_TOOL.length() + 1).strip()
                    : spanName.isEmpty() ? UNKNOWN : spanName;
        }
        ObjectNode call = NODES.objectNode();
        putIfNotNull(call, "id", attributes.string("gen_ai.tool.call.id"));
        call.put("name", name);
        putIfNotNull(call, "arguments", attributes.text("gen_ai.tool.call.arguments"));
        putIfNotNull(call, "output", attributes.text("gen_ai.tool.call.result"));
        call.put("status", isError(c.span(), attributes) ? "error" : "ok");
        Long latency = latencyMs(c.span());
        if (latency != null) {
            call.put("latencyMs", latency);
        }
        return call;
    }

    /** Adds a call, or completes the call with the same id that the model asked for (the span knows the outcome). */
    private static void addToolCall(ObjectNode interaction, ObjectNode call) {
        ArrayNode calls = interaction.has("toolCalls") ? (ArrayNode) interaction.get("toolCalls")
                : interaction.putArray("toolCalls");
        String id = call.path("id").asText(null);
        if (id != null) {
            for (int i = 0; i < calls.size(); i++) {
                ObjectNode existing = (ObjectNode) calls.get(i);
                if (id.equals(existing.path("id").asText(null))) {
                    existing.setAll(call); // what the span saw wins; fields it lacks keep the model's values
                    return;
                }
            }
        }
        calls.add(call);
    }

    private static void parameters(SpanAttributes a, ObjectNode json) {
        ObjectNode p = NODES.objectNode();
        putIfNotNull(p, "temperature", a.number("gen_ai.request.temperature"));
        putIfNotNull(p, "topP", a.number("gen_ai.request.top_p"));
        putIfNotNull(p, "maxTokens", a.integer("gen_ai.request.max_tokens"));
        putIfNotNull(p, "frequencyPenalty", a.number("gen_ai.request.frequency_penalty"));
        putIfNotNull(p, "presencePenalty", a.number("gen_ai.request.presence_penalty"));
        putIfNotNull(p, "seed", a.integer("gen_ai.request.seed"));
        List<String> stop = a.strings("gen_ai.request.stop_sequences");
        if (stop != null) {
            stop.forEach(p.putArray("stop")::add);
        }
        if (!p.isEmpty()) {
            json.set("parameters", p);
        }
    }

    private static void usage(SpanAttributes a, ObjectNode json) {
        Long input = a.integer("gen_ai.usage.input_tokens");
        input = input != null ? input : a.integer("gen_ai.usage.prompt_tokens");
        Long output = a.integer("gen_ai.usage.output_tokens");
        output = output != null ? output : a.integer("gen_ai.usage.completion_tokens");
        if (input == null && output == null) {
            return;
        }
        ObjectNode usage = json.putObject("usage");
        putIfNotNull(usage, "inputTokens", input);
        putIfNotNull(usage, "outputTokens", output);
        if (input != null && output != null) {
            usage.put("totalTokens", input + output);
        }
    }

    private static void status(Span span, SpanAttributes a, ObjectNode json) {
        String errorType = a.string("error.type");
        Long http = a.integer("http.response.status_code");
        if (http == null && errorType != null && errorType.matches("[1-5][0-9][0-9]")) {
            http = Long.parseLong(errorType); // e.g. error.type "429" from clients that report the HTTP status
        }
        boolean error = isError(span, a);
        if (!error && http == null) {
            return; // absent means ok
        }
        ObjectNode status = json.putObject("status").put("code", error ? "error" : "ok");
        if (http != null && http >= 100 && http <= 599) {
            status.put("httpStatus", http.intValue());
        }
        putIfNotNull(status, "errorType", errorType);
        String message = span.getStatus().getMessage();
        putIfNotNull(status, "message", message.isBlank() ? null : message);
    }

    private static boolean isError(Span span, SpanAttributes a) {
        return span.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR || a.string("error.type") != null;
    }

    /** Scalar span attributes that are neither content nor already mapped, bounded in count and size. */
    private static void attributes(SpanAttributes a, ObjectNode json) {
        ObjectNode out = NODES.objectNode();
        for (Map.Entry<String, AnyValue> entry : a.asMap().entrySet()) {
            String key = entry.getKey();
            String value = SpanAttributes.scalarText(entry.getValue());
            if (out.size() >= MAX_ATTRIBUTES) {
                break;
            }
            if (value == null || key.isEmpty() || key.length() > MAX_ATTRIBUTE_KEY || MAPPED_KEYS.contains(key)
                    || GenAiContent.isContentKey(key)) {
                continue;
            }
            out.put(key, value.length() > MAX_ATTRIBUTE_VALUE ? value.substring(0, MAX_ATTRIBUTE_VALUE) : value);
        }
        if (!out.isEmpty()) {
            json.set("attributes", out);
        }
    }

    private static Long latencyMs(Span span) {
        long start = span.getStartTimeUnixNano();
        long end = span.getEndTimeUnixNano();
        if (start == 0 || end == 0 || Long.compareUnsigned(end, start) < 0) {
            return null;
        }
        return (end - start) / 1_000_000;
    }

    private static OtlpMapping.SpanRejection rejection(Candidate c, String reason, String why) {
        String name = c.span().getName();
        return new OtlpMapping.SpanRejection(c.traceId(), c.spanId(), reason,
                "span " + c.spanId() + (name.isEmpty() ? "" : " '" + abbreviate(name) + "'") + " " + why);
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }

    static String hex(ByteString bytes) {
        return HEX.formatHex(bytes.toByteArray());
    }

    private static void putIfNotNull(ObjectNode node, String field, Object value) {
        if (value instanceof String s) {
            node.put(field, s);
        } else if (value instanceof Long l) {
            node.put(field, l);
        } else if (value instanceof Double d) {
            node.put(field, d);
        }
    }
}
