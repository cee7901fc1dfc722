package dev.genaimon.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A small client for the Confluent Schema Registry REST API ({@code POST /subjects/{s}/versions},
 * {@code GET /schemas/ids/{id}}). Works with Confluent Schema Registry, Karapace, Redpanda and Apicurio's
 * {@code /apis/ccompat/v7}: the base URL includes that path prefix.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final Duration timeout;
    private final String authorization;
    private final HttpClient http;
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /**
     * @param baseUrl  e.g. {@code http://registry:8081} or {@code http://apicurio:8080/apis/ccompat/v7}
     * @param timeout  per request
     * @param username basic-auth user, or null
     * @param password basic-auth password, or null
     */
    public HttpSchemaRegistryClient(URI baseUrl, Duration timeout, String username, String password) {
        String url = baseUrl.toString();
        this.baseUrl = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        this.timeout = timeout;
        this.authorization = username == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + (password == null ? "" : password)).getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    public HttpSchemaRegistryClient(URI baseUrl) {
        this(baseUrl, Duration.ofSeconds(10), null, null);
    }

    @Override
    public int register(String subject, Schema schema) {
        String schemaJson = schema.toString();
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\n' + schemaJson, key -> {
            String body = JSON.createObjectNode().put("schemaType", "AVRO").put("schema", schemaJson).toString();
            JsonNode answer = send(request("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
            int id = answer.path("id").asInt(-1);
            if (id < 0) {
                throw new SchemaRegistryException("registry answered without an id: " + answer, 200, null);
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, key -> {
            JsonNode answer = send(request("/schemas/ids/" + key).GET().build());
            String type = answer.path("schemaType").asText("AVRO");
            if (!"AVRO".equalsIgnoreCase(type)) {
                throw new SchemaRegistryException("schema id " + key + " is " + type + ", not AVRO", 200, null);
            }
            return new Schema.Parser().parse(answer.path("schema").asText());
        });
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder;
    }

    private JsonNode send(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry " + baseUrl + " unreachable: " + e, -1, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry", -1, e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException(request.method() + " " + request.uri() + " answered "
                    + response.statusCode() + ": " + abbreviate(response.body()), response.statusCode(), null);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry answered invalid JSON: " + abbreviate(response.body()),
                    response.statusCode(), e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }
}
