package dev.genaimon.ingest.http;

import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.otlp.GenAiSpanMapper;
import dev.genaimon.ingest.otlp.MalformedOtlpException;
import dev.genaimon.ingest.otlp.OtlpCodec;
import dev.genaimon.ingest.otlp.OtlpEncoding;
import dev.genaimon.ingest.otlp.OtlpMapping;
import dev.genaimon.ingest.otlp.OtlpMetrics;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.KafkaUnavailableException;
import dev.genaimon.ingest.publish.Outgoing;
import dev.genaimon.ingest.publish.PublishOutcome;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.avro.Interaction;
import dev.genaimon.schemas.topics.TopicSpec;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/traces}: the OTLP/HTTP trace receiver. GenAI spans become interactions (validated with the same
 * limits as JSON ingest, published to the raw topic); other spans are ignored. Spans that cannot be mapped or are
 * invalid are reported in the OTLP {@code partial_success} of a 200, as the protocol asks (clients must not retry
 * them); only an unreadable request is a 4xx, and a tenant over its rate limit (counted in GenAI interactions) a 429
 * and an unavailable Kafka a 503, both with Retry-After, which OTLP clients honour when they retry.
 */
final class OtlpTracesHandler {

    private static final Logger LOG = LoggerFactory.getLogger(OtlpTracesHandler.class);
    private static final String ENDPOINT = "otlp_traces";
    private static final String STAGE = "ingest-otlp";
    private static final int MAX_REASONS_IN_MESSAGE = 10;

    private final IngestSettings settings;
    private final Admission admission;
    private final InteractionValidator validator;
    private final AvroPublisher publisher;
    private final TopicSpec<String, Interaction> topic;
    private final IngestMetrics metrics;
    private final OtlpMetrics spans;
    private final GenAiSpanMapper mapper;

    OtlpTracesHandler(IngestSettings settings, Admission admission, InteractionValidator validator,
                      AvroPublisher publisher, TopicSpec<String, Interaction> topic, IngestMetrics metrics,
                      MeterRegistry meters) {
        this.settings = settings;
        this.admission = admission;
        this.validator = validator;
        this.publisher = publisher;
        this.topic = topic;
        this.metrics = metrics;
        this.spans = new OtlpMetrics(meters);
        this.mapper = new GenAiSpanMapper(settings.maxMessages());
    }

    /** Rejected spans that share a reason and a message. */
    private record Rejected(String reason, String message, int spans) {
    }

    void handle(Context ctx) {
        OtlpEncoding encoding = OtlpEncoding.of(ctx.header("Content-Type")).orElse(null);
        String tenant = null;
        try {
            tenant = admission.authenticate(ctx);
            respond(ctx, encoding, tenant);
        } catch (HttpProblem problem) {
            metrics.request(ENDPOINT, problem.status());
            metrics.rejectedRequest(ENDPOINT, tenant, problem.code());
            if (encoding != OtlpEncoding.PROTOBUF) {
                throw problem; // the JSON problem body has a message, like google.rpc.Status in JSON
            }
            // OTLP/HTTP failures carry a google.rpc.Status in the request's encoding
            if (problem.retryAfterSeconds() != null) {
                ctx.header("Retry-After", problem.retryAfterSeconds());
            }
            if (problem.status() == 401) {
                ctx.header("WWW-Authenticate", "Bearer realm=\"genaimon\"");
            }
            ctx.status(problem.status());
            ctx.contentType(encoding.mediaType());
            ctx.result(OtlpCodec.protobufStatus(grpcCode(problem.status()), problem.getMessage()));
        }
    }

