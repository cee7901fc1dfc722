package dev.genaimon.app.broker;

import dev.genaimon.app.bench.WorkDir;
import java.io.IOException;
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
                WorkDir dir = WorkDir.create("genaimon-it-kafka-"); // ~1 GB of logs per test JVM, deleted at its end
                long start = System.nanoTime();
                EmbeddedKafka started = EmbeddedKafka.start(dir.path(), 0);
                System.out.printf("[SharedKafka] broker %s ready in %d ms%n", started.bootstrapServers(),
                        (System.nanoTime() - start) / 1_000_000);
                context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).put(KEY,
                        (AutoCloseable) () -> {
                            started.close();
                            broker = null;
                            dir.close();
                        });
                broker = started;
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
