package dev.genaimon.app.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.genaimon.alerting.notify.NotifySettings;
import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyStageTest {

    @TempDir
    Path dir;

    private static GenaimonConfig config(Map<String, String> overrides) {
        return GenaimonConfig.load(null, Map.of(), new Properties(), overrides);
    }

    @Test
    void shouldUseTheBundledLogOnlyRoutingByDefault() {
        NotifySettings settings = NotifyStage.settings(config(Map.of()), Clock.systemUTC());
        assertThat(settings.routing().receivers()).containsOnlyKeys("log");
        assertThat(settings.routing().root().groupWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.routing().inhibitRules()).hasSize(1);
        assertThat(settings.retry().maxAge()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void shouldRejectABadRoutingFileAtStartupWithFileLineAndReason() throws Exception {
        Path file = dir.resolve("routing.yaml");
        Files.writeString(file, """
                route:
                  receiver: pager
                receivers:
                  - name: pager
                    pagerduty_configs: [{routing_key: tooshort}]
                """);
        assertThatThrownBy(() -> NotifyStage.settings(config(Map.of(ConfigKeys.NOTIFY_ROUTING_FILE.name(),
                file.toString())), Clock.systemUTC()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
                        "notify.routing-file: " + file + ":5: pagerduty receiver 'pager': routing_key must be the"
                                + " 32-character integration key, got 8 characters"));
    }

    @Test
    void shouldReadTheRetryBudget() {
        NotifySettings settings = NotifyStage.settings(config(Map.of(ConfigKeys.NOTIFY_RETRY_ATTEMPTS.name(), "7",
                ConfigKeys.NOTIFY_RETRY_AGE.name(), "2h")), Clock.systemUTC());
        assertThat(settings.retry().maxAttempts()).isEqualTo(7);
        assertThat(settings.retry().maxAge()).isEqualTo(Duration.ofHours(2));
    }
}
