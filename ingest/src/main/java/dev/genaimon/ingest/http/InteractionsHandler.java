package dev.genaimon.ingest.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.parse.BodyParser;
import dev.genaimon.ingest.publish.InteractionPublisher;
import dev.genaimon.ingest.publish.KafkaUnavailableException;
import dev.genaimon.ingest.publish.PublishOutcome;
import dev.genaimon.ingest.validate.InteractionValidator;
import dev.genaimon.ingest.validate.ItemError;
import dev.genaimon.schemas.avro.Interaction;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/interactions}: one JSON object, a JSON array, or NDJSON. By default a request is all or nothing:
 * if any item is invalid, nothing is written and the 400 lists every problem (item, field, why). With
 * {@code ?partial=true} the valid items are written and the invalid ones are listed in the 202 as rejected.
 */
final class InteractionsHandler {

    private static final Logger LOG = LoggerFactory.getLogger(InteractionsHandler.class);
    private static final String ENDPOINT = "interactions";
    static final String RETRY_AFTER_SECONDS = "5";

    private final IngestSettings settings;
    private final ApiKeyAuthenticator auth;
    private final InteractionValidator validator;
    private final InteractionPublisher publisher;
    private final IngestMetrics metrics;

    InteractionsHandler(IngestSettings settings, ApiKeyAuthenticator auth, InteractionValidator validator,
                        InteractionPublisher publisher, IngestMetrics metrics) {
        this.settings = settings;
        this.auth = auth;
        this.validator = validator;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    void handle(Context ctx) {
        try {
            respond(ctx);
        } catch (HttpProblem problem) {
            metrics.request(ENDPOINT, problem.status());
            throw problem;
        }
    }

    private void respond(Context ctx) {
        String tenant;
        try {
            tenant = auth.authenticate(ctx.header("Authorization"), ctx.header("X-Api-Key")).orElse(null);
        } catch (ApiKeyAuthenticator.Unauthorized e) {
            throw new HttpProblem(401, "unauthorized", e.getMessage());
        }
        String contentType = ctx.header("Content-Type");
        if (!BodyParser.supports(contentType)) {
            throw new HttpProblem(415, "unsupported_media_type", "Content-Type '" + contentType
                    + "' is not accepted; use application/json (an object or an array) or application/x-ndjson");
        }
        byte[] body = BodyReader.read(ctx.bodyInputStream(), ctx.header("Content-Length"),
                ctx.header("Content-Encoding"), settings.maxBodyBytes());
        List<BodyParser.Item> items;
        try {
            items = BodyParser.parse(body, contentType);
        } catch (BodyParser.MalformedBodyException e) {
            metrics.items(tenant, "rejected", "malformed_body", 1);
            throw new HttpProblem(400, "malformed_body", e.getMessage());
        }
        if (items.size() > settings.maxItemsPerRequest()) {
            metrics.items(tenant, "rejected", "too_many_items", items.size());
            throw new HttpProblem(413, "too_many_items", items.size() + " items exceed the limit of "
                    + settings.maxItemsPerRequest() + " per request (ingest.max-items-per-request)");
        }
        boolean partial = "true".equalsIgnoreCase(ctx.queryParam("partial"));

        List<Interaction> valid = new ArrayList<>(items.size());
        List<byte[]> originals = new ArrayList<>(items.size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (BodyParser.Item item : items) {
            if (item.error() != null) {
                rejected.add(rejection(item, null, List.of(new ItemError("$", item.error()))));
                continue;
            }
            InteractionValidator.Result result = validator.validate(item.json(), tenant, "http");
            result.warnings().forEach(w -> warnings.add(prefix(item) + w));
            if (result.valid()) {
                valid.add(result.interaction());
                originals.add(item.json().toString().getBytes(StandardCharsets.UTF_8));
            } else {
                rejected.add(rejection(item, item.json().path("interactionId").asText(null), result.errors()));
            }
        }
        metrics.items(tenant, "rejected", "invalid", rejected.size());
        if (!rejected.isEmpty() && (!partial || valid.isEmpty())) {
            // all or nothing: the valid items of a rejected request are not written either
            metrics.items(tenant, "rejected", "batch_rejected", valid.size());
            throw new HttpProblem(400, "invalid_items", rejected.size() + " of " + items.size()
                    + " items are invalid; nothing was written" + (partial ? "" : " (add ?partial=true to write the valid ones)"),
                    rejected, null);
        }

        List<PublishOutcome> outcomes;
        try {
            outcomes = publisher.publish(valid, originals, "ingest-http");
        } catch (KafkaUnavailableException e) {
            LOG.warn("Answering 503: {}", e.getMessage());
            metrics.items(tenant, "rejected", "kafka_unavailable", valid.size());
            throw new HttpProblem(503, "kafka_unavailable", e.getMessage() + "; retry the request later",
                    List.of(), RETRY_AFTER_SECONDS);
        }

        ObjectNode response = IngestServer.JSON.createObjectNode();
        ArrayNode ids = response.putArray("ids");
        ArrayNode deadLettered = IngestServer.JSON.createArrayNode();
        int accepted = 0;
        for (int i = 0; i < outcomes.size(); i++) {
            PublishOutcome outcome = outcomes.get(i);
            String recordTenant = valid.get(i).getTenant();
            if (outcome.written()) {
                ids.add(outcome.interactionId());
                accepted++;
                metrics.items(recordTenant, "accepted", "ok", 1);
            } else {
                deadLettered.addObject().put("interactionId", outcome.interactionId())
                        .put("reason", outcome.deadLetter()).put("detail", outcome.detail());
                metrics.items(recordTenant, "dead_lettered", outcome.deadLetter().toLowerCase(java.util.Locale.ROOT), 1);
            }
        }
        response.put("accepted", accepted);
        if (!deadLettered.isEmpty()) {
            response.set("deadLettered", deadLettered);
        }
        if (!rejected.isEmpty()) {
            response.set("rejected", IngestServer.JSON.valueToTree(rejected));
        }
        if (!warnings.isEmpty()) {
            response.set("warnings", IngestServer.JSON.valueToTree(warnings));
        }
        metrics.request(ENDPOINT, 202);
        IngestServer.json(ctx, 202, response);
    }

    private static Map<String, Object> rejection(BodyParser.Item item, String id, List<ItemError> errors) {
        Map<String, Object> entry = new java.util.LinkedHashMap<>();
        entry.put("index", item.index());
        if (item.line() != null) {
            entry.put("line", item.line());
        }
        if (id != null) {
            entry.put("interactionId", id);
        }
        entry.put("errors", errors);
        return entry;
    }

    private static String prefix(BodyParser.Item item) {
        return "item " + item.index() + (item.line() != null ? " (line " + item.line() + ")" : "") + ": ";
    }
}
