package dev.genaimon.ingest.otlp;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Reads OTLP trace export requests and writes the responses, in either encoding.
 *
 * <p>OTLP/JSON is protobuf's canonical JSON mapping with one exception: trace and span ids are hex strings, not
 * base64. So the JSON is read with Jackson first, the ids are rewritten to base64, and protobuf's own
 * {@link JsonFormat} does the rest (lowerCamelCase or original field names, enums as names or ints, 64-bit integers
 * as strings or numbers, unknown fields ignored as the OTLP spec requires).
 */
public final class OtlpCodec {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

    private OtlpCodec() {
    }

    /** Decodes a request body; never throws anything but {@link MalformedOtlpException} for bad input. */
    public static ExportTraceServiceRequest decode(byte[] body, OtlpEncoding encoding) throws MalformedOtlpException {
        return switch (encoding) {
            case PROTOBUF -> decodeProtobuf(body);
            case JSON -> decodeJson(body);
        };
    }

    /** The response body in the request's encoding. */
    public static byte[] encode(ExportTraceServiceResponse response, OtlpEncoding encoding) {
        if (encoding == OtlpEncoding.PROTOBUF) {
            return response.toByteArray();
        }
        try {
            return JSON_PRINTER.print(response).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("an ExportTraceServiceResponse is always printable", e);
        }
    }

    /**
     * A {@code google.rpc.Status} (what OTLP/HTTP failure responses carry) in protobuf: field 1 is the gRPC code,
     * field 2 the message. Written by hand because the generated class lives in a jar we do not otherwise need.
     */
    public static byte[] protobufStatus(int grpcCode, String message) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            out.writeInt32(1, grpcCode);
            out.writeString(2, message);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("writing to memory does not fail", e);
        }
    }

    private static ExportTraceServiceRequest decodeProtobuf(byte[] body) throws MalformedOtlpException {
        try {
            return ExportTraceServiceRequest.parseFrom(body);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("body is not a protobuf ExportTraceServiceRequest: " + e.getMessage(), e);
        }
    }

    private static ExportTraceServiceRequest decodeJson(byte[] body) throws MalformedOtlpException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new MalformedOtlpException("malformed JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new MalformedOtlpException("unreadable JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new MalformedOtlpException("an OTLP/JSON body must be a JSON object with resourceSpans", null);
        }
        hexIdsToBase64((ObjectNode) root);
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        try {
            JSON_PARSER.merge(root.toString(), request);
        } catch (InvalidProtocolBufferException e) {
            throw new MalformedOtlpException("not an OTLP/JSON ExportTraceServiceRequest: " + e.getMessage(), e);
        }
        return request.build();
    }

    /** Rewrites every trace/span id of spans and span links from OTLP/JSON hex to protobuf-JSON base64. */
    private static void hexIdsToBase64(ObjectNode root) throws MalformedOtlpException {
        JsonNode resourceSpans = field(root, "resourceSpans", "resource_spans");
        for (int r = 0; r < resourceSpans.size(); r++) {
            JsonNode scopeSpans = field(resourceSpans.path(r), "scopeSpans", "scope_spans");
            for (int s = 0; s < scopeSpans.size(); s++) {
                JsonNode spans = field(scopeSpans.path(s), "spans", "spans");
                for (int i = 0; i < spans.size(); i++) {
                    String path = "resourceSpans[" + r + "].scopeSpans[" + s + "].spans[" + i + "]";
                    JsonNode span = spans.path(i);
                    rewriteIds(span, path, "traceId", "spanId", "parentSpanId", "trace_id", "span_id",
                            "parent_span_id");
                    JsonNode links = span.path("links");
                    for (int l = 0; l < links.size(); l++) {
                        rewriteIds(links.path(l), path + ".links[" + l + "]", "traceId", "spanId", "trace_id",
                                "span_id");
                    }
                }
            }
        }
    }

    /** JsonFormat accepts both the lowerCamelCase and the original proto field names; so do we. */
    private static JsonNode field(JsonNode node, String camelCase, String snakeCase) {
        JsonNode value = node.path(camelCase);
        return value.isMissingNode() ? node.path(snakeCase) : value;
    }

    private static void rewriteIds(JsonNode node, String path, String... fields) throws MalformedOtlpException {
        if (!(node instanceof ObjectNode object)) {
            return; // not an object: JsonFormat reports the type error with its own message
        }
        for (String field : fields) {
            JsonNode value = object.get(field);
            if (value == null || !value.isTextual()) {
                continue;
            }
            try {
                object.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(value.textValue())));
            } catch (IllegalArgumentException e) {
                throw new MalformedOtlpException(path + "." + field + " must be a hex string (OTLP/JSON encodes"
                        + " trace and span ids as hex), got '" + abbreviate(value.textValue()) + "'", e);
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
