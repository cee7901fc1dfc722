package dev.genaimon.app.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The benchmark's HTTP load generator: {@code connections} threads, each with one keep-alive HTTP/1.1 connection,
 * POST the request bodies in turn and wait for each answer, like wrk or a fleet of services with one request in
 * flight per connection. It costs about a tenth of {@code java.net.http.HttpClient}'s CPU per request (that client's
 * reactive pipeline was 3–4 µs per interaction, 10 % of the benchmark process, and its code kept the JIT compiler
 * busy during the timed passes); on a two-core machine the load generator's CPU is taken from the server it measures.
 * Each request is written from bytes prepared before the pass, so a pass measures the server, not the client.
 */
final class LoadClient implements AutoCloseable {

    /** What a pass sent: items the server accepted, and each request's latency in milliseconds. */
    record Sent(int accepted, long[] latencies) {
    }

    /**
     * A connection unused for longer than this is opened again before a request: Jetty closes idle connections
     * after 30 s by default, and the raw producer's passes and the JIT pauses between ingest passes can be longer.
     */
    static final long IDLE_RECONNECT_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(20);

    private final InetSocketAddress server;
    private final String path;
    private final String contentType;
    private final ExecutorService threads;
    private final int connections;
    private final Connection[] open;
    private final java.util.function.LongSupplier ticker;

    LoadClient(InetSocketAddress server, String path, String contentType, int connections) {
        this(server, path, contentType, connections, System::nanoTime);
    }

    /** @param ticker monotonic nanoseconds for the idle check; tests pass a manual one */
    LoadClient(InetSocketAddress server, String path, String contentType, int connections,
               java.util.function.LongSupplier ticker) {
        this.ticker = ticker;
        this.server = server;
        this.path = path;
        this.contentType = contentType;
        this.connections = connections;
        this.open = new Connection[connections];
        this.threads = Executors.newFixedThreadPool(connections, Bench.named("bench-http-client"));
    }

    /** Prepared requests: the head and body of each POST, built once before the timed pass. */
    List<byte[]> requests(List<byte[]> bodies) {
        List<byte[]> requests = new ArrayList<>(bodies.size());
        for (byte[] body : bodies) {
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + server.getHostString() + ":" + server.getPort()
                    + "\r\nContent-Type: " + contentType + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            byte[] request = new byte[head.length + body.length];
            System.arraycopy(head, 0, request, 0, head.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            requests.add(request);
        }
        return requests;
    }

    /**
     * Sends every request once, {@code connections} at a time, and waits for all answers.
     *
     * @throws IllegalStateException when the server answers anything but 202
     */
    Sent send(List<byte[]> requests) throws Exception {
        long[] latencies = new long[requests.size()];
        AtomicInteger next = new AtomicInteger();
        List<Future<Integer>> workers = new ArrayList<>(connections);
        for (int c = 0; c < connections; c++) {
            int slot = c;
            workers.add(threads.submit(() -> {
                int accepted = 0;
                for (int i = next.getAndIncrement(); i < requests.size(); i = next.getAndIncrement()) {
                    long sent = System.nanoTime();
                    accepted += exchange(slot, requests.get(i));
                    latencies[i] = (System.nanoTime() - sent) / 1_000_000;
                }
                return accepted;
            }));
        }
        int accepted = 0;
        for (Future<Integer> worker : workers) {
            accepted += worker.get();
        }
        return new Sent(accepted, latencies);
    }

    /** One request on the slot's connection (opened again if the server closed it); the items it accepted. */
    private int exchange(int slot, byte[] request) throws IOException {
        Connection connection = open[slot];
        long now = ticker.getAsLong();
        if (connection != null && !connection.closed && now - connection.lastUsed > IDLE_RECONNECT_NANOS) {
            connection.close(); // the server may have closed it already
        }
        if (connection == null || connection.closed) {
            connection = new Connection(server);
            open[slot] = connection;
        }
        Response response = connection.exchange(request);
        connection.lastUsed = ticker.getAsLong();
        if (response.status != 202) {
            throw new IllegalStateException("ingest answered " + response.status + ": "
                    + new String(response.body, StandardCharsets.UTF_8));
        }
        return accepted(response.body);
    }

    /** The {@code accepted} count of ingest's answer, read without a JSON parser. */
    static int accepted(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        int at = text.indexOf("\"accepted\":");
        if (at < 0) {
            throw new IllegalStateException("no accepted count in the answer: " + text);
        }
        int i = at + "\"accepted\":".length();
        while (text.charAt(i) == ' ') {
            i++;
        }
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        return Integer.parseInt(text.substring(i, end));
    }

    @Override
    public void close() {
        threads.shutdownNow();
        for (Connection connection : open) {
            if (connection != null) {
                connection.close();
            }
        }
    }

    private record Response(int status, byte[] body) {
    }

    /** One keep-alive HTTP/1.1 connection. */
    private static final class Connection {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;
        boolean closed;
        long lastUsed;

        Connection(InetSocketAddress server) throws IOException {
            socket = new Socket();
            socket.setTcpNoDelay(true);
            socket.connect(server, 5_000);
            socket.setSoTimeout(120_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
        }

        Response exchange(byte[] request) throws IOException {
            try {
                out.write(request);
                out.flush();
            } catch (IOException e) {
                close();
                throw e;
            }
            String statusLine = line();
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                close();
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            int length = -1;
            boolean chunked = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                String name = colon < 0 ? header : header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = colon < 0 ? "" : header.substring(colon + 1).trim();
                if (name.equals("content-length")) {
                    length = Integer.parseInt(value);
                } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                    chunked = true;
                } else if (name.equals("connection") && value.equalsIgnoreCase("close")) {
                    closed = true;
                }
            }
            byte[] body;
            if (chunked) {
                body = chunkedBody();
            } else if (length >= 0) {
                body = in.readNBytes(length);
                if (body.length < length) {
                    close();
                    throw new IOException("connection closed after " + body.length + " of " + length + " bytes");
                }
            } else {
                body = in.readAllBytes(); // no length: the body ends with the connection
                closed = true;
            }
            if (closed) {
                close();
            }
            return new Response(status, body);
        }

        private byte[] chunkedBody() throws IOException {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                String size = line();
                int semicolon = size.indexOf(';');
                int chunk = Integer.parseInt((semicolon < 0 ? size : size.substring(0, semicolon)).trim(), 16);
                if (chunk == 0) {
                    while (!line().isEmpty()) {
                        // trailers, ignored
                    }
                    return body.toByteArray();
                }
                byte[] bytes = in.readNBytes(chunk);
                if (bytes.length < chunk) {
                    throw new IOException("connection closed inside a chunk");
                }
                body.write(bytes);
                line(); // the CRLF after the chunk
            }
        }

        /** A header line without its CRLF. */
        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    close();
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    line.append((char) b);
                }
            }
            return line.toString();
        }

        void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
