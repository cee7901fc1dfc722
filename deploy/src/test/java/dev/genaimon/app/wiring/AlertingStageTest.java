package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.alerting.rules.RuleFile;
import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingStageTest {

    @TempDir
    Path dir;

    private static GenaimonConfig config(Map<String, String> overrides) {
        return GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
    }

    @Test
    void shouldUseTheBundledRulesByDefault() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (RuleFile rules = AlertingStage.rules(config(Map.of()), meters)) {
            assertThat(rules.get().rules()).isNotEmpty();
            assertThat(meters.get("genaimon.alerting.rules").gauge().value())
                    .isEqualTo(rules.get().rules().size());
            assertThat(meters.get("genaimon.alerting.rules.reload.failed").gauge().value()).isZero();
        }
    }

    @Test
    void shouldRefuseToStartWithABadRuleFileNamingFileAndLine() throws Exception {
        Path file = dir.resolve("rules.yaml");
        Files.writeString(file, "rules:\n  - name: X\n    signal: ops.error_rate\n    condition: \"~ 1\"\n");
        assertThatThrownBy(() -> AlertingStage.rules(config(Map.of(ConfigKeys.ALERTING_RULES_FILE.name(),
                file.toString())), new SimpleMeterRegistry()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("alerting.rules-file: rules.yaml:4: rule 'X': bad condition '~ 1'");
    }
}
