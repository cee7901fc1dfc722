package dev.genaimon.app.wiring;

import dev.genaimon.alerting.rules.RuleFile;
import dev.genaimon.alerting.rules.RuleValidationException;
import dev.genaimon.alerting.state.AlertSettings;
import dev.genaimon.app.config.ConfigException;
import dev.genaimon.app.config.ConfigKeys;
import dev.genaimon.app.config.GenaimonConfig;
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

    /** The live rules; close it to stop watching the file. */
    static RuleFile rules(GenaimonConfig config) {
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
