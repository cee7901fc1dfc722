package dev.genaimon.ingest.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.ingest.IngestSettings;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import dev.genaimon.ingest.limit.TenantRateLimiter;
import dev.genaimon.ingest.publish.IngestSinks;
import dev.genaimon.ingest.publish.Outgoing;
import dev.genaimon.schemas.validate.FeedbackValidator;
import dev.genaimon.schemas.validate.InteractionValidator;
import dev.genaimon.schemas.validate.Validated;
import dev.genaimon.schemas.avro.Feedback;
import dev.genaimon.schemas.avro.Interaction;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The genaimon HTTP server: the ingest API, health endpoints, and whatever routes other components add
 * ({@code extraRoutes}, e.g. metrics).
 */
public final class IngestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);
    static final ObjectMapper JSON = new ObjectMapper();

    private final Javalin app;

    private IngestServer(Javalin app) {
        this.app = app;
    }

    /**
     * Starts the server: {@code /v1/interactions}, {@code /v1/traces}, {@code /v1/feedback} (when
     * {@link IngestSinks#feedback()} is set), health endpoints, and {@code extraRoutes}.
     *
     * @param extraRoutes more configuration (routes) contributed by other components; may be null
     */
    public static IngestServer start(IngestSettings settings, IngestSinks sinks, Readiness readiness,
                                     MeterRegistry meters, Clock clock, Consumer<JavalinConfig> extraRoutes) {
        return start(settings, sinks, readiness, meters, clock, System::nanoTime, extraRoutes);
    }

    /** @param ticker monotonic nanoseconds for the rate limiter; tests pass a manual one */
    static IngestServer start(IngestSettings settings, IngestSinks sinks, Readiness readiness, MeterRegistry meters,
                              Clock clock, LongSupplier ticker, Consumer<JavalinConfig> extraRoutes) {
        IngestMetrics metrics = new IngestMetrics(meters);
        Admission admission = new Admission(new ApiKeyAuthenticator(settings.apiKeyHashes()),
                new TenantRateLimiter(settings.rateLimit(), ticker), metrics);
        InteractionValidator interactionValidator =
                new InteractionValidator(settings.itemLimits(), clock, sinks.edge());
        ItemsHandler<Interaction> interactions = new ItemsHandler<>(settings, admission, sinks.publisher(), metrics,
                new ItemsHandler.Kind<>("interactions", IngestMetrics.INTERACTION, List.of("interactionId"),
                        sinks.interactions(), (json, tenant) -> {
                            InteractionValidator.Result r = interactionValidator.validate(json, tenant, "http");
                            return new Validated<>(r.interaction(), r.errors(), r.warnings());
                        }, Outgoing::of, (raw, tenant) -> {
                            InteractionValidator.Result r = interactionValidator.validateFast(raw.bytes(),
                                    raw.offset(), raw.length(), tenant, "http");
                            return r == null ? null : new Validated<>(r.interaction(), r.errors(), r.warnings());
                        }));
        FeedbackValidator feedbackValidator = new FeedbackValidator(settings.itemLimits(), clock);
        ItemsHandler<Feedback> feedback = sinks.feedback() == null ? null : new ItemsHandler<>(settings, admission,
                sinks.publisher(), metrics, new ItemsHandler.Kind<>("feedback", IngestMetrics.FEEDBACK,
                        List.of("feedbackId", "interactionId"), sinks.feedback(), feedbackValidator::validate,
                        Outgoing::of, null));
        OtlpTracesHandler otlpTraces = new OtlpTracesHandler(settings, admission, interactionValidator,
                sinks.publisher(), sinks.interactions(), metrics, meters);
        if (settings.devMode()) {
            LOG.warn("No API keys configured: dev mode, no authentication, listening on {} only",
                    IngestSettings.LOOPBACK);
        }
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = settings.bindHost();
            config.jetty.port = settings.port();
            config.jetty.threadPool = threadPool(Runtime.getRuntime().availableProcessors());
            // our own bounded reader enforces the limit with a precise 413; keep Jetty's above it
            config.http.maxRequestSize = BodyReader.drainLimit(settings.maxBodyBytes()) + 1024;
            config.routes.post("/v1/interactions", interactions::handle);
            config.routes.post("/v1/traces", otlpTraces::handle);
            if (feedback != null) {
                config.routes.post("/v1/feedback", feedback::handle);
            }
            config.routes.get("/healthz", ctx -> json(ctx, 200, JSON.createObjectNode().put("status", "UP")));
            config.routes.get("/readyz", ctx -> ready(ctx, readiness));
            config.routes.exception(HttpProblem.class, (e, ctx) -> problem(ctx, e));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("Unhandled error on {} {}", ctx.method(), ctx.path(), e);
                problem(ctx, new HttpProblem(500, "internal_error", "internal error: " + e.getClass().getSimpleName()));
            });
            config.routes.error(404, ctx -> {
                if (ctx.result() == null) {
                    problem(ctx, new HttpProblem(404, "not_found", "no endpoint " + ctx.method() + " " + ctx.path()));
                }
            });
            if (extraRoutes != null) {
                extraRoutes.accept(config);
            }
        });
        app.start();
        LOG.info("genaimon HTTP API listening on http://{}:{}", settings.bindHost(), app.port());
        return new IngestServer(app);
    }

    /**
     * Jetty's request threads, sized to the machine: a request spends its time on the CPU (parsing, mapping) or
     * waiting for Kafka's acknowledgement, so a few threads per core keep the cores busy; Javalin's default of 250
     * only adds contention on a small machine.
     */
    static QueuedThreadPool threadPool(int cores) {
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(16, 8 * cores), Math.max(4, cores), 60_000);
        pool.setName("JettyServerThreadPool");
        return pool;
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }

    private static void ready(Context ctx, Readiness readiness) {
        String reason;
        try {
            reason = readiness.notReadyReason();
        } catch (RuntimeException e) {
            reason = "readiness check failed: " + e.getMessage();
        }
        if (reason == null) {
            json(ctx, 200, JSON.createObjectNode().put("status", "READY"));
        } else {
            json(ctx, 503, JSON.createObjectNode().put("status", "NOT_READY").put("reason", reason));
        }
    }

    static void problem(Context ctx, HttpProblem problem) {
        ObjectNode body = JSON.createObjectNode().put("error", problem.code()).put("message", problem.getMessage());
        List<?> details = problem.details();
        if (!details.isEmpty()) {
            body.set("details", JSON.valueToTree(details));
        }
        if (problem.retryAfterSeconds() != null) {
            ctx.header("Retry-After", problem.retryAfterSeconds());
        }
        if (problem.status() == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"genaimon\"");
        }
        json(ctx, problem.status(), body);
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status);
        ctx.contentType("application/json");
        try {
            ctx.result(JSON.writeValueAsBytes(body));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("response not serializable", e);
        }
    }
}
