package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class StageTuningTest {

    private static GenaimonConfig config(Map<String, String> overrides) {
        return GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
    }

    @Test
    void shouldGiveEnrichTheLatencySettingsAndTheAnalysisStagesTheirOwnByDefault() {
        GenaimonConfig config = config(Map.of());

        assertThat(StageTuning.of("enrich", config)).isEqualTo(new StageTuning(2, Duration.ofMillis(100)));
        assertThat(StageTuning.of("notify", config)).isEqualTo(new StageTuning(2, Duration.ofMillis(100)));
        for (String stage : new String[] {"drift", "drift-embedding", "ops", "alerting", "eval-sampler",
                "eval-aggregates", "feedback-join", "view"}) {
            assertThat(StageTuning.of(stage, config)).as(stage).isEqualTo(new StageTuning(1, Duration.ofSeconds(1)));
        }
    }

    @Test
    void shouldFollowTheConfiguredKeys() {
        GenaimonConfig config = config(Map.of(ConfigKeys.STREAM_THREADS.name(), "4",
                ConfigKeys.COMMIT_INTERVAL.name(), "50ms", ConfigKeys.ANALYSIS_THREADS.name(), "3",
                ConfigKeys.ANALYSIS_COMMIT_INTERVAL.name(), "5s"));

        assertThat(StageTuning.of("enrich", config)).isEqualTo(new StageTuning(4, Duration.ofMillis(50)));
        assertThat(StageTuning.of("ops", config)).isEqualTo(new StageTuning(3, Duration.ofSeconds(5)));
    }

    @Test
    void shouldPutTheStageSettingsAndAShortProducerRetryBackoffIntoTheStreamsProperties() {
        GenaimonConfig config = config(Map.of(ConfigKeys.BOOTSTRAP_SERVERS.name(), "127.0.0.1:9"));
        KafkaConnection kafka = new KafkaConnection("127.0.0.1:9", config);

        Properties enrich = StreamsApp.properties("enrich", config, kafka);
        Properties drift = StreamsApp.properties("drift", config, kafka);

        assertThat(enrich.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(100L);
        assertThat(enrich.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(2);
        assertThat(drift.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)).isEqualTo(1000L);
        assertThat(drift.get(StreamsConfig.NUM_STREAM_THREADS_CONFIG)).isEqualTo(1);
        assertThat(enrich.get("producer.retry.backoff.ms")).isEqualTo(20);
    }
}
