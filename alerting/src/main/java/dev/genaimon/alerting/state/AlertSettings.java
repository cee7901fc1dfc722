package dev.genaimon.alerting.state;

import dev.genaimon.alerting.rules.RuleSet;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Settings of the alerting stage.
 *
 * @param rules                  read for every record, so a rule-file reload applies without a restart
 * @param absenceCheckInterval   wall-clock period of the absence check (and of the clean-up of removed rules)
 * @param deploymentLabel        the alert label naming the model deployment of a retraining trigger
 */
public record AlertSettings(Supplier<RuleSet> rules, Duration absenceCheckInterval, String deploymentLabel) {

    public AlertSettings {
        Objects.requireNonNull(rules, "rules");
        if (absenceCheckInterval.isNegative() || absenceCheckInterval.isZero()) {
            throw new IllegalArgumentException("absenceCheckInterval must be positive");
        }
        if (deploymentLabel == null || deploymentLabel.isBlank()) {
            throw new IllegalArgumentException("deploymentLabel must not be blank");
        }
    }

    public static AlertSettings of(Supplier<RuleSet> rules) {
        return new AlertSettings(rules, Duration.ofSeconds(30), "model");
    }

    public AlertSettings withAbsenceCheckInterval(Duration interval) {
        return new AlertSettings(rules, interval, deploymentLabel);
    }
}
