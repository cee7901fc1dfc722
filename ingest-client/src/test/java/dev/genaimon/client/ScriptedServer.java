package dev.genaimon.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;

/**
 * A loopback stand-in for genaimon's ingest API that answers from a script (429, 503, dropped connections, slow or
 * blocked answers) and counts, per id, how often an item was accepted.
 */
final class ScriptedServer implements AutoCloseable {

    /** One scripted answer; when the script is empty every request is accepted. */
    sealed interface Answer permits Accept, Status, Drop, Slow, Blocked {
    }

    record Accept() implements Answer {
    }

    /** Answers this status without accepting anything. */
    record Status(int code, String retryAfter) implements Answer {
    }

    /** Closes the connection without an answer: an I/O error for the client. */
    record Drop() implements Answer {
    }

    /** Accepts after a delay. */
    record Slow(long millis) implements Answer {
    }

    /** Accepts once the latch opens. */
    record Blocked(CountDownLatch release) implements Answer {
    }

    /** What one request looked like. */
    record Seen(long atNanos, String path, String contentEncoding, String authorization, int items) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
    final Map<String, AtomicInteger> acceptedById = new ConcurrentHashMap<>();
    final List<Seen> requests = new CopyOnWriteArrayList<>();

    ScriptedServer() throws IOException {
        this(0);
    }

    ScriptedServer(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server.createContext("/v1/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port());
    }

    int port() {
        return server.getAddress().getPort();
    }

    ScriptedServer then(Answer... answers) {
        script.addAll(List.of(answers));
        return this;
    }

    long accepted() {
        return acceptedById.values().stream().mapToLong(AtomicInteger::get).sum();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try {
            List<String> ids = read(exchange);
            String path = exchange.getRequestURI().getPath();
            requests.add(new Seen(System.nanoTime(), path, exchange.getRequestHeaders().getFirst("Content-Encoding"),
                    exchange.getRequestHeaders().getFirst("Authorization"), ids.size()));
            Answer answer = script.poll();
            if (answer instanceof Status s) {
                if (s.retryAfter() != null) {
                    exchange.getResponseHeaders().add("Retry-After", s.retryAfter());
                }
                respond(exchange, s.code(), "{\"error\":\"scripted\",\"message\":\"scripted " + s.code() + "\"}");
            } else if (answer instanceof Drop) {
                return; // no response at all: closing the exchange closes the connection under the client
            } else {
                if (answer instanceof Slow s) {
                    sleep(s.millis());
                } else if (answer instanceof Blocked b) {
                    await(b.release());
                }
                accept(exchange, ids);
            }
        } finally {
            exchange.close();
        }
    }

    private void accept(HttpExchange exchange, List<String> ids) throws IOException {
        ids.forEach(id -> acceptedById.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet());
        respond(exchange, 202, "{\"ids\":" + JSON.writeValueAsString(ids) + ",\"accepted\":" + ids.size() + "}");
    }

    private static List<String> read(HttpExchange exchange) throws IOException {
        InputStream body = exchange.getRequestBody();
        if ("gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))) {
            body = new GZIPInputStream(body);
        }
        List<String> ids = new ArrayList<>();
        boolean feedback = exchange.getRequestURI().getPath().endsWith("/feedback");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = lines.readLine()) != null; ) {
                if (!line.isBlank()) {
                    JsonNode item = JSON.readTree(line);
                    ids.add(feedback ? "feedback:" + item.path("interactionId").asText()
                            : item.path("interactionId").asText());
                }
            }
        }
        return ids;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis); // the scripted slowness of the server, not a test waiting for async work
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
