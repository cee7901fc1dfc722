package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import dev.genaimon.processors.eval.EvalSamplerSettings;
import dev.genaimon.processors.eval.worker.EvalWorkerSettings;
import dev.genaimon.processors.feedback.FeedbackJoinSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class EvalStagesTest {

    private static GenaimonConfig config(Map<String, String> overrides) {
        return GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
    }

    @Test
    void shouldMapTheEvalBlockToTheStageSettings() {
        GenaimonConfig config = config(Map.of(ConfigKeys.EVAL_SAMPLER_RATE.name(), "0.2",
                ConfigKeys.EVAL_SAMPLER_MAX_PER_MINUTE.name(), "30",
                ConfigKeys.EVAL_SAMPLER_OVERRIDES.name(), "acme/*/*/*=0.5; acme/bot/*/*=1:0",
                ConfigKeys.EVAL_FEEDBACK_BEFORE.name(), "12h",
                ConfigKeys.EVAL_WORKER_INSTANCE_ID.name(), "w7",
                ConfigKeys.EVAL_WORKER_BATCH_SIZE.name(), "64",
                ConfigKeys.APPLICATION_ID_PREFIX.name(), "gm"));
        EvalSamplerSettings sampler = EvalStages.samplerSettings(config);
        assertThat(sampler.rate()).isEqualTo(0.2);
        assertThat(sampler.maxPerMinute()).isEqualTo(30);
        // most specific first; an override without a cap inherits the global one
        assertThat(sampler.overrides()).extracting(EvalSamplerSettings.SegmentOverride::pattern)
                .containsExactly("acme/bot/*/*", "acme/*/*/*");
        assertThat(sampler.overrides().get(1).maxPerMinute()).isEqualTo(30);
        assertThat(sampler.overrides().get(0).maxPerMinute()).isZero();

        FeedbackJoinSettings feedback = EvalStages.feedbackSettings(config);
        assertThat(feedback.before()).isEqualTo(Duration.ofHours(12));
        assertThat(feedback.after()).isEqualTo(Duration.ofMinutes(5));

        EvalWorkerSettings worker = EvalStages.workerSettings(config);
        assertThat(worker.groupId()).isEqualTo("gm-eval-worker");
        assertThat(worker.transactionalId()).isEqualTo("gm-eval-worker-w7");
        assertThat(worker.batchSize()).isEqualTo(64);
        assertThat(worker.maxPollInterval()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void shouldRefuseBadSamplerAndEvaluatorSettingsAtStartup() {
        assertThatThrownBy(() -> EvalStages.samplerSettings(config(Map.of(
                ConfigKeys.EVAL_SAMPLER_OVERRIDES.name(), "acme/*/*/*"))))
                .hasMessageContaining("expected PATTERN=RATE[:MAX]");
        assertThatThrownBy(() -> EvalStages.samplerSettings(config(Map.of(
                ConfigKeys.EVAL_SAMPLER_SAFETY_BOOST.name(), "0.5"))))
                .hasMessageContaining("boosts must be finite and >= 1");
        assertThatThrownBy(() -> EvalStages.evaluatorSettings(config(Map.of(
                ConfigKeys.EVAL_EVALUATOR_SETTINGS.name(), "groundedness.threshold"))))
                .hasMessageContaining("expected KEY=VALUE");
        assertThat(EvalStages.evaluatorSettings(config(Map.of(ConfigKeys.EVAL_EVALUATOR_SETTINGS.name(),
                "groundedness.threshold=0.7, it_length.delay-ms = 3"))))
                .containsEntry("groundedness.threshold", "0.7").containsEntry("it_length.delay-ms", "3");
    }

    @Test
    void shouldGiveEvaluatorsTheJudgeSectionWithEvalEvaluatorSettingsWinning() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("genaimon-judge", ".yaml");
        try {
            java.nio.file.Files.writeString(file, "judge:\n  endpoint: http://127.0.0.1:9/v1\n  model: m\n"
                    + "eval:\n  evaluator-settings: judge.model=n, groundedness.threshold=0.7\n");
            GenaimonConfig config = GenaimonConfig.load(file, Map.of(), new Properties(), Map.of());
            assertThat(EvalStages.evaluatorSettings(config)).containsExactlyInAnyOrderEntriesOf(Map.of(
                    "judge.endpoint", "http://127.0.0.1:9/v1", "judge.model", "n", "groundedness.threshold", "0.7"));
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
