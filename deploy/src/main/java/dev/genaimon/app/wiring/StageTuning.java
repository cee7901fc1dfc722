package dev.genaimon.app.wiring;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Stream threads and exactly-once commit interval of one Kafka Streams stage. The stages a person waits on
 * ({@link #LATENCY_STAGES}: enrich, whose commit makes a safety flag visible to read_committed readers, and the
 * notifier) use {@code streams.threads} and {@code streams.commit-interval}; the analysis stages (drift, ops metrics,
 * eval, feedback join, alerting, the view), whose results wait for a window to close anyway, use
 * {@code streams.analysis-threads} and {@code streams.analysis-commit-interval}: every commit is a transaction with
 * markers on every partition the thread wrote, so on a small machine fewer threads and a longer interval are most of
 * the pipeline's fixed cost (docs/performance.md, "Full pipeline, latency and alerts").
 */
record StageTuning(int threads, Duration commitInterval) {

    /** Stages whose commit interval is on the path of a latency target. */
    static final Set<String> LATENCY_STAGES = Set.of("enrich", "notify");

    static StageTuning of(String stage, GenaimonConfig config) {
        if (LATENCY_STAGES.contains(stage)) {
            return new StageTuning(config.get(ConfigKeys.STREAM_THREADS), config.get(ConfigKeys.COMMIT_INTERVAL));
        }
        return new StageTuning(config.get(ConfigKeys.ANALYSIS_THREADS),
                config.get(ConfigKeys.ANALYSIS_COMMIT_INTERVAL));
    }
}
