package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.genaimon.app.config.GenaimonConfig;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class StreamsAppTest {

    @Test
    void shouldCountAThreadDeathAndStopTheStage() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Counter deaths = Counter.builder("genaimon.streams.thread.deaths").tag("stage", "view").register(registry);

        StreamThreadExceptionResponse response = StreamsApp.deathHandler("view", deaths)
                .handle(new IllegalStateException("broker fenced us"));

        assertThat(response).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(registry.get("genaimon.streams.thread.deaths").tag("stage", "view").counter().count())
                .isEqualTo(1.0);
    }

    @Test
    void exactlyOnceProducersGetTheConfiguredTransactionTimeoutInsteadOfStreamsTenSeconds() {
        KafkaConnection kafka = new KafkaConnection("127.0.0.1:9092", GenaimonConfig.defaults());
        StreamsConfig defaults = new StreamsConfig(StreamsApp.properties("enrich", GenaimonConfig.defaults(), kafka));
        assertThat(defaults.getProducerConfigs("c")).containsEntry("transaction.timeout.ms", 60_000);

        GenaimonConfig shorter = GenaimonConfig.load(null, Map.of(), new Properties(),
                Map.of("streams.transaction-timeout", "15s"));
        StreamsConfig configured = new StreamsConfig(StreamsApp.properties("enrich", shorter, kafka));
        assertThat(configured.getProducerConfigs("c")).containsEntry("transaction.timeout.ms", 15_000);
    }
}
