package dev.genaimon.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.genaimon.schemas.avro.Feedback;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a loopback server speaking the Confluent registry API (the real Apicurio is in the IT). */
class HttpSchemaRegistryClientTest {

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private HttpSchemaRegistryClient client;
    private String registeredSchema;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ccompat/subjects/", this::register);
        server.createContext("/ccompat/schemas/ids/", this::fetch);
        server.start();
        client = new HttpSchemaRegistryClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/ccompat/"));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void shouldRegisterOncePerSubjectAndFetchByIdOnce() {
        int first = client.register("genaimon.feedback.v1-value", Feedback.getClassSchema());
        int second = client.register("genaimon.feedback.v1-value", Feedback.getClassSchema());

        assertThat(first).isEqualTo(7).isEqualTo(second);
        assertThat(requests).containsExactly("POST /ccompat/subjects/genaimon.feedback.v1-value/versions "
                + "application/vnd.schemaregistry.v1+json");
        assertThat(client.schemaById(7)).isEqualTo(Feedback.getClassSchema());
        assertThat(requests).hasSize(1).as("the schema of an id this client registered is cached");
    }

    @Test
    void shouldReportUnknownIdsAsNotFound() {
        assertThatThrownBy(() -> client.schemaById(404))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.notFound()).isTrue());
    }

    private void register(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Content-Type"));
        registeredSchema = new ObjectMapper().readTree(exchange.getRequestBody()).get("schema").asText();
        respond(exchange, 200, "{\"id\":7}");
    }

    private void fetch(HttpExchange exchange) throws IOException {
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
        if (exchange.getRequestURI().getPath().endsWith("/7") && registeredSchema != null) {
            respond(exchange, 200, new ObjectMapper().createObjectNode().put("schema", registeredSchema).toString());
        } else {
            respond(exchange, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
