package dev.genaimon.app.wiring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Log Analytics query API on 127.0.0.1 for tests: {@code POST /v1/workspaces/{id}/query} with
 * {@code {"query": ..., "timespan": "start/end"}}, answering {@code {"tables": [{"name", "columns", "rows"}]}} as the
 * documented API does. It understands the query shapes the Azure Monitor source sends: the time bounds, the page
 * cursor ({@code strcmp} on the id column), {@code order by time, id} and {@code take}; it applies the request's
 * timespan as the service does. Rows are added while it runs (late-arriving rows).
 */
final class LocalLogAnalytics implements AutoCloseable {

    /** One workspace row. */
    record Row(Instant time, String id, String app, String model, String tokens) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BOUNDS = Pattern.compile(
            "\\| where TimeGenerated > datetime\\(([^)]+)\\) and TimeGenerated <= datetime\\(([^)]+)\\)");
    private static final Pattern CURSOR = Pattern.compile("\\| where TimeGenerated > datetime\\(([^)]+)\\) or "
            + "\\(TimeGenerated == datetime\\(\\1\\) and strcmp\\(tostring\\(_ItemId\\), \"([^\"]*)\"\\) > 0\\)");
    private static final Pattern TAKE = Pattern.compile("\\| order by TimeGenerated asc, _ItemId asc\\s*\\| take (\\d+)\\s*$");

    private final HttpServer server;
    private final String workspaceId;
    private final List<Row> rows = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final AtomicInteger failRequest = new AtomicInteger(-1);
    private final List<String> problems = new CopyOnWriteArrayList<>();

    LocalLogAnalytics(String workspaceId) throws IOException {
        this.workspaceId = workspaceId;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The endpoint to give the client (the SDK appends /workspaces/{id}/query). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    void add(List<Row> more) {
        rows.addAll(more);
    }

    int requests() {
        return requests.get();
    }

    /** The request with this number (1-based, counting from now on) answers 400 BadArgumentError once. */
    void failRequest(int number) {
        failRequest.set(requests.get() + number);
    }

    /** Requests the server could not understand; a test asserts there are none. */
    List<String> problems() {
        return problems;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            int number = requests.incrementAndGet();
            String path = exchange.getRequestURI().getPath();
            if (!"POST".equals(exchange.getRequestMethod())
                    || !path.equals("/v1/workspaces/" + workspaceId + "/query")) {
                problems.add("unexpected " + exchange.getRequestMethod() + " " + path);
                send(exchange, 404, error("PathNotFoundError", "no such path " + path));
                return;
            }
            if (!"Bearer test-token".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                send(exchange, 403, error("InsufficientAccessError", "missing bearer token"));
                return;
            }
            if (failRequest.compareAndSet(number, -1)) {
                send(exchange, 400, error("BadArgumentError", "injected failure of request " + number));
                return;
            }
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            String query = body.path("query").asText();
            Matcher bounds = BOUNDS.matcher(query);
            Matcher take = TAKE.matcher(query);
            if (!bounds.find() || !take.find()) {
                problems.add("query without time bounds or take: " + query);
                send(exchange, 400, error("SemanticError", "unsupported query"));
                return;
            }
            Instant after = Instant.parse(bounds.group(1));
            Instant until = Instant.parse(bounds.group(2));
            String[] timespan = body.path("timespan").asText("").split("/");
            if (timespan.length != 2) {
                problems.add("no timespan in " + body);
                send(exchange, 400, error("BadArgumentError", "timespan"));
                return;
            }
            Instant spanStart = java.time.OffsetDateTime.parse(timespan[0]).toInstant();
            Instant spanEnd = java.time.OffsetDateTime.parse(timespan[1]).toInstant();
            Matcher cursor = CURSOR.matcher(query);
            Instant cursorTime = cursor.find() ? Instant.parse(cursor.group(1)) : null;
            String cursorId = cursorTime == null ? null : cursor.group(2);
            List<Row> page = rows.stream()
                    .filter(r -> r.time().isAfter(after) && !r.time().isAfter(until))
                    .filter(r -> !r.time().isBefore(spanStart) && r.time().isBefore(spanEnd))
                    .filter(r -> cursorTime == null || r.time().isAfter(cursorTime)
                            || (r.time().equals(cursorTime) && r.id().compareTo(cursorId) > 0))
                    .sorted(Comparator.comparing(Row::time).thenComparing(Row::id))
                    .limit(Integer.parseInt(take.group(1)))
                    .toList();
            send(exchange, 200, table(page));
        } catch (RuntimeException e) {
            problems.add(e.toString());
            throw e;
        }
    }

    private static String table(List<Row> page) {
        ObjectNode result = JSON.createObjectNode();
        ObjectNode table = result.putArray("tables").addObject();
        table.put("name", "PrimaryResult");
        ArrayNode columns = table.putArray("columns");
        String[][] types = {{"TimeGenerated", "datetime"}, {"_ItemId", "string"}, {"AppRoleName", "string"},
                {"Model", "string"}, {"InputTokens", "string"}};
        for (String[] column : types) {
            columns.addObject().put("name", column[0]).put("type", column[1]);
        }
        ArrayNode out = table.putArray("rows");
        for (Row row : page) {
            ArrayNode values = out.addArray().add(row.time().toString()).add(row.id()).add(row.app()).add(row.model());
            if (row.tokens() == null) {
                values.addNull();
            } else {
                values.add(row.tokens());
            }
        }
        return result.toString();
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
        exchange.getResponseBody().write(bytes);
    }

    List<Row> rows() {
        return new ArrayList<>(rows);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
