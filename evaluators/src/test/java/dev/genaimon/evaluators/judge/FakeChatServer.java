package dev.genaimon.evaluators.judge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A scripted chat-completions server on 127.0.0.1 speaking both the Azure OpenAI path
 * ({@code POST /openai/deployments/{deployment}/chat/completions?api-version=...}) and the OpenAI-compatible one
 * ({@code POST /v1/chat/completions}). Answers come from a queue, then from a fallback; it counts calls, tokens and
 * calls in flight per tenant (the request's {@code user} field).
 */
final class FakeChatServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One scripted answer. {@code slow} answers wait (up to 10 s, or until close) before answering good. */
    record Answer(int status, Map<String, String> headers, String content, long promptTokens, long completionTokens,
                  boolean slow) {

        static Answer score(int score, String reason) {
            return content("{\"score\": " + score + ", \"reason\": \"" + reason + "\"}", 100, 20);
        }

        static Answer content(String content, long promptTokens, long completionTokens) {
            return new Answer(200, Map.of(), content, promptTokens, completionTokens, false);
        }

        static Answer status(int status, Map<String, String> headers) {
            return new Answer(status, headers, null, 0, 0, false);
        }

        static Answer hanging() {
            return new Answer(200, Map.of(), "{\"score\": 5, \"reason\": \"late\"}", 100, 20, true);
        }
    }

    /** What a request looked like at the server. */
    record Seen(String path, String query, Map<String, String> headers, JsonNode body) {

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Deque<Answer> script = new ArrayDeque<>();
    private final List<Seen> seen = new ArrayList<>();
    private final Map<String, AtomicLong> callsByTenant = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> tokensByTenant = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Object monitor = new Object();
    private Answer fallback = Answer.score(4, "fine");
    private int inFlight;
    private int maxInFlight;
    private long fullGeneration;
    private int holdUntilInFlight;
    private long sawFull;

    FakeChatServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    synchronized FakeChatServer then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    synchronized FakeChatServer otherwise(Answer answer) {
        fallback = answer;
        return this;
    }

    /**
     * Each request is held until {@code n} requests are in flight at once (or 2 s pass), so the test sees whether the
     * client keeps its concurrency limit full without ever exceeding it.
     */
    void holdUntilInFlight(int n) {
        synchronized (monitor) {
            holdUntilInFlight = n;
        }
    }

    synchronized List<Seen> seen() {
        return List.copyOf(seen);
    }

    synchronized int calls() {
        return seen.size();
    }

    long calls(String tenant) {
        AtomicLong calls = callsByTenant.get(tenant);
        return calls == null ? 0 : calls.get();
    }

    long tokens(String tenant) {
        AtomicLong tokens = tokensByTenant.get(tenant);
        return tokens == null ? 0 : tokens.get();
    }

    int maxInFlight() {
        synchronized (monitor) {
            return maxInFlight;
        }
    }

    /** Requests that were in flight together with {@code holdUntilInFlight - 1} others at some moment. */
    long sawFull() {
        synchronized (monitor) {
            return sawFull;
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        enter();
        Reply reply;
        try {
            reply = reply(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reply = new Reply(503, Map.of(), "{}");
        } finally {
            // Leave before answering: once the client has the answer it may send the next request at once, and that
            // one must not be counted together with this one.
            leave();
        }
        try {
            send(exchange, reply.status(), reply.headers(), reply.body());
        } finally {
            exchange.close();
        }
    }

    private record Reply(int status, Map<String, String> headers, String body) {
    }

    private Reply reply(HttpExchange exchange) throws IOException, InterruptedException {
        JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
        Map<String, String> headers = new ConcurrentHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String path = exchange.getRequestURI().getPath();
        Answer answer;
        synchronized (this) {
            seen.add(new Seen(path, exchange.getRequestURI().getQuery(), headers, body));
            answer = script.isEmpty() ? fallback : script.poll();
        }
        if (!"POST".equals(exchange.getRequestMethod()) || !path.endsWith("/chat/completions")) {
            return new Reply(404, Map.of(), "{\"error\":{\"message\":\"no route " + path + "\"}}");
        }
        String tenant = body.path("user").asText("?");
        callsByTenant.computeIfAbsent(tenant, t -> new AtomicLong()).incrementAndGet();
        if (answer.slow()) {
            closing.await(10, TimeUnit.SECONDS);
        }
        if (answer.status() != 200) {
            return new Reply(answer.status(), answer.headers(), "{\"error\":{\"code\":\"" + answer.status()
                    + "\",\"message\":\"scripted failure\"}}");
        }
        tokensByTenant.computeIfAbsent(tenant, t -> new AtomicLong())
                .addAndGet(answer.promptTokens() + answer.completionTokens());
        return new Reply(200, answer.headers(), completion(body.path("model").asText("judge-deployment"), answer));
    }

    private void enter() {
        synchronized (monitor) {
            long arrivedIn = fullGeneration;
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            if (holdUntilInFlight == 0) {
                return;
            }
            if (inFlight >= holdUntilInFlight) {
                fullGeneration++;
                monitor.notifyAll();
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            try {
                while (fullGeneration == arrivedIn && System.nanoTime() < deadline) {
                    monitor.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fullGeneration != arrivedIn) {
                sawFull++;
            }
        }
    }

    private void leave() {
        synchronized (monitor) {
            inFlight--;
        }
    }

    private static String completion(String model, Answer answer) {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test");
        root.put("object", "chat.completion");
        root.put("created", 1_700_000_000L);
        root.put("model", model);
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", answer.content());
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", answer.promptTokens());
        usage.put("completion_tokens", answer.completionTokens());
        usage.put("total_tokens", answer.promptTokens() + answer.completionTokens());
        return root.toString();
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
