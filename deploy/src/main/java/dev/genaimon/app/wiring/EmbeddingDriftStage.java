package dev.genaimon.app.wiring;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.evaluators.drift.EmbeddingDrift;
import dev.genaimon.evaluators.quality.embed.SentenceEmbedder;
import dev.genaimon.processors.drift.EmbeddingDriftSettings;
import dev.genaimon.processors.drift.EmbeddingDriftTopology;
import java.time.Clock;
import org.apache.kafka.streams.StreamsBuilder;

/** Wires the embedding-drift stage: settings from the configuration, the bundled MiniLM as the embedder. */
final class EmbeddingDriftStage {

    private EmbeddingDriftStage() {
    }

    static EmbeddingDriftSettings settings(GenaimonConfig config) {
        EmbeddingDrift.Settings d = EmbeddingDrift.Settings.DEFAULTS;
        EmbeddingDrift.Settings statistics = new EmbeddingDrift.Settings(
                config.get(ConfigKeys.DRIFT_EMBEDDING_PERMUTATIONS), d.topics(), d.minTopicShift(),
                config.get(ConfigKeys.DRIFT_EMBEDDING_ALPHA), d.minSamples(), d.seed());
        return new EmbeddingDriftSettings(config.get(ConfigKeys.SEGMENT_DIMENSIONS),
                config.get(ConfigKeys.DRIFT_WINDOW), config.get(ConfigKeys.DRIFT_GRACE),
                config.get(ConfigKeys.DRIFT_EMBEDDING_FIELD), config.get(ConfigKeys.DRIFT_EMBEDDING_SAMPLE_RATE),
                config.get(ConfigKeys.DRIFT_EMBEDDING_SAMPLE_SIZE), 1000, statistics,
                config.get(ConfigKeys.DRIFT_CONSECUTIVE));
    }

    static void build(StreamsBuilder builder, GenaimonConfig config, KafkaConnection kafka, Clock clock) {
        // the model loads on the first closed window that has a reference, not at start-up
        EmbeddingDriftTopology.build(builder, settings(config), kafka.topics(), kafka.serdes(), clock,
                texts -> SentenceEmbedder.minilm().embedAll(texts));
    }
}
