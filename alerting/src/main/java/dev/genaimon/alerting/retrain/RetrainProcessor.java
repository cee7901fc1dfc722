package dev.genaimon.alerting.retrain;

import dev.genaimon.alerting.rules.Rule;
import dev.genaimon.alerting.rules.RuleSet;
import dev.genaimon.schemas.avro.AlertEvent;
import dev.genaimon.schemas.avro.Evidence;
import dev.genaimon.schemas.avro.RetrainCause;
import dev.genaimon.schemas.avro.RetrainingTrigger;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Cooldown and hysteresis of one (deployment, cause): a firing alert triggers when no trigger of the cause is
 * outstanding (the cause resolved since the last one: hysteresis) and the cooldown of the last one has passed. Times
 * are the alerts' transition times (event time), so a replay decides the same way.
 */
final class RetrainProcessor implements Processor<String, AlertEvent, String, RetrainingTrigger> {

    private final Supplier<RuleSet> rules;
    private final String deploymentLabel;
    private final Clock clock;
    private ProcessorContext<String, RetrainingTrigger> context;
    private KeyValueStore<String, RetrainCause> causes;

    RetrainProcessor(Supplier<RuleSet> rules, String deploymentLabel, Clock clock) {
        this.rules = rules;
        this.deploymentLabel = deploymentLabel;
        this.clock = clock;
    }

    @Override
    public void init(ProcessorContext<String, RetrainingTrigger> context) {
        this.context = context;
        this.causes = context.getStateStore(RetrainTriggers.CAUSES_STORE);
    }

    @Override
    public void process(Record<String, AlertEvent> record) {
        AlertEvent alert = record.value();
        RetrainCause previous = causes.get(record.key());
        RetrainCause cause = previous == null ? RetrainCause.newBuilder().build()
                : RetrainCause.newBuilder(previous).build();
        List<String> firing = new ArrayList<>(cause.getFiring());
        long at = alert.getTransitionAt().toEpochMilli();
        if ("resolved".equals(alert.getStatus())) {
            firing.remove(alert.getFingerprint());
            cause.setFiring(firing);
            if (firing.isEmpty()) {
                cause.setTriggered(false); // resolved: the next firing may trigger once the cooldown is over
            }
            causes.put(record.key(), cause);
            return;
        }
        if (!firing.contains(alert.getFingerprint())) {
            firing.add(alert.getFingerprint());
        }
        cause.setFiring(firing);
        if (cause.getTriggered() || at < cause.getCooldownUntil()) {
            causes.put(record.key(), cause);
            return;
        }
        Duration cooldown = rules.get().byName(alert.getRule()).map(Rule::retrainCooldown)
                .orElse(Duration.ofHours(24));
        String deployment = Causes.deployment(alert, deploymentLabel);
        String causeName = Causes.cause(alert);
        String id = UUID.nameUUIDFromBytes((record.key() + "@" + at).getBytes(StandardCharsets.UTF_8)).toString();
        cause.setTriggered(true);
        cause.setLastTriggerId(id);
        cause.setLastTriggerAt(at);
        cause.setCooldownUntil(at + cooldown.toMillis());
        causes.put(record.key(), cause);

        Evidence evidence = alert.getEvidence() == null ? Evidence.newBuilder().build()
                : Evidence.newBuilder(alert.getEvidence()).build();
        Instant windowStart = evidence.getWindowStart() == null ? alert.getStartsAt() : evidence.getWindowStart();
        Instant windowEnd = evidence.getWindowEnd() == null ? alert.getTransitionAt() : evidence.getWindowEnd();
        String summary = alert.getAnnotations().getOrDefault("summary", alert.getRule() + " is firing");
        RetrainingTrigger trigger = RetrainingTrigger.newBuilder().setTriggerId(id).setModelDeployment(deployment)
                .setCause(causeName).setReason(summary + " (value " + alert.getValue() + ", since "
                        + alert.getStartsAt() + ")")
                .setRule(alert.getRule()).setAlertFingerprint(alert.getFingerprint()).setSegment(alert.getSegment())
                .setWindowStart(windowStart).setWindowEnd(windowEnd).setEvidence(evidence)
                .setCooldownUntil(Instant.ofEpochMilli(cause.getCooldownUntil())).setCreatedAt(clock.instant()).build();
        context.forward(record.withKey(deployment).withValue(trigger));
    }
}
