package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
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
}
