package dev.genaimon.evaluators.safety.azure;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Azure AI Content Safety on 127.0.0.1, per its REST reference: {@code POST /contentsafety/text:analyze?api-version=
 * 2023-10-01} (body {@code text}, {@code categories}, {@code outputType}; answer {@code blocklistsMatch} and
 * {@code categoriesAnalysis} with {@code category} Hate/SelfHarm/Sexual/Violence and {@code severity}) and
 * {@code POST /contentsafety/text:shieldPrompt?api-version=2024-09-01} (body {@code userPrompt}, {@code documents};
 * answer {@code userPromptAnalysis.attackDetected} and {@code documentsAnalysis[].attackDetected}). Authentication by
 * {@code Ocp-Apim-Subscription-Key}; errors as {@code {"error": {"code", "message"}}}.
 *
 * <p>What it "detects" is scripted in the text: {@code [hate:4]} gives Hate severity 4 (any category, any number),
 * {@code [attack]} an attack. Switches make it fail: scripted status answers first, then {@link #failWith} for every
 * request, and {@link #delayMillis} before answering.
 */
final class FakeContentSafetyServer implements AutoCloseable {

    static final String ANALYZE = "/contentsafety/text:analyze";
    static final String SHIELD = "/contentsafety/text:shieldPrompt";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SEVERITY = Pattern.compile("\\[(hate|selfharm|sexual|violence):(\\d)]");

    /** One request as the server saw it. */
    record Seen(String path, String query, String key, JsonNode body) {
    }

    /** A scripted failure: status and headers. */
    record Failure(int status, Map<String, String> headers) {
    }

    private final String key;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Deque<Failure> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private Failure always;
    private volatile long delayMillis;

    FakeContentSafetyServer(String key) throws IOException {
        this.key = key;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The next requests fail with these, one each. */
    synchronized FakeContentSafetyServer then(Failure... failures) {
        script.addAll(List.of(failures));
        return this;
    }

    /** Every request (after the script) fails with this; {@code null} = answer normally. */
    synchronized void failWith(Failure failure) {
        always = failure;
    }

    /** Wait this long (or until close) before answering. */
    void delayMillis(long millis) {
        delayMillis = millis;
    }

    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    synchronized int calls() {
        return seen.size();
    }

    synchronized long calls(String path) {
        return seen.stream().filter(s -> s.path().equals(path)).count();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getQuery();
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody().readAllBytes());
            } catch (IOException e) {
                body = null;
            }
            Failure failure;
            synchronized (this) {
                seen.add(new Seen(path, query, exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"),
                        body));
                failure = script.isEmpty() ? always : script.poll();
            }
            long delay = delayMillis;
            if (delay > 0) {
                try {
                    closing.await(delay, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (failure != null) {
                failure.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
                send(exchange, failure.status(), error(String.valueOf(failure.status()), "scripted failure"));
                return;
            }
            if (!key.equals(exchange.getRequestHeaders().getFirst("Ocp-Apim-Subscription-Key"))) {
                send(exchange, 401, error("401", "Access denied due to invalid subscription key or wrong API "
                        + "endpoint."));
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || body == null) {
                send(exchange, 400, error("InvalidRequestBody", "The request body is invalid."));
                return;
            }
            if (path.equals(ANALYZE) && "api-version=2023-10-01".equals(query) && body.hasNonNull("text")) {
                send(exchange, 200, analyze(body.get("text").asText()));
            } else if (path.equals(SHIELD) && "api-version=2024-09-01".equals(query)) {
                send(exchange, 200, shield(body));
            } else {
                send(exchange, 404, error("NotFound", "Resource not found: " + path + "?" + query));
            }
        }
    }

    private static String analyze(String text) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putArray("blocklistsMatch");
        ArrayNode categories = answer.putArray("categoriesAnalysis");
        for (String category : List.of("Hate", "SelfHarm", "Sexual", "Violence")) {
            int severity = 0;
            Matcher m = SEVERITY.matcher(text.toLowerCase(Locale.ROOT));
            while (m.find()) {
                if (m.group(1).equals(category.toLowerCase(Locale.ROOT))) {
                    severity = Integer.parseInt(m.group(2));
                }
            }
            categories.addObject().put("category", category).put("severity", severity);
        }
        return answer.toString();
    }

    private static String shield(JsonNode body) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("userPromptAnalysis")
                .put("attackDetected", body.path("userPrompt").asText("").contains("[attack]"));
        ArrayNode documents = answer.putArray("documentsAnalysis");
        for (JsonNode document : body.path("documents")) {
            documents.addObject().put("attackDetected", document.asText().contains("[attack]"));
        }
        return answer.toString();
    }

    private static String error(String code, String message) {
        ObjectNode error = JSON.createObjectNode();
        error.putObject("error").put("code", code).put("message", message);
        return error.toString();
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException clientGone) {
            // the client timed out and closed the connection: nothing to answer to
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
