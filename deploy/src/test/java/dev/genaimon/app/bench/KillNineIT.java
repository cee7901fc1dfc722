package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.genaimon.app.broker.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Fault 1 at CI size: two processor JVMs run enrich, drift, ops, the eval sampler and aggregates, the eval worker and
 * alerting; one of them is killed with SIGKILL three times while the input is processed and restarted. Every output
 * read with read_committed is exact, and every group committed exactly up to its input's end. Its own broker, not the
 * shared one: the exactness checks read whole topics. {@code -Dchaos.events=N} changes the size.
 */
class KillNineIT {

    /** Under target/, not a temporary directory: the children's logs outlive a failure. */
    private final Path dir = ItDirs.fresh(getClass());

    @Test
    void shouldStayExactWhenAnInstanceIsKilledThreeTimes() throws Exception {
        int events = Integer.getInteger("chaos.events", 5_000);
        PipelineRun.Options options = new PipelineRun.Options(events, 1024, 2, 6, Duration.ofMinutes(5), 0.05,
                "384m");
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), 0)) {
            ObjectNode report = ChaosRun.killNine(options, 3, kafka.bootstrapServers(), dir.resolve("run"),
                    Duration.ofMinutes(10), System.out);
            System.out.println("[KillNineIT] " + report);
            assertThat(report.get("kill_log")).hasSize(3);
            assertThat(report.get("caught_up").asBoolean()).as("pipeline caught up; children's logs in %s",
                    dir.resolve("run")).isTrue();
            assertThat(report.get("verdict").get("ok").asBoolean()).as(report.get("verdict").toPrettyString())
                    .isTrue();
        }
    }
}
