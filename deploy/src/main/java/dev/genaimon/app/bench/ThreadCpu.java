package dev.genaimon.app.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time of the live Java threads, grouped by the part of the pipeline they belong to (from the thread names
 * Kafka, Kafka Streams and genaimon give them): one Streams stage's stream threads ({@code enrich/stream}) and its
 * clients' network, heartbeat and state-updater threads ({@code enrich/clients}), the eval worker, the embedded
 * broker, ingest (Jetty and its producer), metrics, the benchmark's own senders and readers, and the rest. What no
 * Java thread accounts for (GC, JIT, RocksDB's native threads) is the process CPU minus the sum.
 */
final class ThreadCpu {

    private static final List<String> BROKER_PREFIXES = List.of("data-plane-", "kafka-scheduler",
            "group-coordinator", "transaction-", "ExpirationReaper", "quorum-controller", "raft-", "kafka-log-cleaner",
            "share-", "persister-", "controller-", "broker-", "LogDirFailureHandler", "kafka-1-", "kafka-0-",
            "network-partition-metadata", "executor-", "ReplicaFetcher", "TxnMarkerSenderThread",
            "kafka-request-handler", "kafka-network-thread");

    private ThreadCpu() {
    }

    /**
     * The part a thread belongs to.
     *
     * @param prefix the stages' application-id prefix ({@code bench}), so {@code bench-enrich-…-StreamThread-1} is
     *               stage {@code enrich}
     * @param stages stage names; the longest matching one wins ({@code drift-embedding} before {@code drift})
     */
    static String role(String thread, String prefix, List<String> stages) {
        List<String> longestFirst = stages.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (String stage : longestFirst) {
            String app = prefix + "-" + stage;
            int at = thread.indexOf(app);
            if (at >= 0 && (thread.length() == at + app.length() || thread.charAt(at + app.length()) == '-')) {
                if (stage.equals("eval-worker")) {
                    return "eval-worker";
                }
                boolean streamThread = at == 0 && thread.matches(".*-StreamThread-\\d+");
                return stage + (streamThread ? "/stream" : "/clients");
            }
        }
        if (thread.startsWith("genaimon-eval")) {
            return "eval-worker";
        }
        if (thread.startsWith("JettyServerThreadPool") || thread.startsWith("qtp")
                || thread.contains("genaimon-ingest")) {
            return "ingest";
        }
        if (thread.startsWith("micrometer") || thread.startsWith("metrics-meter")) {
            return "metrics";
        }
        if (thread.startsWith("bench-") || thread.startsWith("HttpClient")) {
            return "bench-harness";
        }
        for (String broker : BROKER_PREFIXES) {
            if (thread.startsWith(broker)) {
                return "broker";
            }
        }
        return "other";
    }

    /** CPU nanoseconds by role of the threads alive now. */
    static Map<String, Long> snapshot(String prefix, List<String> stages) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byRole = new TreeMap<>();
        for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
            long nanos = threads.getThreadCpuTime(info.getThreadId());
            if (nanos > 0) {
                byRole.merge(role(info.getThreadName(), prefix, stages), nanos, Long::sum);
            }
        }
        return byRole;
    }

    /**
     * Microseconds per event by role between two snapshots, plus {@code gc_jit_native}: the process CPU not in any
     * live Java thread (threads that ended in between are counted there too).
     */
    static Map<String, Long> perEvent(Map<String, Long> before, Map<String, Long> after, long processNanos,
                                      long events) {
        Map<String, Long> result = new TreeMap<>();
        long threadsNanos = 0;
        for (Map.Entry<String, Long> entry : after.entrySet()) {
            long nanos = Math.max(0, entry.getValue() - before.getOrDefault(entry.getKey(), 0L));
            threadsNanos += nanos;
            result.put(entry.getKey(), Math.round(nanos / 1000.0 / events));
        }
        result.put("gc_jit_native", Math.round(Math.max(0, processNanos - threadsNanos) / 1000.0 / events));
        return result;
    }
}
