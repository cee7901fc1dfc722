package dev.genaimon.app.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The query API ({@code /api/v1/...}, described at {@code /api/v1/openapi.json}) over the view stage's stores. Any
 * instance answers: a keyed question goes to the instance that owns the key (Streams metadata → HTTP to its
 * {@code application.server}); a list question is asked of every instance that holds part of the store and merged.
 * Forwarded requests carry {@code local=true} and are answered from local state only, so nothing is forwarded twice.
 */
public final class QueryApi {

    private static final Logger LOG = LoggerFactory.getLogger(QueryApi.class);
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "/api/v1";
    static final int MAX_LIMIT = 500;

    private final Supplier<KafkaStreams> streams;
    private final Supplier<HostInfo> self;
    private final ApiKeyAuthenticator auth;
    private final Supplier<JsonNode> pipeline;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final LocalView local;

    /**
     * @param streams  the view stage's client (null until started: questions then answer 503)
     * @param self     this instance's application.server (known once the HTTP server listens)
     * @param pipeline this process's stage states, for {@code /api/v1/pipeline}
     */
    public QueryApi(Supplier<KafkaStreams> streams, Supplier<HostInfo> self, ApiKeyAuthenticator auth,
                    Supplier<JsonNode> pipeline) {
        this.streams = streams;
        this.self = self;
        this.auth = auth;
        this.pipeline = pipeline;
        this.local = new LocalView(this::localStore);
    }

