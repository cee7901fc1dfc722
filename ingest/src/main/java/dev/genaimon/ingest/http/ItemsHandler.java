package dev.genaimon.ingest.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.parse.BodyParser;
import dev.genaimon.ingest.publish.AvroPublisher;
import dev.genaimon.ingest.publish.KafkaUnavailableException;
import dev.genaimon.ingest.publish.Outgoing;
import dev.genaimon.ingest.publish.PublishOutcome;
import dev.genaimon.schemas.json.AvroJson;
import dev.genaimon.schemas.topics.TopicSpec;
import dev.genaimon.schemas.validate.ItemError;
import dev.genaimon.schemas.validate.Validated;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.avro.generic.IndexedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A JSON ingest endpoint ({@code POST /v1/interactions}, {@code POST /v1/feedback}): one JSON object, a JSON array,
 * or NDJSON. By default a request is all or nothing: if any item is invalid, nothing is written and the 400 lists
 * every problem (item, field, why). With {@code ?partial=true} the valid items are written and the invalid ones are
 * listed in the 202 as rejected. The rate limit is taken for every parsed item before anything is validated or
 * written.
 *
 * @param <V> the Avro record an item becomes
 */
final class ItemsHandler<V> {

    /**
     * What differs between endpoints.
     *
     * @param endpoint  name in the request metrics (interactions, feedback)
     * @param kind      name in the items metrics ({@link IngestMetrics#INTERACTION}, {@link IngestMetrics#FEEDBACK})
     * @param idFields  fields echoed in a rejection so the client can tell which item it was
     * @param topic     where valid records go
     * @param validator JSON item and authenticated tenant (or null) to a record
     * @param outgoing  record and its original JSON to what the publisher writes
     * @param fast      optional streaming path for NDJSON lines: the line's bytes and tenant to a valid result, or
     *                  null when the item needs the tree path ({@code validator}); null when there is none
     */
    record Kind<V>(String endpoint, String kind, List<String> idFields, TopicSpec<String, V> topic,
                   BiFunction<JsonNode, String, Validated<V>> validator,
                   BiFunction<V, java.util.function.Supplier<byte[]>, Outgoing<V>> outgoing,
                   BiFunction<BodyParser.Raw, String, Validated<V>> fast) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ItemsHandler.class);
    private static final String STAGE = "ingest-http";
    static final String RETRY_AFTER_SECONDS = "5";

    private final IngestSettings settings;
    private final Admission admission;
    private final AvroPublisher publisher;
    private final IngestMetrics metrics;
    private final Kind<V> kind;

    ItemsHandler(IngestSettings settings, Admission admission, AvroPublisher publisher, IngestMetrics metrics,
                 Kind<V> kind) {
        this.settings = settings;
        this.admission = admission;
        this.publisher = publisher;
        this.metrics = metrics;
        this.kind = kind;
    }

    void handle(Context ctx) {
        String tenant = null;
        try {
            tenant = admission.authenticate(ctx);
            respond(ctx, tenant);
        } catch (HttpProblem problem) {
            metrics.request(kind.endpoint(), problem.status());
            metrics.rejectedRequest(kind.endpoint(), tenant, problem.code());
            throw problem;
        }
    }

    private void respond(Context ctx, String tenant) {
        String contentType = ctx.header("Content-Type");
        if (!BodyParser.supports(contentType)) {
            throw new HttpProblem(415, "unsupported_media_type", "Content-Type '" + contentType
                    + "' is not accepted; use application/json (an object or an array) or application/x-ndjson");
        }
        byte[] body = BodyReader.read(ctx.bodyInputStream(), ctx.header("Content-Length"),
                ctx.header("Content-Encoding"), settings.maxBodyBytes());
        List<BodyParser.Item> items;
        try {
            items = kind.fast() != null ? BodyParser.parseLazily(body, contentType) : BodyParser.parse(body, contentType);
        } catch (BodyParser.MalformedBodyException e) {
            metrics.items(kind.kind(), tenant, "rejected", "malformed_body", 1);
            throw new HttpProblem(400, "malformed_body", e.getMessage());
        }
        if (items.size() > settings.maxItemsPerRequest()) {
            metrics.items(kind.kind(), tenant, "rejected", "too_many_items", items.size());
            throw new HttpProblem(413, "too_many_items", items.size() + " items exceed the limit of "
                    + settings.maxItemsPerRequest() + " per request (ingest.max-items-per-request)");
        }
        admission.rateLimit(tenant, items.size(), kind.kind());
        boolean partial = "true".equalsIgnoreCase(ctx.queryParam("partial"));

        List<Outgoing<V>> valid = new ArrayList<>(items.size());
        List<Map<String, Object>> rejected = new ArrayList<>();
        Set<String> warnings = new LinkedHashSet<>();
        for (BodyParser.Item line : items) {
            if (line.unparsed()) {
                // NDJSON: most items are valid, and the streaming path builds their records without a JSON tree
                Validated<V> fast = kind.fast().apply(line.raw(), tenant);
                if (fast != null) {
                    fast.warnings().forEach(w -> warnings.add(prefix(line) + w));
                    V record = fast.record();
                    valid.add(kind.outgoing().apply(record, () -> AvroJson.toJson((IndexedRecord) record).toString()
                            .getBytes(StandardCharsets.UTF_8)));
                    continue;
                }
            }
            BodyParser.Item item = BodyParser.tree(line);
            if (item.error() != null) {
                rejected.add(rejection(item, List.of(new ItemError("$", item.error()))));
                continue;
            }
            Validated<V> result = kind.validator().apply(item.json(), tenant);
            result.warnings().forEach(w -> warnings.add(prefix(item) + w));
            if (result.valid()) {
                // the JSON is serialized again only if the item ends up in a dead letter
                valid.add(kind.outgoing().apply(result.record(),
                        () -> item.json().toString().getBytes(StandardCharsets.UTF_8)));
            } else {
                rejected.add(rejection(item, result.errors()));
            }
        }
        metrics.items(kind.kind(), tenant, "rejected", "invalid", rejected.size());
        if (!rejected.isEmpty() && (!partial || valid.isEmpty())) {
            // all or nothing: the valid items of a rejected request are not written either
            metrics.items(kind.kind(), tenant, "rejected", "batch_rejected", valid.size());
            throw new HttpProblem(400, "invalid_items", rejected.size() + " of " + items.size()
                    + " items are invalid; nothing was written"
                    + (partial ? "" : " (add ?partial=true to write the valid ones)"),
                    rejected, null);
        }

        List<PublishOutcome> outcomes;
        try {
            outcomes = publisher.publish(kind.topic(), valid, STAGE);
        } catch (KafkaUnavailableException e) {
            LOG.warn("Answering 503: {}", e.getMessage());
            metrics.items(kind.kind(), tenant, "rejected", "kafka_unavailable", valid.size());
            throw new HttpProblem(503, "kafka_unavailable", e.getMessage() + "; retry the request later",
                    List.of(), RETRY_AFTER_SECONDS);
        }

        ObjectNode response = IngestServer.JSON.createObjectNode();
        ArrayNode ids = response.putArray("ids");
        ArrayNode deadLettered = IngestServer.JSON.createArrayNode();
        int accepted = 0;
        // one counter update per tenant and request, not per item: meter lookups cost more than the count
        java.util.Map<String, Integer> acceptedByTenant = new java.util.HashMap<>();
        for (int i = 0; i < outcomes.size(); i++) {
            PublishOutcome outcome = outcomes.get(i);
            String recordTenant = valid.get(i).tenant();
            if (outcome.written()) {
                ids.add(outcome.id());
                accepted++;
                acceptedByTenant.merge(recordTenant, 1, Integer::sum);
            } else {
                deadLettered.addObject().put(kind.idFields().get(0), outcome.id())
                        .put("reason", outcome.deadLetter()).put("detail", outcome.detail());
                metrics.items(kind.kind(), recordTenant, "dead_lettered",
                        outcome.deadLetter().toLowerCase(Locale.ROOT), 1);
            }
        }
        acceptedByTenant.forEach((recordTenant, count) ->
                metrics.items(kind.kind(), recordTenant, "accepted", "ok", count));
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
        metrics.request(kind.endpoint(), 202);
        // not gzipped even for clients that accept it (Javalin's default): the ids of a 200-item batch are ~8 KB of
        // random UUIDs that gzip to ~4.5 KB for ~100 us of CPU, 0.5 us per interaction, to save nothing on a LAN
        ctx.disableCompression();
        IngestServer.json(ctx, 202, response);
    }

    private Map<String, Object> rejection(BodyParser.Item item, List<ItemError> errors) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("index", item.index());
        if (item.line() != null) {
            entry.put("line", item.line());
        }
        if (item.json() != null) {
            for (String field : kind.idFields()) {
                String id = item.json().path(field).asText(null);
                if (id != null) {
                    entry.put(field, id);
                }
            }
        }
        entry.put("errors", errors);
        return entry;
    }

    private static String prefix(BodyParser.Item item) {
        return "item " + item.index() + (item.line() != null ? " (line " + item.line() + ")" : "") + ": ";
    }
}
