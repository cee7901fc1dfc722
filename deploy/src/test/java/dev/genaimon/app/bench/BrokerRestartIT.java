package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault 2: the broker (its own embedded KRaft broker in this JVM, not the shared one) is stopped while a processor
 * JVM is in the middle of the input, and started again on the same data directory and port. The processor is not
 * touched: it must resume by itself, and every output read with read_committed is exact. {@code -Dchaos.events=N}
 * changes the size.
 */
class BrokerRestartIT {

    /** Under target/, not a temporary directory: the children's logs outlive a failure. */
    private final Path dir = ItDirs.fresh(getClass());

    @Test
    void shouldResumeByItselfAndStayExactAcrossABrokerRestart() throws Exception {
        int events = Integer.getInteger("chaos.events", 5_000) / 2;
        PipelineRun.Options options = new PipelineRun.Options(events, 1024, 1, 6, Duration.ofMinutes(5), 0.05,
                "384m");
        Duration timeout = Duration.ofMinutes(10);
        Path data = dir.resolve("kafka");
        EmbeddedKafka kafka = EmbeddedKafka.start(data, 0);
        int port = kafka.port();
        try (PipelineRun run = new PipelineRun(options, kafka.bootstrapServers(), dir.resolve("run"), System.out)) {
            run.startInstances();
            run.produceUpTo(events / 2);
            run.awaitEnriched(events / 6, timeout);
            long stopped = System.nanoTime();
            kafka.close();
            kafka = null;
            kafka = EmbeddedKafka.start(data, port);
            System.out.printf("[BrokerRestartIT] broker down for %d ms; the processor (pid %d) was not touched%n",
                    (System.nanoTime() - stopped) / 1_000_000, run.child(0).pid());
            run.produceRestAndClosers(timeout);
            boolean done = run.awaitDone(timeout);
            assertThat(run.child(0).isAlive()).as("the processor survived the broker restart").isTrue();
            ExactnessCheck.Verdict verdict = run.stopAndVerify();
            System.out.println("[BrokerRestartIT] " + verdict);
            assertThat(done).as("pipeline caught up after the restart; logs in %s", dir.resolve("run")).isTrue();
            assertThat(verdict.ok()).as(verdict.toString()).isTrue();
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
    }
}
