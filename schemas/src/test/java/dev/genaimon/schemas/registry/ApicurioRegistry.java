package dev.genaimon.schemas.registry;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry (in-memory storage) in a child JVM on 127.0.0.1 and a free port. The distribution is
 * unpacked from Maven Central by the schemas module's build (maven-dependency-plugin, pre-integration-test) into the
 * directory named by the {@code apicurio.home} system property.
 */
final class ApicurioRegistry implements AutoCloseable {

    private final Process process;
    private final URI ccompatUrl;
    private final Path log;

    private ApicurioRegistry(Process process, URI ccompatUrl, Path log) {
        this.process = process;
        this.ccompatUrl = ccompatUrl;
        this.log = log;
    }

    static ApicurioRegistry start() throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("apicurio.home", "target/apicurio"));
        Path jar;
        try (var files = Files.list(home)) {
            jar = files.filter(p -> p.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no Apicurio runner jar in " + home.toAbsolutePath()
                            + "; run the build with 'mvn verify' so the pre-integration-test phase unpacks it"));
        }
        int port = freePort();
        Path log = Files.createTempFile("apicurio-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx384m", "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + port, "-Dquarkus.log.level=WARN", "-jar", jar.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ApicurioRegistry registry = new ApicurioRegistry(process,
                URI.create("http://127.0.0.1:" + port + "/apis/ccompat/v7"), log);
        registry.awaitReady(Duration.ofSeconds(120));
        return registry;
    }

    URI ccompatUrl() {
        return ccompatUrl;
    }

    private void awaitReady(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        HttpRequest probe = HttpRequest.newBuilder(URI.create(ccompatUrl + "/subjects"))
                .timeout(Duration.ofSeconds(2)).build();
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Apicurio exited with " + process.exitValue() + ":\n"
                        + Files.readString(log));
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250); // polling a child process' port; there is no event to wait on
        }
        close();
        throw new IllegalStateException("Apicurio not ready within " + timeout + ":\n" + Files.readString(log));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
