package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {

    private static final List<String> STAGES = List.of("enrich", "drift", "drift-embedding", "eval-sampler",
            "eval-worker", "view");
    private static final String UUID = "8d6b9cc3-9f28-4008-96a8-60979ef2c71b";

    private static String role(String thread) {
        return ThreadCpu.role(thread, "bench", STAGES);
    }

    @Test
    void shouldTellAStagesStreamThreadsFromItsClientThreads() {
        assertThat(role("bench-enrich-" + UUID + "-StreamThread-2")).isEqualTo("enrich/stream");
        assertThat(role("bench-enrich-" + UUID + "-StateUpdater-1")).isEqualTo("enrich/clients");
        assertThat(role("kafka-producer-network-thread | bench-enrich-" + UUID + "-StreamThread-1-producer"))
                .isEqualTo("enrich/clients");
        assertThat(role("kafka-coordinator-heartbeat-thread | bench-enrich")).isEqualTo("enrich/clients");
    }

    @Test
    void shouldPreferTheLongestStageName() {
        assertThat(role("bench-drift-embedding-" + UUID + "-StreamThread-1")).isEqualTo("drift-embedding/stream");
        assertThat(role("bench-drift-" + UUID + "-StreamThread-1")).isEqualTo("drift/stream");
    }

    @Test
    void shouldNameTheWorkerBrokerIngestAndHarnessThreads() {
        assertThat(role("kafka-producer-network-thread | bench-eval-worker-bench-producer")).isEqualTo("eval-worker");
        assertThat(role("genaimon-eval-1")).isEqualTo("eval-worker");
        assertThat(role("data-plane-kafka-request-handler-3")).isEqualTo("broker");
        assertThat(role("group-coordinator-event-processor-0")).isEqualTo("broker");
        assertThat(role("JettyServerThreadPool-41")).isEqualTo("ingest");
        assertThat(role("kafka-producer-network-thread | genaimon-ingest")).isEqualTo("ingest");
        assertThat(role("bench-reader-genaimon.safety-flags.v1")).isEqualTo("bench-harness");
        assertThat(role("micrometer-kafka-metrics")).isEqualTo("metrics");
        assertThat(role("main")).isEqualTo("other");
    }

    @Test
    void shouldPutTheProcessCpuNoThreadAccountsForIntoGcJitNative() {
        Map<String, Long> before = Map.of("enrich/stream", 1_000_000L, "broker", 0L);
        Map<String, Long> after = Map.of("enrich/stream", 5_000_000L, "broker", 2_000_000L, "view/stream", 1_000_000L);

        Map<String, Long> perEvent = ThreadCpu.perEvent(before, after, 10_000_000L, 10);

        assertThat(perEvent).containsEntry("enrich/stream", 400L).containsEntry("broker", 200L)
                .containsEntry("view/stream", 100L).containsEntry("gc_jit_native", 300L);
    }
}
