package dev.genaimon.app.wiring;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.app.dashboard.DashboardRoutes;
import dev.genaimon.app.metrics.GenaimonMetrics;
import dev.genaimon.app.query.QueryApi;
import dev.genaimon.app.query.ViewSettings;
import dev.genaimon.app.query.ViewTopology;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Wires issue 8's pieces into the runtime: the view stage ({@code <prefix>-view}, queryable, with
 * {@code application.server} = this instance's HTTP address), the query API, the dashboard, genaimon's own metrics
 * and HTTP server timings. Routes are added before the HTTP server starts; the view stage starts after, once the
 * port is known.
 */
final class QueryWiring {

    static final String STAGE = "view";

    private final GenaimonConfig config;
    private final MeterRegistry meters;
    private final List<StreamsApp> stages;
    private final GenaimonMetrics metrics;
    private final ApiKeyAuthenticator auth;
    private volatile StreamsApp view;
    private volatile QueryApi api;
    private volatile HostInfo self;
    /** Micrometer holds gauge objects weakly: keep it. */
    private AlertGauges alertGauges;

    QueryWiring(GenaimonConfig config, MeterRegistry meters, List<StreamsApp> stages) {
        this.config = config;
        this.meters = meters;
        this.stages = stages;
        this.metrics = new GenaimonMetrics(meters, config.get(ConfigKeys.SIGNAL_SERIES_CAP));
        this.auth = new ApiKeyAuthenticator(config.apiKeyHashes());
    }

    /** HTTP timings for every route, the query API and the dashboard. */
    void routes(JavalinConfig javalin) {
        javalin.requestLogger.http((ctx, ms) -> {
            io.javalin.router.Endpoint endpoint = ctx.endpoints().lastHttpEndpoint();
            Timer.builder("genaimon.http.server.requests").description("HTTP requests served, by route and status")
                    .tag("method", ctx.method().name()).tag("route", endpoint == null ? "unmatched" : endpoint.path)
                    .tag("status", Integer.toString(ctx.statusCode()))
                    .register(meters).record((long) (ms * 1_000_000L), TimeUnit.NANOSECONDS);
        });
        if (!config.get(ConfigKeys.VIEW_ENABLED)) {
            return;
        }
        api = new QueryApi(() -> view == null ? null : view.streams(), () -> self, auth, this::pipeline);
        api.register(javalin);
        if (config.get(ConfigKeys.DASHBOARD_ENABLED)) {
            DashboardRoutes.register(javalin);
        }
    }

    /**
     * Starts the view stage, once the HTTP port is known.
     *
     * @return the stage, or null when disabled
     */
    StreamsApp start(KafkaConnection kafka, String bindHost, int port, Clock clock) {
        if (!config.get(ConfigKeys.VIEW_ENABLED)) {
            return null;
        }
        self = self(bindHost, port);
        ViewSettings settings = new ViewSettings(config.get(ConfigKeys.VIEW_SERIES_POINTS),
                config.get(ConfigKeys.VIEW_DLQ_RECENT), ViewSettings.defaults().maxSignalsPerSegment());
        view = StreamsApp.start(STAGE, config, kafka, meters, builder ->
                        ViewTopology.build(builder, settings, kafka.topics(), kafka.serdes(), clock, metrics),
                Map.of(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port()));
        alertGauges = new AlertGauges(api);
        for (String state : List.of("firing", "resolved")) {
            Gauge.builder("genaimon.alerts", alertGauges, g -> g.count(state))
                    .description("Alerts currently in the state, from the alerts this instance's view stage holds")
                    .tag("state", state).register(meters);
        }
        return view;
    }

    private HostInfo self(String bindHost, int port) {
        String advertised = config.get(ConfigKeys.QUERY_ADVERTISED_HOST);
        if (advertised.isBlank()) {
            advertised = bindHost.equals("0.0.0.0") || bindHost.equals("::") ? "127.0.0.1" : bindHost;
        }
        return new HostInfo(advertised, port);
    }

    private ObjectNode pipeline() {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ArrayNode list = out.putArray("stages");
        for (StreamsApp stage : List.copyOf(stages)) {
            list.addObject().put("name", stage.name()).put("state", stage.state().name()).put("lag", stage.lag());
        }
        return out;
    }

    /** Alert counts read from the local store at most once per scrape interval. */
    private static final class AlertGauges {
        private final QueryApi api;
        private Map<String, Long> counts = Map.of();
        private long readAt;

        AlertGauges(QueryApi api) {
            this.api = api;
        }

        synchronized double count(String state) {
            if (System.nanoTime() - readAt > Duration.ofSeconds(5).toNanos()) {
                try {
                    counts = api.localAlertCounts();
                    readAt = System.nanoTime();
                } catch (RuntimeException e) {
                    return Double.NaN; // not queryable now (starting, rebalancing)
                }
            }
            return counts.getOrDefault(state, 0L);
        }
    }
}
