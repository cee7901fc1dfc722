package dev.genaimon.app.dashboard;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The built-in dashboard: static files from the jar ({@code /dashboard/...} resources), no CDN. The page itself holds
 * no data; it calls the query API, which enforces API keys when they are configured (the page asks for a key on 401).
 */
public final class DashboardRoutes {

    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "charts.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private DashboardRoutes() {
    }

    public static void register(JavalinConfig config) {
        config.routes.addEndpoint(Endpoint.create(HandlerType.GET, "/").handler(ctx -> serve(ctx, "index.html")));
        config.routes.addEndpoint(Endpoint.create(HandlerType.GET, "/dashboard/{file}")
                .handler(ctx -> serve(ctx, ctx.pathParam("file"))));
    }

    private static void serve(Context ctx, String file) throws IOException {
        String type = FILES.get(file);
        if (type == null) {
            ctx.status(404).contentType("text/plain").result("no dashboard file " + file);
            return;
        }
        try (InputStream in = DashboardRoutes.class.getResourceAsStream("/dashboard/" + file)) {
            if (in == null) {
                ctx.status(500).contentType("text/plain").result("dashboard file missing from the jar: " + file);
                return;
            }
            ctx.header("Cache-Control", "no-cache").contentType(type).result(in.readAllBytes());
        }
    }
}