    private void respond(Context ctx, OtlpEncoding encoding, String tenant) {
        if (encoding == null) {
            throw new HttpProblem(415, "unsupported_media_type", "Content-Type '" + ctx.header("Content-Type")
                    + "' is not accepted; OTLP/HTTP uses application/x-protobuf or application/json");
        }
        byte[] body = BodyReader.read(ctx.bodyInputStream(), ctx.header("Content-Length"),
                ctx.header("Content-Encoding"), settings.maxBodyBytes());
        ExportTraceServiceRequest request;
        try {
            request = OtlpCodec.decode(body, encoding);
        } catch (MalformedOtlpException e) {
            metrics.items(tenant, "rejected", "malformed_body", 1);
            throw new HttpProblem(400, "malformed_body", e.getMessage());
        }

        OtlpMapping mapping = mapper.map(request);
        spans.received(mapping.received());
        spans.ignored(mapping.ignored());
        List<Rejected> rejected = new ArrayList<>();
        mapping.rejections().forEach(r -> rejected.add(new Rejected(r.reason(), r.message(), 1)));
        if (mapping.interactions().size() > settings.maxItemsPerRequest()) {
            mapping.interactions().forEach(i -> spans.rejected("too_many_items", i.spans()));
            throw new HttpProblem(413, "too_many_items", mapping.interactions().size() + " GenAI interactions exceed"
                    + " the limit of " + settings.maxItemsPerRequest() + " per request (ingest.max-items-per-request)");
        }
        try {
            admission.rateLimit(tenant, mapping.interactions().size(), IngestMetrics.INTERACTION);
        } catch (HttpProblem limited) {
            mapping.interactions().forEach(i -> spans.rejected(limited.code(), i.spans()));
            throw limited;
        }

        List<Outgoing<Interaction>> valid = new ArrayList<>();
        List<OtlpMapping.MappedInteraction> sources = new ArrayList<>();
        for (OtlpMapping.MappedInteraction mapped : mapping.interactions()) {
            InteractionValidator.Result result = validator.validate(mapped.json(), tenant, "otlp");
            if (result.valid()) {
                valid.add(Outgoing.of(result.interaction(),
                        () -> mapped.json().toString().getBytes(StandardCharsets.UTF_8)));
                sources.add(mapped);
            } else {
                rejected.add(new Rejected("invalid", "span " + mapped.spanId() + " is invalid: " + result.errors()
                        .stream().map(e -> e.path() + " " + e.message()).collect(Collectors.joining(", ")),
                        mapped.spans()));
            }
        }
        metrics.items(tenant, "rejected", "invalid", mapping.interactions().size() - valid.size());

        List<PublishOutcome> outcomes;
        try {
            outcomes = publisher.publish(topic, valid, STAGE);
        } catch (KafkaUnavailableException e) {
            LOG.warn("Answering 503 to an OTLP export: {}", e.getMessage());
            metrics.items(tenant, "rejected", "kafka_unavailable", valid.size());
            sources.forEach(s -> spans.rejected("kafka_unavailable", s.spans()));
            rejected.forEach(r -> spans.rejected(r.reason(), r.spans()));
            throw new HttpProblem(503, "kafka_unavailable", e.getMessage() + "; retry the export later",
                    List.of(), ItemsHandler.RETRY_AFTER_SECONDS);
        }
        int accepted = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            PublishOutcome outcome = outcomes.get(i);
            int spanCount = sources.get(i).spans();
            if (outcome.written()) {
                accepted++;
                spans.mapped("interaction", 1);
                spans.mapped("tool_call", spanCount - 1);
            } else {
                metrics.items(tenant, "dead_lettered", outcome.deadLetter().toLowerCase(Locale.ROOT), 1);
                rejected.add(new Rejected("dead_lettered", "span " + sources.get(i).spanId() + " was dead-lettered ("
                        + outcome.deadLetter() + "): " + outcome.detail(), spanCount));
            }
        }
        metrics.items(tenant, "accepted", "ok", accepted);
        rejected.forEach(r -> spans.rejected(r.reason(), r.spans()));

        ExportTraceServiceResponse.Builder response = ExportTraceServiceResponse.newBuilder();
        int rejectedSpans = rejected.stream().mapToInt(Rejected::spans).sum();
        if (rejectedSpans > 0) {
            response.setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                    .setRejectedSpans(rejectedSpans).setErrorMessage(summary(rejected, rejectedSpans)));
        }
        metrics.request(ENDPOINT, 200);
        ctx.status(200);
        ctx.contentType(encoding.mediaType());
        ctx.result(OtlpCodec.encode(response.build(), encoding));
    }

    private static String summary(List<Rejected> rejected, int rejectedSpans) {
        String reasons = rejected.stream().limit(MAX_REASONS_IN_MESSAGE).map(Rejected::message)
                .collect(Collectors.joining("; "));
        int more = rejected.size() - MAX_REASONS_IN_MESSAGE;
        return rejectedSpans + " GenAI span(s) rejected: " + reasons + (more > 0 ? "; and " + more + " more" : "");
    }

    /** The gRPC status code OTLP clients expect for an HTTP status. */
    private static int grpcCode(int httpStatus) {
        return switch (httpStatus) {
            case 400, 413, 415 -> 3; // INVALID_ARGUMENT
            case 401 -> 16; // UNAUTHENTICATED
            case 429 -> 8; // RESOURCE_EXHAUSTED
            case 503 -> 14; // UNAVAILABLE
            default -> 13; // INTERNAL
        };
    }
}
