package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadClientTest {

    private HttpServer server;
    private final Set<String> bodies = ConcurrentHashMap.newKeySet();
    private final Set<InetSocketAddress> peers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    /** A loopback server answering each POST with {"accepted": number of lines}, as ingest does. */
    private InetSocketAddress start(int status, boolean chunked, boolean close) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/v1/interactions", exchange -> {
            requests.incrementAndGet();
            peers.add(exchange.getRemoteAddress());
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            bodies.add(body);
            byte[] answer = ("{\"ids\":[],\"accepted\": " + body.lines().count() + "}").getBytes(StandardCharsets.UTF_8);
            if (close) {
                exchange.getResponseHeaders().add("Connection", "close");
            }
            exchange.sendResponseHeaders(status, chunked ? 0 : answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
        return server.getAddress();
    }

    private static List<byte[]> ndjson(int requests, int linesEach) {
        List<byte[]> bodies = new ArrayList<>();
        for (int r = 0; r < requests; r++) {
            StringBuilder body = new StringBuilder();
            for (int l = 0; l < linesEach; l++) {
                body.append("{\"interactionId\":\"r").append(r).append("-").append(l).append("\"}\n");
            }
            bodies.add(body.toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    @Test
    void shouldSendEveryBodyOnceOverKeepAliveConnectionsAndSumTheAcceptedCounts() throws Exception {
        InetSocketAddress address = start(202, false, false);
        try (LoadClient client = new LoadClient(address, "/v1/interactions", "application/x-ndjson", 3)) {
            LoadClient.Sent sent = client.send(client.requests(ndjson(30, 4)));

            assertThat(sent.accepted()).isEqualTo(120);
            assertThat(sent.latencies()).hasSize(30);
        }
        assertThat(requests).hasValue(30);
        assertThat(bodies).hasSize(30).allSatisfy(body -> assertThat(body.lines()).hasSize(4));
        assertThat(peers).as("one connection per client thread, kept alive").hasSizeLessThanOrEqualTo(3);
    }

    @Test
    void shouldReadChunkedAnswersAndReconnectWhenTheServerClosesTheConnection() throws Exception {
        InetSocketAddress address = start(202, true, true);
        try (LoadClient client = new LoadClient(address, "/v1/interactions", "application/x-ndjson", 2)) {
            LoadClient.Sent sent = client.send(client.requests(ndjson(10, 2)));

            assertThat(sent.accepted()).isEqualTo(20);
        }
        assertThat(peers).as("a new connection after every Connection: close").hasSize(10);
    }

    @Test
    void shouldFailThePassWhenTheServerAnswersAnythingButAccepted() throws Exception {
        InetSocketAddress address = start(400, false, false);
        try (LoadClient client = new LoadClient(address, "/v1/interactions", "application/x-ndjson", 1)) {
            List<byte[]> requests = client.requests(ndjson(1, 1));

            assertThatThrownBy(() -> client.send(requests)).isInstanceOf(ExecutionException.class)
                    .hasMessageContaining("ingest answered 400");
        }
    }

    @Test
    void shouldOpenAConnectionAgainWhenItWasIdleLongerThanTheServerKeepsIt() throws Exception {
        // a server that answers one request per connection and then drops it without saying so, as Jetty does
        // with a keep-alive connection idle for 30 s
        AtomicInteger connections = new AtomicInteger();
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 50,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (java.net.Socket socket = listener.accept()) {
                        connections.incrementAndGet();
                        answerOneRequest(socket);
                    } catch (IOException e) {
                        return; // listener closed
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long[] now = {0};
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", listener.getLocalPort());
            try (LoadClient client = new LoadClient(address, "/v1/interactions", "application/x-ndjson", 1,
                    () -> now[0])) {
                List<byte[]> requests = client.requests(ndjson(1, 3));
                assertThat(client.send(requests).accepted()).isEqualTo(3);

                now[0] += LoadClient.IDLE_RECONNECT_NANOS + 1;

                assertThat(client.send(requests).accepted()).as("sent on a new connection").isEqualTo(3);
            }
        }
        assertThat(connections).hasValue(2);
    }

    /** Reads one POST (headers and Content-Length body) and answers 202 with the number of lines, keep-alive. */
    private static void answerOneRequest(java.net.Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            head.append((char) b);
        }
        int length = 0;
        for (String line : head.toString().split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
        byte[] answer = ("{\"accepted\":" + body.lines().count() + "}").getBytes(StandardCharsets.UTF_8);
        OutputStream out = socket.getOutputStream();
        out.write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: " + answer.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(answer);
        out.flush();
    }

    @Test
    void shouldReadTheAcceptedCountWhateverTheSpacing() {
        assertThat(LoadClient.accepted("{\"ids\":[\"a\"],\"accepted\":200}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(200);
        assertThat(LoadClient.accepted("{\"accepted\":  7, \"warnings\":[]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(7);
        assertThatThrownBy(() -> LoadClient.accepted("{\"error\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("no accepted count");
    }
}