    private ReadOnlyKeyValueStore<String, ?> localStore(String name) {
        KafkaStreams client = client();
        return client.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.keyValueStore()));
    }

    private KafkaStreams client() {
        KafkaStreams client = streams.get();
        if (client == null) {
            throw new Unavailable("the view stage is not started yet");
        }
        return client;
    }

    /** Adds the routes. */
    public void register(JavalinConfig config) {
        get(config, "/openapi.json", ctx -> ctx.contentType("application/json").result(openApi()));
        get(config, "/segments", this::segments);
        get(config, "/segments/<segment>/signals", ctx -> keyed(ctx, ViewStores.SIGNALS,
                () -> local.signals(ctx.pathParam("segment"), null)));
        get(config, "/segments/<segment>/signals/{name}/series", ctx -> keyed(ctx, ViewStores.SIGNALS,
                () -> local.series(ctx.pathParam("segment"), ctx.pathParam("name"))));
        get(config, "/drift/<segment>", ctx -> keyed(ctx, ViewStores.DRIFT,
                () -> local.drift(ctx.pathParam("segment"))));
        get(config, "/eval/<segment>", ctx -> keyed(ctx, ViewStores.SIGNALS, () -> evaluation(ctx.pathParam("segment"))));
        get(config, "/alerts", this::alerts);
        get(config, "/baselines", ctx -> gather(ctx, ViewStores.BASELINES, local::baselines, parts -> {
            ArrayNode all = JSON.createArrayNode();
            parts.forEach(p -> p.forEach(all::add));
            return JSON.createObjectNode().set("baselines", all);
        }));
        get(config, "/dlq/recent", this::deadLetters);
        get(config, "/pipeline", ctx -> send(ctx, 200, pipelineStatus()));
    }

    private interface Handler {
        void handle(Context ctx) throws Exception;
    }

    private void get(JavalinConfig config, String path, Handler handler) {
        config.routes.addEndpoint(io.javalin.router.Endpoint.create(HandlerType.GET, PREFIX + path)
                .handler(ctx -> {
                    try {
                        auth.authenticate(ctx.header("Authorization"), ctx.header("X-Api-Key"));
                    } catch (ApiKeyAuthenticator.Unauthorized e) {
                        ctx.header("WWW-Authenticate", "Bearer realm=\"genaimon\"");
                        send(ctx, 401, error("unauthorized", e.getMessage()));
                        return;
                    }
                    try {
                        handler.handle(ctx);
                    } catch (Unavailable | InvalidStateStoreException e) {
                        ctx.header("Retry-After", "2");
                        send(ctx, 503, error("unavailable", "state is not queryable right now (" + e.getMessage()
                                + "); retry shortly"));
                    } catch (IllegalArgumentException e) {
                        send(ctx, 400, error("bad_request", e.getMessage()));
                    }
                }));
    }

    private void segments(Context ctx) throws Exception {
        int offset = intParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        int limit = intParam(ctx, "limit", 50, 1, MAX_LIMIT);
        String q = ctx.queryParam("q");
        if (isLocal(ctx)) {
            send(ctx, 200, local.segments(q, offset + limit));
            return;
        }
        List<JsonNode> parts = scatter(ctx, ViewStores.SEGMENTS, () -> local.segments(q, offset + limit));
        long total = 0;
        List<JsonNode> items = new ArrayList<>();
        for (JsonNode part : parts) {
            total += part.path("total").asLong();
            part.path("items").forEach(items::add);
        }
        items.sort(Comparator.comparing(n -> n.path("segment").path("id").asText()));
        ObjectNode out = JSON.createObjectNode().put("total", total).put("offset", offset).put("limit", limit);
        ArrayNode page = out.putArray("items");
        items.stream().skip(offset).limit(limit).forEach(page::add);
        send(ctx, 200, out);
    }

    private JsonNode evaluation(String segment) {
        ObjectNode signals = local.signals(segment, "eval.");
        ObjectNode byEvaluator = JSON.createObjectNode();
        for (JsonNode signal : signals.path("signals")) {
            // eval.<evaluator>.<statistic>, e.g. eval.groundedness.pass_rate
            String name = signal.path("name").asText();
            String rest = name.substring("eval.".length());
            int dot = rest.lastIndexOf('.');
            String evaluator = dot < 0 ? rest : rest.substring(0, dot);
            String statistic = dot < 0 ? "value" : rest.substring(dot + 1);
            ObjectNode entry = byEvaluator.has(evaluator) ? (ObjectNode) byEvaluator.get(evaluator)
                    : byEvaluator.putObject(evaluator);
            entry.put(statistic, signal.path("value").asDouble());
            entry.put("sampleCount", Math.max(entry.path("sampleCount").asLong(), signal.path("sampleCount").asLong()));
            entry.put("windowEnd", signal.path("windowEnd").asText());
        }
        signals.set("evaluators", byEvaluator);
        return signals;
    }

    private void alerts(Context ctx) throws Exception {
        String state = ctx.queryParam("state");
        if (state != null && !state.isBlank() && !state.equals("firing") && !state.equals("resolved")) {
            throw new IllegalArgumentException("state must be firing or resolved");
        }
        gather(ctx, ViewStores.ALERTS, () -> local.alerts(state), parts -> {
            List<JsonNode> all = new ArrayList<>();
            parts.forEach(p -> p.forEach(all::add));
            // firing first, newest transition first
            all.sort(Comparator.<JsonNode, Boolean>comparing(a -> !"firing".equals(a.path("status").asText()))
                    .thenComparing(a -> a.path("transitionAt").asText(), Comparator.reverseOrder()));
            ObjectNode out = JSON.createObjectNode();
            out.putArray("alerts").addAll(all);
            return out;
        });
    }

    private void deadLetters(Context ctx) throws Exception {
        gather(ctx, ViewStores.DLQ_COUNTS, local::deadLetters, parts -> {
            Map<String, ObjectNode> counts = new java.util.TreeMap<>();
            List<JsonNode> recent = new ArrayList<>();
            for (JsonNode part : parts) {
                for (JsonNode c : part.path("counts")) {
                    String key = c.path("stage").asText() + "/" + c.path("reason").asText();
                    ObjectNode merged = counts.computeIfAbsent(key, k -> ((ObjectNode) c.deepCopy()).put("count", 0));
                    merged.put("count", merged.path("count").asLong() + c.path("count").asLong());
                }
                part.path("recent").forEach(recent::add);
            }
            recent.sort(Comparator.comparing((JsonNode r) -> r.path("at").asText()).reversed());
            ObjectNode out = JSON.createObjectNode();
            ArrayNode countList = out.putArray("counts");
            counts.values().stream().sorted(Comparator.comparingLong((ObjectNode c) -> c.path("count").asLong())
                    .reversed()).forEach(countList::add);
            out.putArray("recent").addAll(recent.stream().limit(100).toList());
            return out;
        });
    }

    private JsonNode pipelineStatus() {
        ObjectNode out = (ObjectNode) pipeline.get();
        HostInfo me = self.get();
        out.put("instance", me == null ? null : me.host() + ":" + me.port());
        KafkaStreams client = streams.get();
        ArrayNode instances = out.putArray("viewInstances");
        if (client != null) {
            try {
                client.metadataForAllStreamsClients().forEach(m ->
                        instances.add(m.hostInfo().host() + ":" + m.hostInfo().port()));
            } catch (RuntimeException e) {
                LOG.debug("no streams metadata yet: {}", e.toString());
            }
        }
        return out;
    }

    /** Answers from the owner of {@code ctx}'s segment/key in {@code store}. */
    private void keyed(Context ctx, String store, Supplier<JsonNode> answer) throws Exception {
        String key = ctx.pathParam("segment");
        if (isLocal(ctx)) {
            send(ctx, 200, answer.get());
            return;
        }
        KeyQueryMetadata owner = client().queryMetadataForKey(store, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new Unavailable("no owner known for the key (rebalancing)");
        }
        if (owner.activeHost().equals(self.get())) {
            send(ctx, 200, answer.get());
        } else {
            HttpResponse<byte[]> response = forward(ctx, owner.activeHost());
            ctx.status(response.statusCode()).contentType("application/json").result(response.body());
        }
    }

    /** Asks every instance holding part of {@code store} and merges the answers. */
    private void gather(Context ctx, String store, Supplier<JsonNode> localPart,
                        Function<List<JsonNode>, JsonNode> merge) throws Exception {
        if (isLocal(ctx)) {
            send(ctx, 200, localPart.get());
            return;
        }
        send(ctx, 200, merge.apply(scatter(ctx, store, localPart)));
    }

    private List<JsonNode> scatter(Context ctx, String store, Supplier<JsonNode> localPart) throws Exception {
        List<JsonNode> parts = new ArrayList<>();
        boolean selfIncluded = false;
        for (StreamsMetadata instance : client().streamsMetadataForStore(store)) {
            if (instance.hostInfo().equals(self.get())) {
                selfIncluded = true;
                parts.add(localPart.get());
            } else {
                HttpResponse<byte[]> response = forward(ctx, instance.hostInfo());
                if (response.statusCode() != 200) {
                    throw new Unavailable("instance " + instance.hostInfo() + " answered " + response.statusCode());
                }
                parts.add(JSON.readTree(response.body()));
            }
        }
        if (!selfIncluded) {
            parts.add(localPart.get());
        }
        return parts;
    }

    private HttpResponse<byte[]> forward(Context ctx, HostInfo host) throws IOException, InterruptedException {
        StringBuilder query = new StringBuilder("local=true");
        ctx.queryParamMap().forEach((name, values) -> {
            if (!name.equals("local")) {
                values.forEach(v -> query.append('&').append(encode(name)).append('=').append(encode(v)));
            }
        });
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port()
                        + rawPath(ctx) + "?" + query)).timeout(Duration.ofSeconds(10)).GET();
        for (String header : List.of("Authorization", "X-Api-Key")) {
            String value = ctx.header(header);
            if (value != null) {
                request.header(header, value);
            }
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new Unavailable("instance " + host + " unreachable: " + e.getMessage());
        }
    }

    private static String rawPath(Context ctx) {
        String uri = ctx.req().getRequestURI();
        return uri == null ? ctx.path() : uri;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static boolean isLocal(Context ctx) {
        return "true".equals(ctx.queryParam("local"));
    }

    private static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isBlank()) {
            return dflt;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be an integer, got '" + value + "'");
        }
    }

    private static ObjectNode error(String code, String message) {
        return JSON.createObjectNode().put("error", code).put("message", message);
    }

    static void send(Context ctx, int status, JsonNode body) throws IOException {
        ctx.status(status).contentType("application/json").result(JSON.writeValueAsBytes(body));
    }

    private static byte[] openApi() throws IOException {
        try (InputStream in = QueryApi.class.getResourceAsStream("openapi.json")) {
            if (in == null) {
                throw new IOException("openapi.json missing from the jar");
            }
            return in.readAllBytes();
        }
    }

    /** This instance cannot answer now (starting, rebalancing, a peer unreachable): 503. */
    static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /** The view stage's local stores, for metrics: alert counts by status ({@code firing}, {@code resolved}). */
    public Map<String, Long> localAlertCounts() {
        return local.alertCounts();
    }
}
