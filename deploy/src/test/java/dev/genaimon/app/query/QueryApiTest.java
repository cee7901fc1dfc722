package dev.genaimon.app.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.genaimon.ingest.auth.ApiKeyAuthenticator;
import io.javalin.Javalin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The query API's HTTP behaviour that needs no broker: API keys, 503 before the view stage runs, bad parameters. */
class QueryApiTest {

    private static final String KEY = "test-key-123";
    private final HttpClient http = HttpClient.newHttpClient();
    private Javalin app;

    @BeforeEach
    void start() {
        QueryApi api = new QueryApi(() -> null, () -> new HostInfo("127.0.0.1", 1),
                new ApiKeyAuthenticator(Map.of("acme", Set.of(ApiKeyAuthenticator.sha256Hex(KEY)))),
                JsonNodeFactory.instance::objectNode);
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.jetty.host = "127.0.0.1";
            config.jetty.port = 0;
            api.register(config);
        }).start();
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private HttpResponse<String> get(String path, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldRequireTheIngestApiKeysWhenConfigured() throws Exception {
        assertThat(get("/api/v1/alerts", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/alerts", "wrong").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/openapi.json", KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldAnswer503WithRetryAfterUntilTheViewStageRuns() throws Exception {
        HttpResponse<String> response = get("/api/v1/segments/acme/bot/signals", KEY);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).contains("2");
        assertThat(response.body()).contains("not started");
    }

    @Test
    void shouldRejectBadParameters() throws Exception {
        assertThat(get("/api/v1/alerts?state=pending", KEY).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/segments?offset=-1", KEY).body()).contains("offset must be between");
        assertThat(get("/api/v1/segments?limit=ten", KEY).body()).contains("limit must be an integer");
    }
}
