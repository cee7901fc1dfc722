package dev.genaimon.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.genaimon.app.config.ConfigKeys;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PipelineBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aGroupHasCaughtUpFromTheSampleAfterWhichItsLagStaysZero() {
        ArrayNode samples = JSON.createArrayNode();
        long[][] lags = {{-1, -1}, {500, 0}, {0, 40}, {30, 0}, {0, 0}, {0, 0}}; // {enrich, drift}
        for (int i = 0; i < lags.length; i++) {
            var sample = samples.addObject().put("t_s", (double) i);
            sample.putObject("lag").put("enrich", lags[i][0]).put("drift", lags[i][1]);
        }
        var caughtUp = PipelineBench.caughtUp(samples, List.of("enrich", "drift", "absent"), 0.5);
        assertThat(caughtUp.get("enrich").asDouble()).isEqualTo(4.5); // the zero at t=2 did not last
        assertThat(caughtUp.get("drift").asDouble()).isEqualTo(3.5);
        assertThat(caughtUp.get("absent").asDouble()).isEqualTo(-1);
    }

    @Test
    void fullTurnsOnEveryStageAndNoNotifier() {
        Map<String, String> full = PipelineBench.overrides(Set.of("full"), Duration.ofSeconds(10), Duration.ofSeconds(2));
        for (var key : List.of(ConfigKeys.ENRICH_ENABLED, ConfigKeys.DRIFT_ENABLED, ConfigKeys.OPS_ENABLED,
                ConfigKeys.EVAL_ENABLED, ConfigKeys.EVAL_WORKER_ENABLED, ConfigKeys.ALERTING_ENABLED)) {
            assertThat(full).containsEntry(key.name(), "true");
        }
        assertThat(full).containsEntry(ConfigKeys.NOTIFY_ENABLED.name(), "false")
                .containsEntry(ConfigKeys.SIGNAL_WINDOW.name(), "10000ms")
                .containsEntry(ConfigKeys.SIGNAL_GRACE.name(), "2000ms");

        Map<String, String> some = PipelineBench.overrides(Set.of("metrics", "alerting"), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        assertThat(some).containsEntry(ConfigKeys.OPS_ENABLED.name(), "true")
                .containsEntry(ConfigKeys.ALERTING_ENABLED.name(), "true")
                .containsEntry(ConfigKeys.DRIFT_ENABLED.name(), "false")
                .containsEntry(ConfigKeys.EVAL_ENABLED.name(), "false");
    }

    @Test
    void benchOptionsKnowWhichStagesNeedTheFullPipeline() {
        assertThat(new Bench.Options(10, 2048, Set.of("ingest", "enrich"), 2).pipeline()).isFalse();
        assertThat(new Bench.Options(10, 2048, Set.of("eval"), 2).pipeline()).isTrue();
        assertThat(new Bench.Options(10, 2048, Set.of("full"), 2).pipeline()).isTrue();
    }
}
