package dev.genaimon.processors.eval.worker;

import java.time.Duration;

/**
 * Settings of the evaluation worker (configuration keys under {@code eval.worker.}).
 *
 * @param groupId          consumer group of the workers (scales independently of the streams stages)
 * @param transactionalId  this worker's transactional id: stable across restarts of one instance, so a restart
 *                         aborts what the previous run left open at once; unique per instance
 * @param batchSize        most requests per poll and transaction ({@code eval.worker.batch-size}, default 32)
 * @param threads          evaluators run in parallel on this many threads ({@code eval.worker.threads}, default 2)
 * @param pollTimeout      how long an idle poll waits
 * @param maxPollInterval  longest a batch may take to evaluate before the group gives its partitions to another
 *                         worker ({@code eval.worker.max-batch-time}, default 5 min)
 * @param reportInterval   how often the sustainable rate is logged (default 30 s)
 * @param autoOffsetReset  where a new group starts: earliest or latest
 */
public record EvalWorkerSettings(String groupId, String transactionalId, int batchSize, int threads,
                                 Duration pollTimeout, Duration maxPollInterval, Duration reportInterval,
                                 String autoOffsetReset) {

    public EvalWorkerSettings {
        if (groupId == null || groupId.isBlank() || transactionalId == null || transactionalId.isBlank()) {
            throw new IllegalArgumentException("the eval worker needs a group id and a transactional id");
        }
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("eval.worker.batch-size must be in [1, 10000], got " + batchSize);
        }
        if (threads < 1 || threads > 256) {
            throw new IllegalArgumentException("eval.worker.threads must be in [1, 256], got " + threads);
        }
        if (maxPollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("eval.worker.max-batch-time must be at least 1 s");
        }
        if (!autoOffsetReset.equals("earliest") && !autoOffsetReset.equals("latest")) {
            throw new IllegalArgumentException("auto offset reset must be earliest or latest");
        }
    }

    public static EvalWorkerSettings defaults(String groupId, String transactionalId) {
        return new EvalWorkerSettings(groupId, transactionalId, 32, 2, Duration.ofMillis(500),
                Duration.ofMinutes(5), Duration.ofSeconds(30), "earliest");
    }

    public EvalWorkerSettings withBatch(int newBatchSize, int newThreads) {
        return new EvalWorkerSettings(groupId, transactionalId, newBatchSize, newThreads, pollTimeout,
                maxPollInterval, reportInterval, autoOffsetReset);
    }

    public EvalWorkerSettings withTimes(Duration newPollTimeout, Duration newMaxPollInterval, Duration newReport) {
        return new EvalWorkerSettings(groupId, transactionalId, batchSize, threads, newPollTimeout,
                newMaxPollInterval, newReport, autoOffsetReset);
    }

    public EvalWorkerSettings withAutoOffsetReset(String reset) {
        return new EvalWorkerSettings(groupId, transactionalId, batchSize, threads, pollTimeout, maxPollInterval,
                reportInterval, reset);
    }
}
