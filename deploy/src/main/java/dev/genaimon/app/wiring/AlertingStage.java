package dev.genaimon.app.wiring;

import dev.genaimon.alerting.rules.RuleFile;
import dev.genaimon.alerting.rules.RuleValidationException;
import dev.genaimon.alerting.state.AlertSettings;
import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting stage's configuration: the rule file (validated now, so a bad file stops the start with its errors,
 * then watched for changes) and the settings of {@code AlertTopology}.
 */
final class AlertingStage {

    private static final Logger LOG = LoggerFactory.getLogger(AlertingStage.class);

    private AlertingStage() {
    }

    /**
     * The live rules; close it to stop watching the file. Gauges: {@code genaimon.alerting.rules} (active rules) and
     * {@code genaimon.alerting.rules.reload.failed} (1 while the file holds a rejected version).
     */
    static RuleFile rules(GenaimonConfig config, MeterRegistry meters) {
        RuleFile rules = load(config);
        Gauge.builder("genaimon.alerting.rules", rules, r -> r.get().rules().size())
                .description("Active alert rules").register(meters);
        Gauge.builder("genaimon.alerting.rules.reload.failed", rules, r -> r.lastError() == null ? 0 : 1)
                .description("1 when the last change of the rule file was rejected (the previous rules stay active)")
                .register(meters);
        return rules;
    }

    private static RuleFile load(GenaimonConfig config) {
        String file = config.get(ConfigKeys.ALERTING_RULES_FILE).strip();
        if (file.isEmpty()) {
            RuleFile defaults = RuleFile.bundledDefaults();
            LOG.info("Alerting with the bundled default rules ({} rules)", defaults.get().rules().size());
            return defaults;
        }
        try {
            RuleFile rules = RuleFile.load(Path.of(file)).watch(config.get(ConfigKeys.ALERTING_RELOAD_INTERVAL));
            LOG.info("Alerting with {} rule(s) from {}", rules.get().rules().size(), file);
            return rules;
        } catch (RuleValidationException e) {
            throw new ConfigException(e.errors().stream()
                    .map(error -> ConfigKeys.ALERTING_RULES_FILE.name() + ": " + error).toList());
        }
    }

    static AlertSettings settings(GenaimonConfig config, RuleFile rules) {
        return new AlertSettings(rules, config.get(ConfigKeys.ALERTING_ABSENCE_CHECK),
                config.get(ConfigKeys.ALERTING_DEPLOYMENT_LABEL));
    }
}
