package dev.genaimon.app.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * JUnit 5 extension: one real embedded Kafka broker per test JVM, started by the first test class that asks for it
 * and stopped when the JVM's tests are done; its log directory is deleted then. Use with
 * {@code @ExtendWith(SharedKafka.class)} and {@link #bootstrapServers()}.
 */
public final class SharedKafka implements BeforeAllCallback {

    private static final String KEY = SharedKafka.class.getName();
    private static volatile EmbeddedKafka broker;

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        synchronized (SharedKafka.class) {
            if (broker == null) {
                Path dir = Files.createTempDirectory("genaimon-it-kafka-");
                long start = System.nanoTime();
                EmbeddedKafka started = EmbeddedKafka.start(dir, 0);
                System.out.printf("[SharedKafka] broker %s ready in %d ms%n", started.bootstrapServers(),
                        (System.nanoTime() - start) / 1_000_000);
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(KEY,
                        (AutoCloseable) () -> {
                            started.close();
                            broker = null;
                            deleteRecursively(dir); // ~1 GB of logs per test JVM; they piled up in /tmp
                        });
                broker = started;
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    public static EmbeddedKafka broker() {
        if (broker == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SharedKafka.class)");
        }
        return broker;
    }

    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }
}
